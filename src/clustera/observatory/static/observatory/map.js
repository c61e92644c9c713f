// The observatory map: a choropleth of the chosen indicator with clusters and technology centres.
// Offline: Leaflet from the project's own static files, no tiles, no CDN.
(function () {
  // Translations: Django's JavaScript catalogue (/<lang>/jsi18n.js, loaded by base.html); English without it.
  const gettext = window.gettext || (s => s);
  const ngettext = window.ngettext || ((s, p, n) => (n === 1 ? s : p));
  const interpolate = window.interpolate || ((f, o) => f.replace(/%\((\w+)\)s/g, (m, k) => o[k]));
  const el = document.getElementById("map");
  const form = document.getElementById("map-options");
  if (!el || !form) return;
  const status = document.getElementById("map-status");
  const tableBody = document.querySelector("#map-table tbody");
  const hasLeaflet = typeof L !== "undefined";
  const map = hasLeaflet ? L.map(el, { zoomSnap: 0.25, keyboard: true, attributionControl: true }) : null;
  let layers = [], legend = null, fitted = false, latest = 0;

  // Classes, colours and legend labels come from the server (clustera.observatory.classing),
  // values rounded by the observatory's one rule (clustera.observatory.figures).
  function colour(p, classes) {
    return p.class === null || p.class === undefined ? classes.no_data : classes.colours[p.class];
  }
  function query() {
    const data = new FormData(form);
    const indicator = data.get("indicator");
    const params = new URLSearchParams({ indicator, level: data.get("level") || "", year: data.get("year") || "" });
    params.set("category", indicator === "patents" ? (data.get("technology") || "") : (data.get("category") || ""));
    return params;
  }
  function escapeHtml(s) { return String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }
  function load() {
    const params = query();
    const ticket = ++latest;
    status.textContent = gettext("Loading…");
    fetch(form.dataset.url + "?" + params.toString()).then(r => r.json()).then(data => {
      if (ticket !== latest) return;  // a newer choice was made meanwhile: drop this answer
      const meta = data.meta, indicator = meta.indicator;
      const picker = document.getElementById(indicator === "patents" ? "technology" : "category");
      if (meta.category && picker.value !== meta.category) picker.value = meta.category;
      const values = data.regions.features.map(f => f.properties.value);
      const classes = data.classes;
      document.getElementById("map-csv").href = data.csv_url;
      document.getElementById("map-method").href = document.getElementById("map-method").href.replace(/methods\/[^/]+\//, "methods/" + meta.method + "/");
      document.getElementById("map-attribution").textContent = data.attribution;
      const what = meta.label + (meta.category_name ? " · " + meta.category_name : "") + (meta.year ? " · " + meta.year : "");
      const shown = values.filter(v => v !== null && v !== undefined).length;
      status.textContent = interpolate(ngettext("%(what)s: %(count)s region with data", "%(what)s: %(count)s regions with data", shown), { what, count: shown }, true);
      document.getElementById("table-title").textContent = what;
      tableBody.innerHTML = data.regions.features
        .slice().sort((a, b) => (b.properties.value ?? -Infinity) - (a.properties.value ?? -Infinity))
        .map(f => `<tr><td><a href="${data.region_url.replace("CODE", encodeURIComponent(f.properties.code))}">${escapeHtml(f.properties.name)} (${escapeHtml(f.properties.code)})</a></td><td>${f.properties.value === null || f.properties.value === undefined ? "–" : escapeHtml(f.properties.shown)}</td><td>${f.properties.class === null || f.properties.class === undefined ? "–" : escapeHtml(classes.labels[f.properties.class])}</td></tr>`).join("");
      document.querySelector("#map-points tbody").innerHTML = data.points
        .map(p => `<tr><td>${escapeHtml(p.name)}</td><td>${ClusteraMarkers.kinds[ClusteraMarkers.kindOf(p.type)].svg} ${escapeHtml(data.legend[ClusteraMarkers.kindOf(p.type)])}</td><td>${Number(p.lat).toFixed(3)}</td><td>${Number(p.lon).toFixed(3)}</td></tr>`).join("");
      if (!map) return;
      layers.forEach(l => map.removeLayer(l)); layers = [];
      if (legend) map.removeControl(legend);
      const regions = L.geoJSON(data.regions, {
        style: f => ({ color: "#444", weight: 1, fillOpacity: 0.8, fillColor: colour(f.properties, classes) }),
        onEachFeature: (f, layer) => {
          const v = f.properties.value;
          layer.bindTooltip(`${escapeHtml(f.properties.name)} (${escapeHtml(f.properties.code)}): ${v === null || v === undefined ? escapeHtml(data.legend.no_data) : escapeHtml(f.properties.shown)}`);
          layer.on("click", () => { window.location.href = data.region_url.replace("CODE", encodeURIComponent(f.properties.code)); });
        }
      }).addTo(map);
      layers.push(regions);
      const points = L.layerGroup(data.points.map(p => {
        const m = ClusteraMarkers.marker(p);
        m.bindTooltip(`${escapeHtml(p.name)} (${escapeHtml(data.legend[ClusteraMarkers.kindOf(p.type)])})`);
        return m;
      })).addTo(map);
      layers.push(points);
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution(data.attribution);
      legend = L.control({ position: "bottomright" });
      legend.onAdd = () => {
        const div = L.DomUtil.create("div", "legend");
        const rows = classes.colours.map((c, i) => `<i style="background:${c};border:1px solid #999"></i>${escapeHtml(classes.labels[i])}`);
        div.innerHTML = `<strong>${escapeHtml(meta.label)}</strong><br><span class="meta">${escapeHtml(data.legend.method)}: ${escapeHtml(classes.method_label)}</span><br>` + rows.join("<br>") +
          `<br><i style="background:${classes.no_data};border:1px solid #444"></i>${escapeHtml(data.legend.no_data)}<br>` + ClusteraMarkers.legendRows(data.legend);
        return div;
      };
      legend.addTo(map);
      if (!fitted && regions.getLayers().length) { map.fitBounds(regions.getBounds()); fitted = true; }
      el.dataset.loaded = [indicator, params.get("level"), meta.category || ""].join(":");
    }).catch(err => { status.textContent = interpolate(gettext("The map data could not be loaded: %(error)s"), { error: String(err) }, true); });
  }
  // The choices live in the address too, so a map can be bookmarked, shared and reloaded.
  const initial = new URLSearchParams(window.location.search);
  ["indicator", "level", "category", "technology", "year"].forEach(name => {
    const field = form.elements[name];
    if (field && initial.get(name) && [...field.options].some(o => o.value === initial.get(name))) field.value = initial.get(name);
  });
  form.addEventListener("change", () => {
    const data = new FormData(form);
    history.replaceState(null, "", "?" + new URLSearchParams([...data.entries()].filter(([, v]) => v)).toString());
    load();
  });
  load();
})();
