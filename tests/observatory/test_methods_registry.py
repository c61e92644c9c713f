"""Methods pages: one docs page each, every linked slug reachable, no stub left unreached."""

from __future__ import annotations

import re
from pathlib import Path

from clustera.analytics import INDICATORS
from clustera.observatory.selectors import MAP_INDICATORS
from clustera.observatory.views import METHODS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "clustera"


def test_every_methods_page_has_its_docs_file():
    missing = [slug for slug, (_, page) in METHODS.items() if not (ROOT / "docs" / page).is_file()]
    assert not missing


def test_every_indicator_of_the_registry_has_a_methods_page():
    assert {entry.slug for entry in INDICATORS.values()} <= set(METHODS)


def test_every_linked_method_exists():
    linked = {spec.method for spec in MAP_INDICATORS.values()}
    for template in TEMPLATES.rglob("*.html"):
        linked |= set(re.findall(r"'observatory:method' '([a-z0-9-]+)'", template.read_text()))
    assert linked and linked <= set(METHODS)


def test_no_observatory_methods_page_is_unreachable():
    reached = {page for _, page in METHODS.values()}
    stubs = {
        f"observatory/methods/{p.name}" for p in (ROOT / "docs/observatory/methods").glob("*.md")
    }
    assert stubs <= reached


def test_map_labels_and_method_links_come_from_the_registry():
    assert MAP_INDICATORS["stars"].label == "Cluster stars (0-3)"
    assert MAP_INDICATORS["complexity"].label == "Economic complexity index (ECI)"
    assert MAP_INDICATORS["complexity"].method == INDICATORS["complexity"].slug
