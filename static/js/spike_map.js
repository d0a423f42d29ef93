// Renderer check: vector tiles drawn by Leaflet.VectorGrid; a click asks the server for the
// polygon at that point (no reliance on VectorGrid's own feature events), popup built with
// textContent only.
(function () {
  "use strict";
  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var cfg = document.getElementById("spike-config").dataset;
    var center = cfg.center.split(",").map(Number);
    map.setView(center, Number(cfg.zoom));
    var tileUrl = cfg.tiles.replace(/0\/0\/0\.pbf$/, "{z}/{x}/{y}.pbf");
    var layer = L.vectorGrid.protobuf(tileUrl, {
      rendererFactory: L.canvas.tile,
      interactive: false,
      maxNativeZoom: 20,
      vectorTileLayerStyles: {
        spike: { fill: true, fillColor: "#1f78b4", fillOpacity: 0.6, color: "#08306b", weight: 1 },
      },
    });
    layer.addTo(map);
    map.on("click", function (e) {
      var url = cfg.at + "?lat=" + e.latlng.lat + "&lng=" + e.latlng.lng;
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          var box = document.createElement("div");
          box.className = "popup";
          box.setAttribute("data-testid", "popup");
          box.textContent = res.ok ? res.body.label + " (#" + res.body.id + ")" : res.body.error;
          L.popup().setLatLng(e.latlng).setContent(box).openOn(map);
        });
    });
  });
})();
