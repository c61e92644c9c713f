"""Server-side SVG charts: accessible names, escaped labels, shapes per quadrant, localised numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils import translation

from clustera.observatory import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_an_accessible_image_with_escaped_labels():
    svg = charts.bar_chart([("<script>", 1234.5), ("B & C", 10.0)], "Employment", "persons")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert (
        root.find(f"{SVG}title").get("id") == title_id
        and root.find(f"{SVG}title").text == "Employment"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] * 100  # bars proportional to the values


def test_numbers_in_charts_follow_the_active_language():
    with translation.override("de"):
        german = charts.bar_chart([("A", 1234.5)], "t")
    with translation.override("en"):
        english = charts.bar_chart([("A", 1234.5)], "t")
    assert "1.234,5" in german and "1,234.5" in english


def test_s3_diagram_marks_each_quadrant_with_its_own_shape_and_colour():
    points = [
        {
            "category": "a",
            "relatedness_density": 80.0,
            "relatedness_split": 50.0,
            "complexity": 1.0,
            "quadrant": "Q1",
            "rank": 1,
        },
        {
            "category": "b",
            "relatedness_density": 20.0,
            "relatedness_split": 50.0,
            "complexity": 1.0,
            "quadrant": "Q2",
            "rank": 2,
        },
        {
            "category": "c",
            "relatedness_density": 80.0,
            "relatedness_split": 50.0,
            "complexity": -1.0,
            "quadrant": "Q3",
            "rank": 3,
        },
        {
            "category": "d",
            "relatedness_density": 20.0,
            "relatedness_split": 50.0,
            "complexity": -1.0,
            "quadrant": "Q4",
            "rank": 4,
        },
    ]
    root = ET.fromstring(charts.s3_diagram(points, "S3"))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert len(list(root.iter(f"{SVG}polygon"))) == 2  # diamond and triangle
    fills = {
        e.get("fill") for e in root.iter() if e.get("fill") in charts.QUADRANT_COLOURS.values()
    }
    assert fills == set(charts.QUADRANT_COLOURS.values())
    assert "Q1: 1, Q2: 1, Q3: 1, Q4: 1" in root.find(f"{SVG}desc").text


def test_line_chart_without_data_says_so():
    assert "No data" in charts.line_chart({}, "empty")


def test_rounding_is_the_same_in_every_language():
    """Only the separators change with the language: the rounded digits stay the same."""
    import re

    from django.template import Context, Template

    template = Template(
        '{{ v|floatformat:"1g" }}|{{ v|floatformat:"2g" }}|{{ v|floatformat:"0g" }}'
    )
    values = [0.05, 0.25, 1.005, 2.675, 1234.45, 1234.55, -0.35, 99999.95]
    digits = {}
    for language in ("en", "fr", "de"):
        with translation.override(language):
            shown = [
                charts._number(v, 1) + "|" + template.render(Context({"v": v})) for v in values
            ]
        digits[language] = [re.sub(r"[^\d|-]", "", s) for s in shown]
    assert digits["fr"] == digits["en"] == digits["de"]
