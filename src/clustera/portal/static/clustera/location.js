// Location picker: the regions as a background (no tiles, no CDN); click to set the latitude
// and longitude fields, which stay the fallback without JavaScript.
(function () {
  const el = document.getElementById("location-map");
  if (!el || typeof L === "undefined") return;
  const lat = document.getElementById(el.dataset.lat), lon = document.getElementById(el.dataset.lon);
  if (!lat || !lon) return;
  const map = L.map(el, { zoomSnap: 0.25, keyboard: true });
  let marker = null;
  function place(y, x, pan) {
    if (isNaN(y) || isNaN(x)) return;
    if (marker) marker.setLatLng([y, x]); else marker = L.marker([y, x], { keyboard: false }).addTo(map);
    if (pan) map.panTo([y, x]);
  }
  fetch(el.dataset.regionsUrl).then(r => r.json()).then(function (data) {
    const layer = L.geoJSON(data.regions, { style: { color: "#555", weight: 1, fillColor: "#c6dbef", fillOpacity: 0.5 } }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds); else map.setView([50, 10], 4);
    place(parseFloat(lat.value), parseFloat(lon.value), false);
  }).catch(function () { map.setView([50, 10], 4); });
  map.on("click", function (e) {
    lat.value = e.latlng.lat.toFixed(5);
    lon.value = e.latlng.lng.toFixed(5);
    place(e.latlng.lat, e.latlng.lng, false);
    lat.dispatchEvent(new Event("change"));
  });
  [lat, lon].forEach(f => f.addEventListener("input", () => place(parseFloat(lat.value), parseFloat(lon.value), true)));
})();
