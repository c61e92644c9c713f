// Searchable pickers: a filter box above every <select data-picker>, and the chosen values
// listed under a multiple select. Without JavaScript the plain (grouped, indented) list works.
(function () {
  // Translations: Django's JavaScript catalogue (/<lang>/jsi18n.js, loaded by base.html); English without it.
  const gettext = window.gettext || (s => s);
  const ngettext = window.ngettext || ((s, p, n) => (n === 1 ? s : p));
  const interpolate = window.interpolate || ((f, o) => f.replace(/%\((\w+)\)s/g, (m, k) => o[k]));
  function norm(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  document.querySelectorAll("select[data-picker]").forEach(function (select, n) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "picker-filter";
    box.id = (select.id || "picker-" + n) + "-filter";
    box.placeholder = gettext("Filter…");
    box.setAttribute("aria-label", select.labels && select.labels[0]
      ? interpolate(gettext("Filter %(list)s"), { list: select.labels[0].textContent }, true)
      : gettext("Filter the list"));
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    let chosen = null;
    if (select.multiple) {
      chosen = document.createElement("p");
      chosen.className = "picker-chosen meta";
      chosen.setAttribute("aria-live", "polite");
      select.parentNode.insertBefore(chosen, select.nextSibling);
    }
    function showChosen() {
      if (!chosen) return;
      const names = Array.from(select.selectedOptions).map(o => o.textContent.trim());
      chosen.textContent = names.length
        ? interpolate(ngettext("%(count)s chosen: %(names)s", "%(count)s chosen: %(names)s", names.length), { count: names.length, names: names.join("; ") }, true)
        : gettext("None chosen.");
    }
    box.addEventListener("input", function () {
      const words = norm(box.value).split(/\s+/).filter(Boolean);
      select.querySelectorAll("option").forEach(function (o) {
        const text = norm(o.textContent + " " + o.value);
        const group = o.parentNode.tagName === "OPTGROUP" ? norm(o.parentNode.label) : "";
        o.hidden = !(o.selected || words.every(w => text.includes(w) || group.includes(w)));
      });
      select.querySelectorAll("optgroup").forEach(function (g) {
        g.hidden = !Array.from(g.children).some(o => !o.hidden);
      });
    });
    select.addEventListener("change", showChosen);
    showChosen();
  });
})();
