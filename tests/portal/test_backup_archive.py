"""The backup file format without a database: atomic writing, checksums, and the docs."""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from clustera.cli.backup import backup
from clustera.errors import DataFormatError
from clustera.portal.backup import archive

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = {"format": archive.FORMAT, "format_version": archive.FORMAT_VERSION, "engine": "sqlite"}


@pytest.fixture
def members(tmp_path):
    (tmp_path / "src" / "media" / "reports").mkdir(parents=True)
    (tmp_path / "src" / "database.sqlite3").write_bytes(b"SQLite format 3\0" + bytes(4000))
    (tmp_path / "src" / "media" / "reports" / "r.html").write_text("<h1>r</h1>")
    found = {"database.sqlite3": tmp_path / "src" / "database.sqlite3"}
    found.update(archive.folder_members(tmp_path / "src" / "media", "media"))
    return found


def test_written_backup_is_private_complete_and_checksummed(tmp_path, members):
    out = tmp_path / "backups" / "b.tar.gz"
    size = archive.write_archive(out, MANIFEST, members)
    assert out.stat().st_size == size
    assert out.stat().st_mode & 0o777 == 0o600
    assert list(out.parent.iterdir()) == [out]  # no temporary file left beside it
    manifest = archive.read_manifest(out)
    assert set(manifest["members"]) == {"database.sqlite3", "media/reports/r.html"}
    # sha256 of "<h1>r</h1>", computed independently with `printf '<h1>r</h1>' | sha256sum`
    assert manifest["members"]["media/reports/r.html"] == {
        "sha256": "465201611d3eeb2ee6c5642b9d31180a0b11be4635bf3d5aefb2506c04e6f741",
        "size": 10,
    }
    with archive.unpack_archive(out, tmp_path / "work") as (_, folder):
        assert (folder / "media" / "reports" / "r.html").read_text() == "<h1>r</h1>"
    assert list((tmp_path / "work").iterdir()) == []  # the unpacked copy is removed


def test_a_failed_write_leaves_no_file(tmp_path, members, monkeypatch):
    out = tmp_path / "backups" / "b.tar.gz"
    archive.write_archive(out, MANIFEST, members)
    before = out.read_bytes()
    original_add = tarfile.TarFile.add

    def add_then_fail(self, name, arcname=None, **kwargs):
        original_add(self, name, arcname=arcname, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", add_then_fail)
    with pytest.raises(OSError, match="No space left"):
        archive.write_archive(out, MANIFEST, members)
    # the earlier backup under the same name is intact and no partial file is left
    assert list(out.parent.iterdir()) == [out]
    assert out.read_bytes() == before


def test_a_changed_member_is_named(tmp_path, members):
    out = tmp_path / "b.tar.gz"
    archive.write_archive(out, MANIFEST, members)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(out, "r:gz") as tar, tarfile.open(tampered, "w:gz") as target:
        for member in tar:
            data = tar.extractfile(member).read()
            if member.name == "media/reports/r.html":
                data = b"<h1>R</h1>"
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(DataFormatError, match=r"tampered\.tar\.gz, field 'media/reports/r\.html'"):
        with archive.unpack_archive(tampered, tmp_path / "work"):
            pass


def test_a_tar_without_manifest_is_not_a_backup(tmp_path):
    plain = tmp_path / "plain.tar.gz"
    (tmp_path / "a.txt").write_text("a")
    with tarfile.open(plain, "w:gz") as tar:
        tar.add(tmp_path / "a.txt", arcname="a.txt")
    with pytest.raises(DataFormatError, match="first member is not the manifest"):
        archive.read_manifest(plain)
    (tmp_path / "m.json").write_text(json.dumps({**MANIFEST, "format_version": 99}))
    future = tmp_path / "future.tar.gz"
    with tarfile.open(future, "w:gz") as tar:
        tar.add(tmp_path / "m.json", arcname="manifest.json")
    with pytest.raises(DataFormatError, match="format_version.*99"):
        archive.read_manifest(future)


def test_every_backup_command_and_option_is_documented():
    text = (ROOT / "docs" / "operations" / "backup.md").read_text()
    assert "clustera backup create" in (ROOT / "README.md").read_text()
    runner = CliRunner()
    for name, command in backup.commands.items():
        assert f"clustera backup {name}" in text, name
        options = re.findall(r"--[a-z-]+", runner.invoke(backup, [name, "--help"]).output)
        for option in set(options) - {"--help"}:
            assert option in text, f"{name} {option}"
