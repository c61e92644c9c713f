"""The analyst's round trip: every export of the portal reads back into the library and
``clustera analyse`` without edits (codes stay text), and broken files are messages.

The demo world is seeded once for the module (its seeding is the slow part); each
export is downloaded through the test client, read back with
:func:`clustera.io.read_table`, and given to ``clustera analyse`` through click's runner.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.cli.analyse import analyse
from clustera.io import read_table

pytestmark = pytest.mark.django_db

# A code of the demo world's kinds: NUTS-like regions, dotted NACE or technology codes.
_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]*$|^\d\d(\.\d+)*$|^[A-Z]{1,4}\d*$|^[A-Z]+-?[A-Z0-9:]*$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo world (seed 1, 200 organisations) with an organiser and his event; removed after."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        from django.contrib.auth import get_user_model

        from clustera.portal.seeding import seed_world

        seed_world(seed=1, scale=200)
        get_user_model().objects.create_superuser("roundtrip", "rt@example.org", "x")
        yield
        call_command("flush", verbosity=0, interactive=False)


def _downloads() -> dict[str, str]:
    """Every export URL of the demo world, by name."""
    from clustera.events.models import Event
    from clustera.observatory.models import CellIndicator, Dataset

    dataset = Dataset.objects.get(code="SYN-EMPLOYMENT")
    leaf = (
        CellIndicator.objects.filter(result__dataset=dataset, result__level=3)
        .select_related("region")
        .first()
    )
    category = leaf.category
    region = leaf.region.code
    from clustera.registry.models import Organisation

    clustered = (
        Organisation.objects.filter(type="cluster", region__isnull=False)
        .select_related("region")
        .first()
    )
    urls = {
        "directory.csv": "/api/export/organisations.csv",
        "directory.json": "/api/export/organisations.json",
        "directory.parquet": "/api/export/organisations.parquet",
        "directory-api-page.json": "/api/organisations?limit=100",
        "observations.csv": f"/observatory/datasets/{dataset.pk}/observations.csv",
        "observations.parquet": f"/observatory/datasets/{dataset.pk}/observations.parquet",
        "map.csv": "/observatory/map/data.csv?indicator=location_quotient&level=3"
        f"&category={category}",
        "gaps.json": "/api/gaps?limit=100",
    }
    for table in ("portfolio", "indices", "candidates", "peers", "technologies"):
        urls[f"region-{table}.csv"] = f"/observatory/regions/{region}/data/{table}.csv"
    urls["region-organisations.csv"] = (
        f"/observatory/regions/{clustered.region.code}/data/organisations.csv"
    )
    for table in ("regions", "trend", "shares"):
        urls[f"category-{table}.csv"] = (
            f"/observatory/categories/{dataset.pk}/{category}/data/{table}.csv"
        )
    event = Event.objects.order_by("pk").first()
    urls["event-statistics.csv"] = f"/events/{event.pk}/manage/statistics.csv"
    return urls


# Exports that hold values by region and activity: `clustera analyse` computes on them.
ANALYSABLE = {
    "directory.csv",
    "directory.json",
    "directory.parquet",
    "directory-api-page.json",
    "observations.csv",
    "observations.parquet",
    "map.csv",
}
EXPORTS = [
    "directory.csv",
    "directory.json",
    "directory.parquet",
    "directory-api-page.json",
    "observations.csv",
    "observations.parquet",
    "map.csv",
    "gaps.json",
    "region-portfolio.csv",
    "region-indices.csv",
    "region-candidates.csv",
    "region-peers.csv",
    "region-technologies.csv",
    "region-organisations.csv",
    "category-regions.csv",
    "category-trend.csv",
    "category-shares.csv",
    "event-statistics.csv",
]


def _download(client, name: str, folder: Path) -> Path:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="roundtrip"))
    response = client.get(_downloads()[name])
    assert response.status_code == 200, (name, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    path = folder / name
    path.write_bytes(body)
    return path


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_reads_back_with_codes_as_text(demo, client, tmp_path, name):
    path = _download(client, name, tmp_path)
    frame = read_table(path)
    assert len(frame) > 0, name
    for column in frame.columns:
        if column.lower() in {"region", "region__code", "category", "nace", "technology", "id"}:
            cells = frame[column].dropna()
            assert all(isinstance(cell, str) for cell in cells), (name, column)
            assert cells.map(lambda cell: cell == "" or _CODE.match(cell.split(";")[0])).all(), (
                name,
                column,
                cells.head().tolist(),
            )
    if name.startswith("observations"):  # the demo's NACE-like codes "01", "01.1" keep their zero
        assert frame["category"].str.startswith("0").any(), frame["category"].unique()[:5]
    if name.startswith("directory"):  # multi-valued codes read back as ";"-joined text
        for column in {"nace", "activities", "technologies"} & set(frame.columns):
            assert not frame[column].str.contains(r"[\[\]{}']").any(), (name, column)
    result = CliRunner().invoke(
        analyse, ["location-quotient", str(path), "--out", str(tmp_path / "lq.csv")]
    )
    # never a traceback: click's runner keeps an unexpected exception in result.exception
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        name,
        repr(result.exception),
    )
    if name in ANALYSABLE:
        assert result.exit_code == 0, (name, result.output)
        rca = pd.read_csv(tmp_path / "lq.csv", dtype={"region": str})
        assert len(rca) > 0
    else:
        # not values by region and activity: a message naming the file and what is needed
        assert result.exit_code == 1, (name, result.output)
        assert name in result.output and "region" in result.output, result.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_survey_results_export_reads_back(demo, tmp_path, fmt):
    """Survey results leave the portal through `clustera survey export`; they read back too."""
    from clustera.cli.survey import survey
    from clustera.surveys.models import Survey

    found = next(s for s in Survey.objects.order_by("pk") if s.responses.exists())
    path = tmp_path / f"results.{fmt}"
    exported = CliRunner().invoke(
        survey, ["export", found.slug, "--format", fmt, "--out", str(path)]
    )
    assert exported.exit_code == 0, exported.output
    frame = read_table(path)
    assert len(frame) == found.responses.filter(status="complete").count() > 0
    result = CliRunner().invoke(
        analyse, ["location-quotient", str(path), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    if result.exit_code == 1:
        assert path.name in result.output
