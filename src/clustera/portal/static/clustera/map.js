// The registry map: regions shaded by organisation count, clusters and centres as points. No tiles, no CDN.
(function () {
  // Translations: Django's JavaScript catalogue (/<lang>/jsi18n.js, loaded by base.html); English without it.
  const gettext = window.gettext || (s => s);
  const ngettext = window.ngettext || ((s, p, n) => (n === 1 ? s : p));
  const interpolate = window.interpolate || ((f, o) => f.replace(/%\((\w+)\)s/g, (m, k) => o[k]));
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: true, keyboard: true });
  const palette = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];  // sequential, colour-blind safe
  let regionLayer = null, pointLayer = null, legend = null;

  function classes(values) {
    const sorted = values.filter(v => v > 0).sort((a, b) => a - b);
    if (!sorted.length) return [1, 2, 3, 4];
    return [0.2, 0.4, 0.6, 0.8].map(q => sorted[Math.floor(q * (sorted.length - 1))]);
  }
  function colour(v, breaks) {
    let i = 0; while (i < breaks.length && v > breaks[i]) i++; return palette[i];
  }
  // The map's text alternative: the same counts in a table under it (WCAG 1.1.1).
  function fillTable(features) {
    const body = document.querySelector("#map-table tbody");
    if (!body) return;
    body.replaceChildren(...features.map(f => f.properties)
      .sort((a, b) => b.organisations - a.organisations || a.name.localeCompare(b.name))
      .map(p => {
        const row = document.createElement("tr");
        const name = document.createElement("th");
        name.scope = "row";
        name.textContent = `${p.name} (${p.code})`;
        const count = document.createElement("td");
        count.textContent = p.organisations;
        row.append(name, count);
        return row;
      }));
  }
  function load(level) {
    fetch(el.dataset.url + "?level=" + encodeURIComponent(level)).then(r => r.json()).then(data => {
      if (regionLayer) map.removeLayer(regionLayer);
      if (pointLayer) map.removeLayer(pointLayer);
      if (legend) map.removeControl(legend);
      const breaks = classes(data.regions.features.map(f => f.properties.organisations));
      regionLayer = L.geoJSON(data.regions, {
        style: f => ({ color: "#555", weight: 1, fillOpacity: 0.75, fillColor: colour(f.properties.organisations, breaks) }),
        onEachFeature: (f, layer) => layer.bindTooltip(interpolate(ngettext("%(name)s (%(code)s): %(count)s organisation", "%(name)s (%(code)s): %(count)s organisations", f.properties.organisations), { name: f.properties.name, code: f.properties.code, count: f.properties.organisations }, true))
      }).addTo(map);
      const profile = el.dataset.profileUrl;
      pointLayer = L.layerGroup(data.points.map(p => {
        const m = ClusteraMarkers.marker(p);  // the one marker definition of every map (markers.js)
        m.bindPopup(`<a href="${profile.replace("/0/", "/" + p.id + "/")}">${p.name.replace(/</g, "&lt;")}</a><br>${(p.type_label || p.type.replace("_", " ")).replace(/</g, "&lt;")}${p.label ? ", " + interpolate(gettext("%(label)s label"), { label: p.label }, true) : ""}`);
        return m;
      })).addTo(map);
      legend = L.control({ position: "bottomright" });
      legend.onAdd = () => {
        const div = L.DomUtil.create("div", "legend");
        const edges = [0, ...breaks];
        div.innerHTML = "<strong>" + gettext("Organisations") + "</strong><br><span class=\"meta\">" + gettext("Classes: quantiles (5 classes with as many regions each)") + "</span><br>" + palette.map((c, i) =>
          `<i style="background:${c}"></i>${i === 0 ? "≤ " + edges[1] : i < 4 ? edges[i] + "–" + edges[i + 1] : "> " + edges[4]}`).join("<br>") +
          "<br>" + ClusteraMarkers.legendRows({ cluster: gettext("cluster"), centre: gettext("technology centre / RTO / DIH") });
        return div;
      };
      legend.addTo(map);
      fillTable(data.regions.features);
      if (regionLayer.getLayers().length) map.fitBounds(regionLayer.getBounds());
      else if (data.points.length) map.fitBounds(L.latLngBounds(data.points.map(p => [p.lat, p.lon])));
      else map.setView([50, 10], 4);
    });
  }
  const select = document.getElementById("level");
  select.addEventListener("change", () => load(select.value));
  load(select.value || 2);
})();
