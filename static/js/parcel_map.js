// Parcel page: the parcel and the project's recovery boundary, from the page's JSON data.
(function () {
  "use strict";
  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var data = JSON.parse(document.getElementById("parcel-map-data").textContent);
    L.geoJSON(data.boundary, {
      style: { color: "#6a3d9a", weight: 2, fill: false, dashArray: "6 4" },
      interactive: false,
    }).addTo(map);
    var parcel = L.geoJSON(data.parcel, {
      style: { color: "#b15928", weight: 2, fillColor: "#ff7f00", fillOpacity: 0.45 },
    }).addTo(map);
    map.fitBounds(parcel.getBounds(), { maxZoom: 19, padding: [40, 40] });
    map.getContainer().setAttribute("data-ready", "1");
  });
})();
