// One definition of the markers of clusters and technology centres, shared by every map (the
// observatory map, the registry map and the gap map): a cluster is an orange circle, a technology
// centre (also RTO, DIH, university) a blue square; shape and colour both differ (Okabe-Ito
// colours, told apart without colour vision). Loaded in the page head, before the maps' scripts.
window.ClusteraMarkers = (function () {
  const kinds = {
    cluster: { colour: "#E69F00", svg: '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="5.5" fill="#E69F00" stroke="#000" stroke-width="1.5"/></svg>' },
    centre: { colour: "#0072B2", svg: '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><rect x="1" y="1" width="14" height="14" fill="#0072B2" stroke="#000" stroke-width="1.5"/></svg>' },
  };
  // Organisation types drawn as a centre; everything else with a point is a cluster.
  function kindOf(type) { return type === "cluster" ? "cluster" : "centre"; }
  function marker(p, latlng) {
    const kind = kindOf(p.type);
    return L.marker(latlng || [p.lat, p.lon], {
      icon: L.divIcon({ html: kinds[kind].svg, className: "map-marker map-marker-" + kind, iconSize: [16, 16], iconAnchor: [8, 8] }),
      keyboard: false, title: p.name, alt: p.name,
      zIndexOffset: kind === "cluster" ? 1000 : 0,  // a cluster at a centre's place stays visible
    });
  }
  function legendRows(labels) {
    return ["cluster", "centre"].filter(k => labels[k]).map(k => `<span class="legend-marker">${kinds[k].svg}</span> ${labels[k]}`).join("<br>");
  }
  return { kinds, kindOf, marker, legendRows };
})();
