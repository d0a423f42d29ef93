// Meeting form: a click on the map sets the meeting place; "mark all" ticks every attendee.
(function () {
  "use strict";
  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var center = document.getElementById("meeting-config").dataset.center.split(",").map(Number);
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
  document.addEventListener("click", function (e) {
    if (!e.target.matches("[data-select-all]")) { return; }
    document.querySelectorAll("input[name=attendee]").forEach(function (box) { box.checked = true; });
  });
})();
