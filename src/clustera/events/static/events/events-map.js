// Events with a place as markers; each popup links to the event's page.
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || !window.L) { return; }
  var map = L.map(element).setView([50, 10], 4);
  L.control.scale().addTo(map);
  fetch(element.dataset.regionsUrl).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data.regions, {style: {color: "#999", weight: 1, fillColor: "#eef2f5", fillOpacity: 1}}).addTo(map).bringToBack();
  }).catch(function () { /* the markers work without the background */ });
  fetch(element.dataset.url).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, {radius: 7, color: "#0072B2"}); },
      onEachFeature: function (feature, marker) {
        var p = feature.properties;
        var link = document.createElement("a");
        link.href = element.dataset.eventUrl.replace("/0/", "/" + p.id + "/");
        link.textContent = p.title;
        var box = document.createElement("div");
        box.appendChild(link);
        box.appendChild(document.createTextNode(" · " + p.kind + " · " + p.starts.slice(0, 10) + " · " + p.city));
        marker.bindPopup(box);
      }
    }).addTo(map);
    if (data.features.length) { map.fitBounds(layer.getBounds(), {maxZoom: 8, padding: [20, 20]}); }
    element.dataset.loaded = String(data.features.length);
  });
})();
