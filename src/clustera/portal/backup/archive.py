"""The backup file: one ``.tar.gz`` holding a manifest, the database and the data folders.

The manifest (``manifest.json``, first member) records the Clustera version, the
database engine, the applied Django migrations, the row count of every table and
the SHA-256 of every other member, so a restore can refuse a damaged or foreign
file before it changes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clustera.errors import DataFormatError

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "file_sha256",
    "folder_members",
    "read_manifest",
    "unpack_archive",
    "write_archive",
]

FORMAT = "clustera-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1 << 20
# what a damaged gzip or tar stream raises while being read
_READ_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def folder_members(folder: Path, prefix: str) -> dict[str, Path]:
    """Archive member names (``prefix/relative/path``) for every file under a folder."""
    if not folder.is_dir():
        return {}
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def write_archive(out: Path, manifest: Mapping[str, Any], members: Mapping[str, Path]) -> int:
    """Write the backup file atomically (temporary name, then rename), mode 0600; return its size.

    ``manifest`` receives ``members``: the size and SHA-256 of each file, computed here.
    """
    manifest = dict(manifest)
    manifest["members"] = {
        name: {"sha256": file_sha256(path), "size": path.stat().st_size}
        for name, path in members.items()
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        os.chmod(temporary, 0o600)  # mkstemp's default too; said here because it matters
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            encoded = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(encoded)
            info.mode = 0o600
            tar.addfile(info, _BytesReader(encoded))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
            tar.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out.stat().st_size


class _BytesReader:
    """The minimal file object ``TarFile.addfile`` reads a member from."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._offset + size
        chunk = self._data[self._offset : end]
        self._offset += len(chunk)
        return chunk


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise DataFormatError("no such backup file", source=str(path))
    try:
        return tarfile.open(path, mode="r:gz")
    except _READ_ERRORS as exc:
        raise DataFormatError(f"not a readable backup (.tar.gz): {exc}", source=str(path)) from exc


def _parse_manifest(path: Path, tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        first = tar.next()
    except _READ_ERRORS as exc:
        raise DataFormatError(f"corrupt or truncated backup: {exc}", source=str(path)) from exc
    if first is None or first.name != MANIFEST:
        raise DataFormatError(
            "not a Clustera backup: the first member is not the manifest",
            source=str(path),
            field=MANIFEST,
            value=None if first is None else first.name,
        )
    handle = tar.extractfile(first)
    try:
        manifest = json.loads(handle.read() if handle is not None else b"")
    except (ValueError, *_READ_ERRORS) as exc:
        raise DataFormatError(
            f"unreadable manifest: {exc}", source=str(path), field=MANIFEST
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DataFormatError("not a Clustera backup manifest", source=str(path), field=MANIFEST)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DataFormatError(
            f"unsupported backup format version (this code reads {FORMAT_VERSION})",
            source=str(path),
            field="format_version",
            value=manifest.get("format_version"),
        )
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a backup file, without reading the rest of it.

    Raises
    ------
    DataFormatError
        The file is missing, not a gzip tar, or has no Clustera manifest.
    """
    with _open(path) as tar:
        return _parse_manifest(path, tar)


@contextmanager
def unpack_archive(path: Path, into: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """Extract a backup into a new folder under ``into`` and check every member's checksum.

    Yields the manifest and the folder; the folder is removed afterwards. Nothing
    outside ``into`` is written, so a damaged backup changes nothing.

    Raises
    ------
    DataFormatError
        A truncated or corrupt file, a member missing, unexpected or whose SHA-256
        differs from the manifest; the message names the file and the member.
    """
    import shutil

    into.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=into, prefix=".restore-"))
    try:
        with _open(path) as tar:
            manifest = _parse_manifest(path, tar)
            expected: dict[str, dict[str, Any]] = manifest.get("members", {})
            seen = set()
            try:
                for member in tar:
                    if member.name == MANIFEST:
                        continue
                    if member.name not in expected:
                        raise DataFormatError(
                            "member not listed in the manifest",
                            source=str(path),
                            field=member.name,
                        )
                    tar.extract(member, folder, filter="data")
                    seen.add(member.name)
            except _READ_ERRORS as exc:
                raise DataFormatError(
                    f"corrupt or truncated backup: {exc}", source=str(path)
                ) from exc
        _check_members(path, folder, expected, seen)
        yield manifest, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_members(
    path: Path, folder: Path, expected: Mapping[str, Mapping[str, Any]], seen: set[str]
) -> None:
    for name, facts in expected.items():
        if name not in seen:
            raise DataFormatError(
                "member missing (truncated backup?)", source=str(path), field=name
            )
        actual = file_sha256(folder / name)
        if actual != facts.get("sha256"):
            raise DataFormatError(
                f"checksum mismatch: manifest says {facts.get('sha256')}, file has {actual}",
                source=str(path),
                field=name,
            )
