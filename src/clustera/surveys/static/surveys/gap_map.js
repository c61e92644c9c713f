// The gap-analysis map: a choropleth of unmet demand or spatial access for one technology.
// Offline: Leaflet from the project's own static files, no tiles, no CDN (as the observatory map).
(function () {
  // Translations: Django's JavaScript catalogue (/<lang>/jsi18n.js, loaded by base.html); English without it.
  const gettext = window.gettext || (s => s);
  const ngettext = window.ngettext || ((s, p, n) => (n === 1 ? s : p));
  const interpolate = window.interpolate || ((f, o) => f.replace(/%\((\w+)\)s/g, (m, k) => o[k]));
  const el = document.getElementById("gap-map");
  const form = document.getElementById("gap-options");
  if (!el || !form || typeof L === "undefined") return;
  const fmt = new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: 2 });
  const palette = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];  // sequential, colour-blind safe
  const status = document.getElementById("gap-status");
  const map = L.map(el, { zoomSnap: 0.25, keyboard: true });
  let layer = null, legend = null, fitted = false;
  function breaks(values) {
    const sorted = values.filter(v => v !== null && v !== undefined).sort((a, b) => a - b);
    if (!sorted.length) return [0, 0, 0, 0];
    return [0.2, 0.4, 0.6, 0.8].map(q => sorted[Math.floor(q * (sorted.length - 1))]);
  }
  function colour(v, edges) {
    if (v === null || v === undefined) return "#ffffff";
    let i = 0; while (i < edges.length && v > edges[i]) i++; return palette[i];
  }
  function escapeHtml(s) { return String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }
  function load() {
    const measure = form.elements.measure.value;
    status.textContent = gettext("Loading…");
    fetch(form.dataset.url + "?measure=" + encodeURIComponent(measure)).then(r => r.json()).then(data => {
      const values = data.regions.features.map(f => f.properties.value);
      const edges = breaks(values);
      const shown = values.filter(v => v !== null && v !== undefined).length;
      status.textContent = interpolate(ngettext("%(what)s: %(count)s region with data", "%(what)s: %(count)s regions with data", shown), { what: data.label, count: fmt.format(shown) }, true);
      if (layer) map.removeLayer(layer);
      if (legend) map.removeControl(legend);
      layer = L.geoJSON(data.regions, {
        style: f => ({ color: "#444", weight: 1, fillOpacity: 0.8, fillColor: colour(f.properties.value, edges) }),
        onEachFeature: (f, l) => {
          const v = f.properties.value;
          l.bindTooltip(`${escapeHtml(f.properties.name)} (${escapeHtml(f.properties.code)}): ${v === null || v === undefined ? gettext("no needs") : fmt.format(v)}`);
          l.on("click", () => { window.location.href = data.region_url.replace("CODE", encodeURIComponent(f.properties.code)); });
        }
      }).addTo(map);
      legend = L.control({ position: "bottomright" });
      legend.onAdd = () => {
        const div = L.DomUtil.create("div", "legend");
        const e = [null, ...edges];
        div.innerHTML = `<strong>${escapeHtml(data.label)}</strong><br>` + palette.map((c, i) => `<i style="background:${c}"></i>${i === 0 ? "≤ " + fmt.format(e[1]) : i < 4 ? fmt.format(e[i]) + " – " + fmt.format(e[i + 1]) : "> " + fmt.format(e[4])}`).join("<br>") + '<br><i style="background:#fff;border:1px solid #444"></i>' + escapeHtml(gettext("no needs"));
        return div;
      };
      legend.addTo(map);
      if (!fitted && layer.getLayers().length) { map.fitBounds(layer.getBounds()); fitted = true; }
      el.dataset.loaded = measure;
    }).catch(err => { status.textContent = interpolate(gettext("The map data could not be loaded: %(error)s"), { error: String(err) }, true); });
  }
  form.addEventListener("change", load);
  load();
})();
