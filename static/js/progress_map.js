// Progress map: parcels from vector tiles (Leaflet.VectorGrid, canvas) coloured by stage,
// areas / boundary / meetings as GeoJSON, a legend with live counts, filters, a replay slider.
// A click asks the server for the parcel under it; popups are built with textContent only.
(function () {
  "use strict";
  // The colour ramp comes from the page (the one vocabulary: consultations/rules/vocabulary.py).
  var COLOURS = [];
  var OUTLINE = "#000";
  var STAGE_INDEX = {};

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function daysBetween(a, b) {
    return Math.round((new Date(b + "T00:00:00Z") - new Date(a + "T00:00:00Z")) / 86400000);
  }

  function showDay(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var cfg = JSON.parse(document.getElementById("map-config").textContent);
    cfg.stages.forEach(function (s) { STAGE_INDEX[s.value] = s; COLOURS[s.rank] = s.colour; });
    OUTLINE = cfg.disagreeOutline;
    var form = document.getElementById("map-filters");
    var slider = document.getElementById("f-day");
    var dayLabel = document.getElementById("day-label");
    var errorBox = document.getElementById("map-error");
    var span = Math.max(daysBetween(cfg.firstDay, cfg.today), 0);
    slider.max = String(span);
    slider.value = String(span);

    function query() {
      var params = new URLSearchParams();
      ["stage", "opinion", "area", "commune", "group", "overlay"].forEach(function (name) {
        var value = form.elements[name].value;
        if (value) { params.set(name, value); }
      });
      var index = Number(slider.value);
      if (index < span) { params.set("day", addDays(cfg.firstDay, index)); }
      return params.toString();
    }

    function withQuery(url) {
      var q = query();
      return q ? url + (url.indexOf("?") < 0 ? "?" : "&") + q : url;
    }

    function fail(message) {
      errorBox.hidden = !message;
      errorBox.textContent = message || "";
    }

    function getJSON(url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.error || r.statusText); }
          return body;
        });
      });
    }

    var boundary = L.geoJSON(null, {
      style: { color: "#6a3d9a", weight: 2, fill: false, dashArray: "6 4" }, interactive: false,
    }).addTo(map);
    var areas = L.geoJSON(null, {
      style: function (f) {
        var least = f.properties.least;
        var colour = least ? COLOURS[STAGE_INDEX[least].rank] : "#ffffff";
        var parcelsShown = map.getZoom() >= cfg.minZoom;
        return { color: "#555", weight: 1, fillColor: colour, fillOpacity: parcelsShown ? 0 : 0.6 };
      },
      onEachFeature: function (f, layer) {
        layer.on("click", function (e) {
          if (map.getZoom() >= cfg.minZoom) { return; }
          L.DomEvent.stop(e);
          L.popup().setLatLng(e.latlng).setContent(areaPopup(f.properties)).openOn(map);
        });
      },
    }).addTo(map);
    var meetings = L.geoJSON(null, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: "#000", weight: 1, fillColor: "#fff",
                                        fillOpacity: 0.9 });
      },
      onEachFeature: function (f, layer) {
        var box = el("div", null, "popup-box");
        box.appendChild(el("b", f.properties.place || cfg.labels.meeting));
        var kind = cfg.labels.meetingKinds[f.properties.kind] || f.properties.kind;
        box.appendChild(el("div", showDay(f.properties.day) + " · " + kind +
                                  " · " + f.properties.attendees));
        layer.bindPopup(box);
      },
    }).addTo(map);

    function areaPopup(p) {
      var box = el("div", null, "popup-box");
      box.setAttribute("data-testid", "popup");
      box.appendChild(el("h3", p.code + " – " + p.name));
      var list = el("ul");
      cfg.stages.forEach(function (s) {
        if (p.counts[s.value]) { list.appendChild(el("li", s.label + ": " + p.counts[s.value])); }
      });
      box.appendChild(list);
      return box;
    }

    var parcels = L.vectorGrid.protobuf(withQuery(cfg.tiles + "/{z}/{x}/{y}.pbf"), {
      rendererFactory: L.canvas.tile,
      interactive: false,
      minZoom: cfg.minZoom,
      maxNativeZoom: 18,
      vectorTileLayerStyles: {
        parcels: function (props) {
          return {
            fill: true, fillOpacity: 0.85, fillColor: COLOURS[props.s] || COLOURS[0],
            color: props.d ? OUTLINE : "#333", weight: props.d ? 2 : 0.4,
          };
        },
      },
    }).addTo(map);

    function refresh(first) {
      var index = Number(slider.value);
      dayLabel.textContent = index < span ? showDay(addDays(cfg.firstDay, index)) : "";
      getJSON(withQuery(cfg.layers)).then(function (data) {
        fail("");
        boundary.clearLayers().addData(data.boundary);
        areas.clearLayers().addData(data.areas);
        meetings.clearLayers().addData(data.meetings);
        if (first) { map.fitBounds(boundary.getBounds()); }
        parcels.setUrl(withQuery(cfg.tiles + "/{z}/{x}/{y}.pbf"));
        return getJSON(withQuery(cfg.counts));
      }).then(function (data) {
        Object.keys(data.totals).forEach(function (stage) {
          var cell = document.querySelector("[data-count='" + stage + "']");
          if (cell) { cell.textContent = data.totals[stage].toLocaleString("vi-VN"); }
        });
        map.getContainer().setAttribute("data-ready", "1");
      }).catch(function (err) { fail(err.message); });
    }

    map.on("zoomend", function () { areas.setStyle(areas.options.style); });
    map.on("click", function (e) {
      if (map.getZoom() < cfg.minZoom) { return; }
      var url = withQuery(cfg.at + "?lat=" + e.latlng.lat + "&lng=" + e.latlng.lng);
      getJSON(url).then(function (p) {
        L.popup().setLatLng(e.latlng).setContent(parcelPopup(p)).openOn(map);
      }).catch(function (err) {
        L.popup().setLatLng(e.latlng).setContent(el("div", err.message)).openOn(map);
      });
    });

    function parcelPopup(p) {
      var box = el("div", null, "popup-box");
      box.setAttribute("data-testid", "popup");
      var title = el("h3");
      var link = el("a", cfg.labels.parcel + " " + p.label);
      link.href = p.url;
      title.appendChild(link);
      box.appendChild(title);
      box.appendChild(el("div", p.land_use));
      box.appendChild(el("div", p.commune + (p.area ? " · " + p.area : "")));
      box.appendChild(el("div", p.legal_area_m2.toLocaleString("vi-VN") + " m² / " +
                                p.recovered_area_m2.toLocaleString("vi-VN") + " m²"));
      var list = el("ul");
      if (!p.land_users.length) { list.appendChild(el("li", cfg.labels.noLandUser)); }
      p.land_users.forEach(function (u) {
        var item = el("li");
        var a = el("a", u.name);
        a.href = u.url;
        item.appendChild(a);
        var text = ": " + u.stage_label + (u.opinion ? " · " + u.opinion : "");
        u.overlays.forEach(function (o) { text += " · " + (cfg.labels.overlays[o] || o); });
        item.appendChild(el("span", text));
        list.appendChild(item);
      });
      box.appendChild(el("b", cfg.labels.landUsers));
      box.appendChild(list);
      return box;
    }

    var timer = null;
    slider.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(false); }, 200);
    });
    form.addEventListener("change", function (e) {
      if (e.target !== slider) { refresh(false); }
    });
    refresh(true);
  });
})();
