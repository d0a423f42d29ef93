// A parcel import's set-up: its first features (WGS 84) beside the project's boundary.
(function () {
  "use strict";
  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var data = JSON.parse(document.getElementById("import-map-data").textContent);
    var boundary = L.geoJSON(data.boundary, {
      style: { color: "#6a3d9a", weight: 2, fill: false, dashArray: "6 4" },
      interactive: false,
    }).addTo(map);
    var features = L.geoJSON(data.preview, {
      style: { color: "#1f78b4", weight: 1, fillColor: "#a6cee3", fillOpacity: 0.5 },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        // The file's text, never HTML: Leaflet puts a string tooltip in as markup.
        var label = document.createElement("span");
        label.textContent = [p.sheet_no, p.parcel_no].filter(Boolean).join("/") +
          (p.land_use_code ? " " + p.land_use_code : "");
        layer.bindTooltip(label);
      },
    }).addTo(map);
    var count = (data.preview.features || []).length;
    var bounds = count ? features.getBounds() : boundary.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 19, padding: [20, 20] });
    map.getContainer().setAttribute("data-features", String(count));
    map.getContainer().setAttribute("data-ready", "1");
  });
})();
