"""Classes of the observatory's choropleth maps, computed once on the server: the legend, the
colour of each region and the table beside the map all come from here.

- **Location quotients** are classed around 1, the reference average, with fixed limits
  ``< 0.8``, ``0.8-1.25``, ``1.25-2``, ``>= 2`` (left-closed). 0.8 and 1.25 are reciprocals, so
  the middle class is symmetric on the ratio scale (a quarter above or below the average reads
  "about average", as 1/1.25 = 0.8), and 2 is the European Cluster Observatory's threshold of
  a specialisation star (LQ >= 2; Ketels and Protsiv 2014, cited with the cluster stars). Fixed limits mean the same colour means the same thing on every
  map, level and year, which quantiles of LQ would not give.
- **Cluster stars** are their own classes (0-3).
- **Everything else** (employment, relatedness density, complexity, patents) is classed in
  quantiles, 5 classes with as many regions each (``mapclassify.Quantiles``: upper limits,
  closed on the right), the limits rounded by the observatory's rule for the figure before
  classing (whole numbers for head-counts), so a legend label means exactly what it says. Natural breaks (Fisher-Jenks) were the other candidate; without numba,
  ``mapclassify.FisherJenks`` took 20 s for 1,500 NUTS 3 regions on the project's machine,
  too slow for a map request, and quantiles keep every class populated.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clustera.observatory.figures import decimals, format_figure

LQ_LIMITS = (0.8, 1.25, 2.0)
LQ_COLOURS = ("#998ec3", "#d9d9d9", "#f1a340", "#b35806")  # PuOr, grey middle: apart from "no data"
SEQUENTIAL = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # Blues
STAR_COLOURS = ("#f0f0f0", "#c6dbef", "#6baed6", "#08306b")
NO_DATA = "#ffffff"
QUANTILES = 5


@dataclass
class Classes:
    """A classification: its method, the class limits, each class's colour and legend label."""

    method: str  # "lq", "stars", "quantiles" or "none"
    method_label: str
    limits: list[float] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def index(self, value: float | None) -> int | None:
        """The class of ``value`` (``None``: no data)."""
        if value is None or not self.colours:
            return None
        if self.method == "stars":
            return max(0, min(len(self.colours) - 1, round(value)))
        if self.method == "lq":  # left-closed: 0.8 is "0.8-1.25", 2 is ">= 2"
            return bisect.bisect_right(self.limits, value)
        return min(bisect.bisect_left(self.limits, value), len(self.colours) - 1)  # right-closed

    def as_json(self) -> dict[str, object]:
        return {
            "method": self.method,
            "method_label": self.method_label,
            "limits": self.limits,
            "colours": self.colours,
            "labels": self.labels,
            "no_data": NO_DATA,
        }


def lq_classes() -> Classes:
    """Location quotients around 1 (fixed limits, the same on every map)."""
    low, mid, high = (format_figure(v, "lq") for v in LQ_LIMITS)
    return Classes(
        "lq",
        _("fixed limits around 1, the reference average"),
        list(LQ_LIMITS),
        list(LQ_COLOURS),
        [
            _("under %(low)s: under-represented") % {"low": low},
            _("%(low)s to under %(high)s: about average") % {"low": low, "high": mid},
            _("%(low)s to under %(high)s: specialised") % {"low": mid, "high": high},
            _("%(high)s or more: highly specialised") % {"high": high},
        ],
    )


def star_classes() -> Classes:
    labels = [ngettext("%(count)d star", "%(count)d stars", n) % {"count": n} for n in range(4)]
    return Classes("stars", _("stars (0-3)"), [0.5, 1.5, 2.5], list(STAR_COLOURS), labels)


def quantile_classes(values: Sequence[float], kind: str) -> Classes:
    """Quantiles (``mapclassify.Quantiles``, at most :data:`QUANTILES` classes) of ``values``,
    labelled with the limits rounded by the rule for ``kind``."""
    import mapclassify
    import numpy as np

    data = np.asarray([v for v in values if v is not None], dtype=float)
    if data.size == 0:
        return Classes("none", _("no data"))
    k = min(QUANTILES, len(np.unique(data)))
    raw = [float(b) for b in mapclassify.Quantiles(data, k=k).bins] if k > 1 else [float(data[0])]
    # the limits are rounded by the rule for the figure before classing, so that a legend's
    # "over 3 to 5" means what it says (head-counts get whole-number limits)
    places = decimals(kind)
    bins = sorted({round(b, places) for b in raw[:-1]} - {round(raw[-1], places)})
    bins.append(float(data.max()))
    colours = list(SEQUENTIAL[-len(bins) :]) if len(bins) < len(SEQUENTIAL) else list(SEQUENTIAL)
    low = float(data.min())
    labels = []
    for position, upper in enumerate(bins):
        lower = low if position == 0 else bins[position - 1]
        start, end = format_figure(lower, kind), format_figure(upper, kind)
        if position == 0:
            labels.append(_("%(low)s to %(high)s") % {"low": start, "high": end})
        else:
            labels.append(_("over %(low)s to %(high)s") % {"low": start, "high": end})
    method = ngettext(
        "quantiles: %(count)d class with as many regions each",
        "quantiles: %(count)d classes with as many regions each",
        len(bins),
    ) % {"count": len(bins)}
    return Classes("quantiles", method, bins, colours, labels)


def classify(indicator: str, values: Sequence[float | None], kind: str) -> Classes:
    """The classes of a map of ``indicator`` (a key of ``selectors.MAP_INDICATORS``)."""
    if indicator == "location_quotient":
        return lq_classes()
    if indicator == "stars":
        return star_classes()
    return quantile_classes([v for v in values if v is not None], kind)
