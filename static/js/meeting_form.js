// Meeting form: the place is a click on the map; the attendees are picked from a list the
// server filters (by name without diacritics, stage, opinion), a page at a time. The picked
// rows, each with its opinion and concerns, travel in one hidden JSON field (one field per
// row hit Django's 1,000-field limit at ~500 rows); a row's dissent (kept in the minutes)
// goes with its opinion. Text is set with textContent only.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("meeting-config").textContent);
  var picked = new Map();  // land user id -> {opinion, concerns, dissent}
  var shown = [];

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var center = cfg.center.split(",").map(Number);
    var lat = document.querySelector("input[name=place_lat]");
    var lng = document.querySelector("input[name=place_lng]");
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      lat.value = latlng.lat.toFixed(7);
      lng.value = latlng.lng.toFixed(7);
    }
    map.setView(center, 15);
    if (lat.value && lng.value) { place(L.latLng(Number(lat.value), Number(lng.value))); }
    map.on("click", function (e) { place(e.latlng); });
    map.getContainer().setAttribute("data-ready", "1");
  });

  function fresh() { return { opinion: "", concerns: "", dissent: false }; }

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function query(extra) {
    var params = new URLSearchParams();
    var q = document.getElementById("pick-q");
    if (q && q.value.trim()) { params.set("q", q.value.trim()); }
    ["stage", "opinion"].forEach(function (name) {
      var value = document.getElementById("pick-" + name).value;
      if (value) { params.set(name, value); }
    });
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return cfg.candidates + "&" + params.toString();
  }

  function count() {
    document.getElementById("pick-count").textContent = String(picked.size);
  }

  function opinionSelect(row) {
    var select = el("select");
    select.setAttribute("aria-label", row.label);
    select.appendChild(el("option", "—")).value = "";
    cfg.opinions.forEach(function (o) { select.appendChild(el("option", o.label)).value = o.value; });
    select.value = picked.has(row.id) ? picked.get(row.id).opinion : "";
    select.addEventListener("change", function () {
      if (!picked.has(row.id)) { picked.set(row.id, fresh()); }
      picked.get(row.id).opinion = select.value;
      render();
    });
    return select;
  }

  function rowOf(row) {
    var tr = el("tr");
    tr.dataset.id = String(row.id);
    var box = el("input");
    box.type = "checkbox";
    box.checked = picked.has(row.id);
    box.setAttribute("aria-label", row.label);
    box.addEventListener("change", function () {
      if (box.checked) { picked.set(row.id, picked.get(row.id) || fresh()); }
      else { picked.delete(row.id); }
      render();
    });
    var concerns = el("input");
    concerns.maxLength = 2000;
    concerns.value = picked.has(row.id) ? picked.get(row.id).concerns : "";
    concerns.disabled = !picked.has(row.id);
    concerns.addEventListener("input", function () {
      if (picked.has(row.id)) { picked.get(row.id).concerns = concerns.value; }
    });
    var dissent = el("input");
    dissent.type = "checkbox";
    dissent.setAttribute("data-role", "dissent");
    dissent.setAttribute("aria-label", cfg.labels.dissent + ": " + row.label);
    dissent.checked = picked.has(row.id) && picked.get(row.id).dissent;
    dissent.disabled = !(picked.has(row.id) && picked.get(row.id).opinion);
    dissent.addEventListener("change", function () {
      if (picked.has(row.id)) { picked.get(row.id).dissent = dissent.checked; }
    });
    tr.addEventListener("keydown", function (e) {
      if (e.target === concerns) { return; }
      var n = Number(e.key);
      if (n >= 1 && n <= cfg.opinions.length) {
        picked.set(row.id, picked.get(row.id) || fresh());
        picked.get(row.id).opinion = cfg.opinions[n - 1].value;
        e.preventDefault();
        render();
        var again = document.querySelector("tr[data-id='" + row.id + "'] input[type=checkbox]");
        if (again) { again.focus(); }
      }
    });
    [box, el("span", row.label), el("span", cfg.stages[row.stage] || row.stage),
     opinionSelect(row), concerns, dissent].forEach(function (node) {
      var td = el("td");
      td.appendChild(node);
      tr.appendChild(td);
    });
    return tr;
  }

  function render() {
    var body = document.getElementById("pick-rows");
    body.textContent = "";
    if (!shown.length) {
      var empty = el("tr");
      var td = el("td", cfg.labels.none);
      td.colSpan = 6;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    shown.forEach(function (row) { body.appendChild(rowOf(row)); });
    count();
  }

  function load(more) {
    var url = query({ offset: more ? shown.length : 0 });
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (data) {
        shown = more ? shown.concat(data.rows) : data.rows;
        document.getElementById("pick-more").hidden = shown.length >= data.total;
        document.getElementById("pick-total").textContent =
          shown.length + " / " + data.total;
        render();
        document.querySelector("[data-testid=picker]").setAttribute("data-ready", "1");
      });
  }

  var timer = null;
  ["pick-q", "pick-stage", "pick-opinion"].forEach(function (id) {
    var node = document.getElementById(id);
    if (!node) { return; }
    node.addEventListener(node.tagName === "INPUT" ? "input" : "change", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(false); }, 200);
    });
  });
  document.getElementById("pick-more").addEventListener("click", function () { load(true); });
  document.getElementById("pick-all").addEventListener("click", function () {
    fetch(query({ ids: 1 }), { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (data) {
        data.ids.forEach(function (id) {
          if (!picked.has(id)) { picked.set(id, fresh()); }
        });
        render();
      });
  });
  document.getElementById("pick-none").addEventListener("click", function () {
    picked.clear();
    render();
  });
  document.getElementById("bulk-apply").addEventListener("click", function () {
    var value = document.getElementById("bulk-opinion").value;
    picked.forEach(function (state) { state.opinion = value; });
    render();
  });

  var form = document.getElementById("meeting-form");
  form.addEventListener("submit", function (e) {
    if (form.dataset.sent) { e.preventDefault(); return; }  // a double click sends once
    var rows = [];
    picked.forEach(function (state, id) {
      rows.push({
        id: id, opinion: state.opinion, concerns: state.concerns,
        dissent: Boolean(state.opinion && state.dissent)
      });
    });
    document.getElementById("id_attendance").value = JSON.stringify(rows);
    form.dataset.sent = "1";
  });

  // The area's draft is proposed when the meeting is a consultation on it, and taken back
  // (if it is still the proposal) when another kind is chosen; on change only, so that a
  // refused submit comes back with the plan as it was sent.
  var kind = form.querySelector("select[name=kind]");
  var plan = form.querySelector("select[name=plan]");
  if (kind && plan && cfg.plan.proposed) {
    kind.addEventListener("change", function () {
      var proposed = String(cfg.plan.proposed);
      if (cfg.plan.kinds.indexOf(kind.value) >= 0) {
        if (!plan.value) { plan.value = proposed; }
      } else if (plan.value === proposed) {
        plan.value = "";
      }
    });
  }

  // After a refused submit, the page comes back with what was sent: nothing typed is lost.
  var sent = [];
  try { sent = JSON.parse(document.getElementById("id_attendance").value || "[]"); } catch (e) {}
  (Array.isArray(sent) ? sent : []).forEach(function (row) {
    if (row && typeof row.id === "number") {
      picked.set(row.id, {
        opinion: String(row.opinion || ""), concerns: String(row.concerns || ""),
        dissent: row.dissent === true
      });
    }
  });
  load(false);
})();
