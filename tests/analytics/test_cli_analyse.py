"""The ``clustera analyse`` command: every indicator from CSV/Parquet, wide or long."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.analytics import complexity, location_quotient
from clustera.cli import main
from clustera.cli.analyse import INDICATORS

WIDE = pd.DataFrame(
    [[5, 3, 2, 0], [4, 4, 0, 1], [6, 0, 1, 2], [0, 3, 3, 4], [1, 2, 5, 1]],
    index=pd.Index(["r1", "r2", "r3", "r4", "r5"], name="region"),
    columns=["a", "b", "c", "d"],
)


def test_help_lists_every_indicator():
    result = CliRunner().invoke(main, ["analyse", "--help"])
    assert result.exit_code == 0
    for name in INDICATORS:
        assert name in result.output


@pytest.mark.parametrize("indicator", [name for name in INDICATORS if name != "variety"])
def test_every_indicator_runs_on_a_wide_csv(indicator, tmp_path):
    source = tmp_path / "wide.csv"
    WIDE.to_csv(source)
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["analyse", indicator, str(source), "--out", str(output)])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(output)) > 0


def test_long_parquet_panel_gives_the_library_numbers(tmp_path):
    long = WIDE.stack().rename("value").rename_axis(["region", "activity"]).reset_index()
    panel = pd.concat([long.assign(year=2020), long.assign(year=2021)])
    source, output = tmp_path / "long.parquet", tmp_path / "lq.parquet"
    panel.to_parquet(source)
    result = CliRunner().invoke(
        main, ["analyse", "location-quotient", str(source), "--out", str(output)]
    )
    assert result.exit_code == 0, result.output
    written = pd.read_parquet(output).set_index(["year", "region"])
    expected = location_quotient(WIDE)
    pd.testing.assert_frame_equal(written.xs(2021), expected, check_names=False)


def test_complexity_output_carries_eci_and_pci(tmp_path):
    source, output = tmp_path / "wide.csv", tmp_path / "c.csv"
    WIDE.to_csv(source)
    CliRunner().invoke(main, ["analyse", "complexity", str(source), "--out", str(output)])
    written = pd.read_csv(output).set_index(["indicator", "code"])["value"]
    assert written.loc["eci"].to_dict() == pytest.approx(complexity(WIDE).eci.to_dict(), abs=1e-15)


def test_variety_needs_groups_and_uses_them(tmp_path):
    source, output, groups = tmp_path / "wide.csv", tmp_path / "v.csv", tmp_path / "g.csv"
    WIDE.to_csv(source)
    pd.DataFrame({"activity": list("abcd"), "group": ["G1", "G1", "G2", "G2"]}).to_csv(
        groups, index=False
    )
    failed = CliRunner().invoke(main, ["analyse", "variety", str(source), "--out", str(output)])
    assert failed.exit_code != 0 and "--groups" in failed.output
    ok = CliRunner().invoke(
        main, ["analyse", "variety", str(source), "--out", str(output), "--groups", str(groups)]
    )
    assert ok.exit_code == 0, ok.output
    assert {"total_variety", "unrelated_variety", "related_variety"} <= set(
        pd.read_csv(output).columns
    )


def test_invalid_input_is_reported_with_the_offending_value(tmp_path):
    source = tmp_path / "bad.csv"
    bad = WIDE.copy()
    bad.loc["r2", "b"] = -7
    bad.to_csv(source)
    result = CliRunner().invoke(
        main, ["analyse", "location-quotient", str(source), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code != 0 and "-7" in result.output
