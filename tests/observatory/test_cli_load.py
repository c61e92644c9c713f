"""`clustera data load eurostat`: a real Eurostat file into the portal with its provenance and flags."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clustera.cli import main
from clustera.observatory import models
from clustera.registry.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def _regions_for(codes: set[str]) -> None:
    for code in sorted(codes):
        country, _ = Region.objects.get_or_create(
            code=code[:2],
            nuts_version="2013",
            defaults={"level": 0, "name": code[:2], "country": code[:2]},
        )
        Region.objects.get_or_create(
            code=code,
            nuts_version="2013",
            defaults={"level": len(code) - 2, "name": code, "country": code[:2], "parent": country},
        )


def _load_employment(path, *options: str, **invoke):
    """``clustera data load eurostat`` of the file's persons employed (V16110), NUTS 2013."""
    command = ["data", "load", "eurostat", str(path), "--nuts-version", "2013"]
    return CliRunner().invoke(main, [*command, "--filter", "indic_sb=V16110", *options], **invoke)


def test_load_eurostat_file_keeps_provenance_and_flags(shared):
    from clustera.io import read_eurostat

    path = shared("data", "eurostat", "eurostat_sbs_r_nuts06_r2_legacy_bulk_excerpt.tsv")
    table = read_eurostat(path)
    wanted = table[(table["indic_sb"] == "V16110") & (table["geo"].astype(str).str.len() == 4)]
    _regions_for(set(wanted["geo"].astype(str)))
    result = _load_employment(
        path,
        "--filter",
        "geo=" + ",".join(sorted(set(wanted["geo"].astype(str)))),
        "--unit",
        "persons employed",
        "--no-compute",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    dataset = models.Dataset.objects.get()
    assert dataset.source == "Eurostat" and dataset.attribution == "© European Union, Eurostat"
    assert dataset.rows == len(wanted)
    flagged = int((wanted["obs_flag"].astype(str) != "").sum())
    assert (
        models.Observation.objects.filter(dataset=dataset).exclude(flags="").count() >= flagged > 0
    )


def test_unknown_regions_write_nothing(shared):
    path = shared("data", "eurostat", "eurostat_sbs_r_nuts06_r2_legacy_bulk_excerpt.tsv")
    result = _load_employment(path)
    assert result.exit_code == 1 and "not in NUTS version 2013" in result.output
    assert not models.Dataset.objects.exists()


def test_bad_filter_is_named():
    result = CliRunner().invoke(
        main,
        ["data", "load", "eurostat", "x.tsv", "--nuts-version", "2013", "--filter", "nonsense"],
    )
    assert result.exit_code == 2 and "DIMENSION=VALUE" in result.output
