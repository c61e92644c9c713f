"""Hashed static files: a file never collected keeps its plain address instead of an error."""

from __future__ import annotations

from clustera.portal.staticfiles import HashedStaticFilesStorage


def test_an_uncollected_file_keeps_its_plain_address(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"  # empty: collectstatic never ran
    storage = HashedStaticFilesStorage(location=settings.STATIC_ROOT, base_url="/static/")
    assert storage.url("clustera/site.css") == "/static/clustera/site.css"


def test_a_collected_file_gets_its_hashed_address(tmp_path, settings):
    root = tmp_path / "static"
    (root / "clustera").mkdir(parents=True)
    (root / "clustera" / "site.css").write_text("body { color: black; }\n")
    settings.STATIC_ROOT = root
    storage = HashedStaticFilesStorage(location=root, base_url="/static/")
    url = storage.url("clustera/site.css")
    assert url.startswith("/static/clustera/site.") and url.endswith(".css")
    assert url != "/static/clustera/site.css"
