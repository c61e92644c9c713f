"""Map classes, the one rounding rule and the S3 diagram's labels (issue 19, "Observatory").

Hand-checked cases: quantiles of 1..10 are 2.8, 4.6, 6.4, 8.2, 10 (linear interpolation at 20 %
steps: 1 + 0.2 x 9 = 2.8), as ``mapclassify.Quantiles`` gives them; location quotients are classed
at 0.8, 1.25 and 2, left-closed.
"""

from __future__ import annotations

import re

import mapclassify
import numpy as np
import pytest
from django.template import Context, Template
from django.utils import translation

from clustera.observatory import charts, classing, figures


def test_location_quotients_are_classed_around_1_left_closed():
    classes = classing.lq_classes()
    cases = {0.0: 0, 0.79: 0, 0.8: 1, 1.0: 1, 1.2499: 1, 1.25: 2, 1.99: 2, 2.0: 3, 7.5: 3}
    assert {v: classes.index(v) for v in cases} == cases
    assert classes.index(None) is None
    assert classes.method == "lq" and "fixed limits around 1" in classes.method_label
    assert classes.labels[0].startswith("under 0.80") and "highly specialised" in classes.labels[3]
    assert "0.80 to under 1.25" in classes.labels[1] and "1.25 to under 2.00" in classes.labels[2]
    assert len(set(classes.colours)) == 4


def test_quantile_limits_equal_mapclassify_and_a_hand_computation():
    values = [float(v) for v in range(1, 11)]
    expected = [2.8, 4.6, 6.4, 8.2, 10.0]
    assert list(mapclassify.Quantiles(np.array(values), k=5).bins) == pytest.approx(expected)
    classes = classing.quantile_classes(values, "index")  # 3 decimals: limits kept as they are
    assert classes.limits == pytest.approx(expected)
    assert [classes.index(v) for v in (1, 2.8, 2.81, 4.6, 8.3, 10)] == [0, 0, 1, 1, 4, 4]
    assert "quantiles" in classes.method_label and "5 classes" in classes.method_label
    assert classes.labels[0] == "1.000 to 2.800" and classes.labels[1] == "over 2.800 to 4.600"


def test_head_count_quantiles_have_whole_number_limits_and_labels():
    values = [120.0, 480.0, 1020.0, 2990.0, 15230.0, 800.0, 4410.0, 60.0, 300.0, 9000.0]
    raw = mapclassify.Quantiles(np.array(values), k=5).bins
    classes = classing.quantile_classes(values, "count")
    assert classes.limits[:-1] == [round(b) for b in raw[:-1]]
    assert all(float(limit).is_integer() for limit in classes.limits)
    assert all(not re.search(r"\d\.\d", label) for label in classes.labels)
    assert classes.labels[-1].endswith("15,230")
    # every region lands in the class its label names
    for value in values:
        index = classes.index(value)
        assert value <= classes.limits[index]
        assert index == 0 or value > classes.limits[index - 1]


def test_few_distinct_values_make_fewer_classes_and_no_data_makes_none():
    classes = classing.quantile_classes([3.0, 3.0, 7.0], "count")
    assert len(classes.limits) == len(classes.colours) == len(classes.labels) == 2
    assert classing.quantile_classes([], "count").method == "none"
    assert classing.classify("stars", [0, 3], "count").labels[3] == "3 stars"


def test_one_rounding_rule_formats_figures_for_the_language():
    assert figures.format_figure(1234.5, "count") == "1,235"  # head-counts: no decimals
    assert figures.format_figure(1234.0, "count") == "1,234"
    assert figures.format_figure(0.8, "lq") == "0.80"
    assert figures.format_figure(-0.0001, "complexity") == "0.00"  # never "-0.00"
    assert figures.format_figure(45.25, "relatedness") == "45.3"  # half up, as floatformat
    assert figures.format_figure(2.675, "lq") == "2.68"  # half up on the decimal shown
    assert figures.format_figure(None, "count") == ""
    with translation.override("de"):
        assert figures.format_figure(12345.678, "count") == "12.346"
        assert figures.format_figure(1.5, "lq") == "1,50"
    rendered = Template('{% load figures %}{{ a|figure:"count" }} {{ b|figure:"lq" }}').render(
        Context({"a": 98765.4, "b": 1.234})
    )
    assert rendered == "98,765 1.23"


