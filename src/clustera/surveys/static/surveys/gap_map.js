// The gap-analysis map: a choropleth of unmet demand or spatial access for one technology, the
// centres offering it (the shared centre marker of markers.js) and the same values as a table.
// Classes, colours, legend labels and rounded values come from the server (quantiles, named in
// the legend). Offline: Leaflet from the project's own static files, no tiles, no CDN.
(function () {
  // Translations: Django's JavaScript catalogue (/<lang>/jsi18n.js, loaded by base.html); English without it.
  const gettext = window.gettext || (s => s);
  const ngettext = window.ngettext || ((s, p, n) => (n === 1 ? s : p));
  const interpolate = window.interpolate || ((f, o) => f.replace(/%\((\w+)\)s/g, (m, k) => o[k]));
  const el = document.getElementById("gap-map");
  const form = document.getElementById("gap-options");
  if (!el || !form) return;
  const SUPPRESSED = "#bdbdbd";  // regions whose every cell has fewer than 5 answers
  const status = document.getElementById("gap-status");
  const tableBody = document.querySelector("#gap-map-table tbody");
  const hasLeaflet = typeof L !== "undefined";
  const map = hasLeaflet ? L.map(el, { zoomSnap: 0.25, keyboard: true }) : null;
  let layers = [], legend = null, fitted = false;
  function escapeHtml(s) { return String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }
  function shown(p, data) {
    if (p.suppressed) return data.legend.suppressed;
    return p.value === null || p.value === undefined ? data.legend.no_data : p.shown;
  }
  function style(p, classes) {
    if (p.suppressed) return { color: "#444", weight: 1, dashArray: "3 3", fillOpacity: 0.8, fillColor: SUPPRESSED, className: "suppressed" };
    const fill = p.class === null || p.class === undefined ? classes.no_data : classes.colours[p.class];
    return { color: "#444", weight: 1, fillOpacity: 0.8, fillColor: fill };
  }
  function fillTable(data) {
    if (!tableBody) return;
    tableBody.innerHTML = data.regions.features.map(f => f.properties)
      .filter(p => p.suppressed || (p.value !== null && p.value !== undefined))
      .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity))
      .map(p => `<tr><td><a href="${data.region_url.replace("CODE", encodeURIComponent(p.code))}">${escapeHtml(p.name)} (${escapeHtml(p.code)})</a></td><td>${escapeHtml(shown(p, data))}</td><td>${p.class === null || p.class === undefined || p.suppressed ? "–" : escapeHtml(data.classes.labels[p.class])}</td></tr>`).join("");
  }
  function load() {
    const measure = form.elements.measure.value;
    status.textContent = gettext("Loading…");
    fetch(form.dataset.url + "?measure=" + encodeURIComponent(measure)).then(r => r.json()).then(data => {
      const classes = data.classes;
      const values = data.regions.features.map(f => f.properties.value);
      const count = values.filter(v => v !== null && v !== undefined).length;
      status.textContent = interpolate(ngettext("%(what)s: %(count)s region with data", "%(what)s: %(count)s regions with data", count), { what: data.label, count: count }, true);
      fillTable(data);
      if (!map) { el.dataset.loaded = measure; return; }
      layers.forEach(l => map.removeLayer(l)); layers = [];
      if (legend) map.removeControl(legend);
      const regions = L.geoJSON(data.regions, {
        style: f => style(f.properties, classes),
        onEachFeature: (f, l) => {
          l.bindTooltip(`${escapeHtml(f.properties.name)} (${escapeHtml(f.properties.code)}): ${escapeHtml(shown(f.properties, data))}`);
          l.on("click", () => { window.location.href = data.region_url.replace("CODE", encodeURIComponent(f.properties.code)); });
        }
      }).addTo(map);
      layers.push(regions);
      const points = L.layerGroup(data.points.map(p => ClusteraMarkers.marker(p).bindTooltip(escapeHtml(p.name)))).addTo(map);
      layers.push(points);
      legend = L.control({ position: "bottomright" });
      legend.onAdd = () => {
        const div = L.DomUtil.create("div", "legend");
        div.innerHTML = `<strong>${escapeHtml(data.label)}</strong><br><span class="meta">${escapeHtml(data.legend.method)}: ${escapeHtml(classes.method_label)}</span><br>`
          + classes.colours.map((c, i) => `<i style="background:${c};border:1px solid #999"></i>${escapeHtml(classes.labels[i])}`).join("<br>")
          + `<br><i style="background:${classes.no_data};border:1px solid #444"></i>${escapeHtml(data.legend.no_data)}`
          + `<br><i class="suppressed" style="background:${SUPPRESSED};border:1px dashed #444"></i>${escapeHtml(data.legend.suppressed)}`
          + "<br>" + ClusteraMarkers.legendRows(data.legend);
        return div;
      };
      legend.addTo(map);
      if (!fitted && regions.getLayers().length) { map.fitBounds(regions.getBounds()); fitted = true; }
      el.dataset.loaded = measure;
    }).catch(err => { status.textContent = interpolate(gettext("The map data could not be loaded: %(error)s"), { error: String(err) }, true); });
  }
  form.addEventListener("change", load);
  load();
})();
