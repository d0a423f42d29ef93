// A shape drawn on the map fills the form's shape field with GeoJSON in WGS 84 (EPSG:4326);
// a shape pasted in the field is left as it is. The map shows the project's boundary.
(function () {
  "use strict";

  function setLabels(labels) {
    var local = L.drawLocal;
    local.draw.toolbar.buttons.polygon = labels.polygon;
    local.draw.toolbar.buttons.rectangle = labels.rectangle;
    local.draw.toolbar.actions.text = labels.cancel;
    local.draw.toolbar.finish.text = labels.finish;
    local.draw.toolbar.undo.text = labels.undo;
    local.draw.handlers.polygon.tooltip.start = labels.start;
    local.draw.handlers.polygon.tooltip.cont = labels.cont;
    local.draw.handlers.polygon.tooltip.end = labels.end;
    local.draw.handlers.rectangle.tooltip.start = labels.start;
    local.draw.handlers.simpleshape.tooltip.end = labels.release;
    local.edit.toolbar.buttons.edit = labels.edit;
    local.edit.toolbar.buttons.remove = labels.remove;
    local.edit.toolbar.actions.save.text = labels.save;
    local.edit.toolbar.actions.cancel.text = labels.cancel;
    local.edit.toolbar.actions.clearAll.text = labels.clearAll;
  }

  function shapeOf(group) {
    var polygons = [];
    group.eachLayer(function (layer) {
      var g = layer.toGeoJSON().geometry;
      if (g.type === "Polygon") polygons.push(g.coordinates);
      else if (g.type === "MultiPolygon") polygons = polygons.concat(g.coordinates);
    });
    if (!polygons.length) return "";
    if (polygons.length === 1) return JSON.stringify({ type: "Polygon", coordinates: polygons[0] });
    return JSON.stringify({ type: "MultiPolygon", coordinates: polygons });
  }

  window.addEventListener("map:init", function (event) {
    var map = event.detail.map;
    var data = JSON.parse(document.getElementById("shape-map-data").textContent);
    var input = document.querySelector("[data-shape-input]");
    var srid = document.getElementById("id_srid");
    setLabels(data.labels);
    var context = L.geoJSON(data.boundary, {
      style: { color: "#6a3d9a", weight: 2, fill: false, dashArray: "6 4" },
      interactive: false,
    }).addTo(map);
    var drawn = new L.FeatureGroup().addTo(map);
    if (data.current) L.geoJSON(data.current).eachLayer(function (l) { drawn.addLayer(l); });
    var bounds = drawn.getLayers().length ? drawn.getBounds() : context.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
    map.addControl(new L.Control.Draw({
      draw: {
        polygon: { allowIntersection: false, showArea: false },
        rectangle: { showArea: false },
        polyline: false, circle: false, marker: false, circlemarker: false,
      },
      edit: { featureGroup: drawn },
    }));
    function write() {
      input.value = shapeOf(drawn);
      if (srid) srid.value = "4326";
    }
    map.on(L.Draw.Event.CREATED, function (e) { drawn.addLayer(e.layer); write(); });
    map.on(L.Draw.Event.EDITED, write);
    map.on(L.Draw.Event.DELETED, write);
    map.getContainer().setAttribute("data-ready", "1");
  });
})();