def test_bar_chart_values_follow_the_rule():
    svg = str(
        charts.bar_chart([("A", 1234.6), ("B", 10.2)], "t", decimals=figures.decimals("count"))
    )
    assert ">1,235<" in svg and ">10<" in svg and "1,234.6" not in svg


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_labels_of_crowded_points_do_not_overlap():
    anchors = [(200.0 + 3 * i, 150.0 + 2 * (i % 3)) for i in range(8)]
    boxes = charts.place_labels(anchors, [str(i + 1) for i in range(8)], (0, 0, 560, 400))
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(0 <= b[0] and b[2] <= 560 and 0 <= b[1] and b[3] <= 400 for b in boxes)


def _candidates(n: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(4)
    return [
        {
            "category": f"C{i:02d}",
            "name": f"Activity number {i} with a rather long descriptive name",
            "relatedness_density": float(40 + rng.normal(0, 3)),
            "relatedness_split": 40.0,
            "complexity": float(rng.normal(0, 0.3)),
            "quadrant": "Q1",
            "rank": i + 1,
        }
        for i in range(n)
    ]


def test_s3_diagram_has_axis_values_numbered_points_and_a_key():
    svg = str(charts.s3_diagram(_candidates(25), "S3"))
    ticks = re.findall(r'font-size="10">([^<]+)</text>', svg)
    assert len(ticks) >= 6 and any("." in t for t in ticks)
    numbers = re.findall(r'font-weight="bold">(\d+)</text>', svg)
    assert numbers == [str(i) for i in range(1, 11)]  # the ten best-ranked, numbered
    key = re.findall(r'<tspan font-weight="bold">(\d+)</tspan> (C\d+) ', svg)
    assert key == [(str(i + 1), f"C{i:02d}") for i in range(10)]
    assert "Activity number 0 with a rather long descriptive name" in svg
    boxes = [
        tuple(float(v) for v in m)
        for m in re.findall(
            r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#fff"', svg
        )
    ]
    boxes = [(x, y, x + w, y + h) for x, y, w, h in boxes]
    assert len(boxes) == 10
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


@pytest.mark.django_db
def test_map_data_names_its_classes_and_rounds_head_counts(client, world):
    body = client.get("/observatory/map/data.json?indicator=employment&level=2").json()
    assert body["classes"]["method"] == "quantiles"
    assert "quantiles" in body["classes"]["method_label"]
    features = [f["properties"] for f in body["regions"]["features"] if f["properties"]["value"]]
    assert features and all("." not in f["shown"] for f in features)
    assert all(0 <= f["class"] < len(body["classes"]["colours"]) for f in features)
    assert body["legend"]["cluster"] == "cluster"
    lq = client.get("/observatory/map/data.json?indicator=location_quotient&level=2").json()
    assert lq["classes"]["method"] == "lq" and lq["classes"]["limits"] == [0.8, 1.25, 2.0]
    shown = [f["properties"] for f in lq["regions"]["features"] if f["properties"]["value"]]
    assert shown and all(re.fullmatch(r"\d+\.\d\d", f["shown"]) for f in shown)


@pytest.mark.django_db
def test_region_page_head_counts_have_no_decimals(client, world):
    from clustera.registry.models import Region

    code = Region.objects.filter(level=2).values_list("code", flat=True).first()
    page = client.get(f"/observatory/regions/{code}/").content.decode()
    figure = re.search(r'<div class="figure">([^<]+)</div>', page).group(1)
    assert re.fullmatch(r"[\d,]+", figure)
    portfolio = page[page.index('id="portfolio"') : page.index('id="indices"')]
    employment = re.findall(r"</a></td><td>([^<]+)</td>", portfolio)
    assert employment and all(re.fullmatch(r"[\d,]+", e) for e in employment)
