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
  const lang = document.documentElement.lang || "en";
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const palette = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];  // sequential, colour-blind safe
  const starColours = ["#f0f0f0", "#c6dbef", "#6baed6", "#08306b"];
  const status = document.getElementById("map-status");
  const tableBody = document.querySelector("#map-table tbody");
  const hasLeaflet = typeof L !== "undefined";
  const map = hasLeaflet ? L.map(el, { zoomSnap: 0.25, keyboard: true, attributionControl: true }) : null;
  let layers = [], legend = null, fitted = false, latest = 0;

  function breaks(values) {
    const sorted = values.filter(v => v !== null && v !== undefined).sort((a, b) => a - b);
    if (!sorted.length) return [0, 0, 0, 0];
    return [0.2, 0.4, 0.6, 0.8].map(q => sorted[Math.floor(q * (sorted.length - 1))]);
  }
  function colour(v, edges, indicator) {
    if (v === null || v === undefined) return "#ffffff";
    if (indicator === "stars") return starColours[Math.max(0, Math.min(3, Math.round(v)))];
    let i = 0; while (i < edges.length && v > edges[i]) i++; return palette[i];
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
      const edges = breaks(values);
      document.getElementById("map-csv").href = data.csv_url;
      document.getElementById("map-method").href = document.getElementById("map-method").href.replace(/methods\/[^/]+\//, "methods/" + meta.method + "/");
      document.getElementById("map-attribution").textContent = data.attribution;
      const what = meta.label + (meta.category_name ? " · " + meta.category_name : "") + (meta.year ? " · " + meta.year : "");
      const shown = values.filter(v => v !== null && v !== undefined).length;
      status.textContent = interpolate(ngettext("%(what)s: %(count)s region with data", "%(what)s: %(count)s regions with data", shown), { what, count: fmt.format(shown) }, true);
      document.getElementById("table-title").textContent = what;
      tableBody.innerHTML = data.regions.features
        .slice().sort((a, b) => (b.properties.value ?? -Infinity) - (a.properties.value ?? -Infinity))
        .map(f => `<tr><td><a href="${data.region_url.replace("CODE", encodeURIComponent(f.properties.code))}">${escapeHtml(f.properties.name)} (${escapeHtml(f.properties.code)})</a></td><td>${f.properties.value === null || f.properties.value === undefined ? "–" : fmt.format(f.properties.value)}</td></tr>`).join("");
      if (!map) return;
      layers.forEach(l => map.removeLayer(l)); layers = [];
      if (legend) map.removeControl(legend);
      const regions = L.geoJSON(data.regions, {
        style: f => ({ color: "#444", weight: 1, fillOpacity: 0.8, fillColor: colour(f.properties.value, edges, indicator) }),
        onEachFeature: (f, layer) => {
          const v = f.properties.value;
          layer.bindTooltip(`${escapeHtml(f.properties.name)} (${escapeHtml(f.properties.code)}): ${v === null || v === undefined ? gettext("no data") : fmt.format(v)}`);
          layer.on("click", () => { window.location.href = data.region_url.replace("CODE", encodeURIComponent(f.properties.code)); });
        }
      }).addTo(map);
      layers.push(regions);
      const points = L.layerGroup(data.points.map(p => {
        const cluster = p.type === "cluster";
        const m = L.circleMarker([p.lat, p.lon], { radius: cluster ? 6 : 5, weight: 1, color: "#000",
          fillColor: cluster ? "#E69F00" : "#D55E00", fillOpacity: 0.95, dashArray: cluster ? null : "2" });
        m.bindTooltip(`${escapeHtml(p.name)} (${cluster ? gettext("cluster") : gettext("technology centre")})`);
        return m;
      })).addTo(map);
      layers.push(points);
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution(data.attribution);
      legend = L.control({ position: "bottomright" });
      legend.onAdd = () => {
        const div = L.DomUtil.create("div", "legend");
        let rows;
        if (indicator === "stars") rows = starColours.map((c, i) => `<i style="background:${c}"></i>${interpolate(ngettext("%(count)s star", "%(count)s stars", i), { count: i }, true)}`);
        else { const e = [null, ...edges]; rows = palette.map((c, i) => `<i style="background:${c}"></i>${i === 0 ? "≤ " + fmt.format(e[1]) : i < 4 ? fmt.format(e[i]) + " – " + fmt.format(e[i + 1]) : "> " + fmt.format(e[4])}`); }
        div.innerHTML = `<strong>${escapeHtml(meta.label)}</strong><br>` + rows.join("<br>") +
          '<br><i style="background:#E69F00;border-radius:50%"></i>' + escapeHtml(gettext("cluster")) +
          '<br><i style="background:#D55E00;border-radius:50%"></i>' + escapeHtml(gettext("technology centre")) +
          '<br><i style="background:#fff;border:1px solid #444"></i>' + escapeHtml(gettext("no data"));
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
