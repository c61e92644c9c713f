"""An on-disk download cache: checksummed, resumable, atomic.

A file is downloaded to ``<name>.part`` and renamed to ``<name>`` only when
its length matches the server's and (when one is expected) its SHA-256 too,
so a partial download is never used. An interrupted download resumes from
the ``.part`` file with an HTTP ``Range`` request. Every completed file is
recorded in ``manifest.json`` with its address, SHA-256, size, download time
and licence, which is the provenance the portal stores with a dataset.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clustera.errors import DownloadError, InvalidInputError, OfflineError

__all__ = ["CachedFile", "DataCache", "DownloadRequest", "ProgressCallback", "default_cache_dir"]

ProgressCallback = Callable[[int, int | None], None]

_CHUNK = 1 << 16
_USER_AGENT = "clustera-data-fetch/0.1 (+https://github.com/clustera)"


def default_cache_dir() -> Path:
    """Return the cache folder: ``$CLUSTERA_CACHE_DIR``, ``$CLUSTERA_DATA_DIR/cache`` or ``./var/cache``."""
    if os.environ.get("CLUSTERA_CACHE_DIR"):
        return Path(os.environ["CLUSTERA_CACHE_DIR"])
    if os.environ.get("CLUSTERA_DATA_DIR"):
        return Path(os.environ["CLUSTERA_DATA_DIR"]) / "cache"
    return Path("var") / "cache"


@dataclass(frozen=True)
class DownloadRequest:
    """One file to download: where from, where to in the cache, and what it is.

    ``sha256`` is the expected checksum when the publisher gives one; the
    download is refused when it differs.
    """

    url: str
    filename: str
    source: str
    dataset: str
    licence: str
    sha256: str | None = None


@dataclass(frozen=True)
class CachedFile:
    """A completed, verified file in the cache, with its provenance."""

    path: Path
    url: str
    sha256: str
    size: int
    downloaded_at: str
    source: str
    dataset: str
    licence: str
    last_modified: str = ""
    from_cache: bool = field(default=False, compare=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_offline(reason: object) -> bool:
    # Refused connections, DNS failures and unreachable networks mean "offline"; a TLS or
    # certificate failure is a real download error and must not be reported as offline.
    if isinstance(reason, ssl.SSLError | TimeoutError):
        return False
    return isinstance(reason, OSError)


class DataCache:
    """The download cache of ``clustera data fetch``.

    Parameters
    ----------
    root : Path, optional
        Cache folder (:func:`default_cache_dir` when omitted).
    timeout : float
        Seconds to wait for a connection or for the next block of data.
    """

    def __init__(self, root: str | Path | None = None, timeout: float = 60.0) -> None:
        if timeout <= 0:
            raise InvalidInputError("timeout must be positive", field="timeout", value=timeout)
        self.root = Path(root) if root is not None else default_cache_dir()
        self.timeout = timeout

    @property
    def manifest_path(self) -> Path:
        """The JSON file recording every completed download."""
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, dict[str, Any]]:
        """Return the manifest: cache-relative path -> provenance record."""
        if not self.manifest_path.is_file():
            return {}
        records: dict[str, dict[str, Any]] = json.loads(
            self.manifest_path.read_text(encoding="utf-8")
        )
        return records

    def _record(self, cached: CachedFile) -> None:
        records = self.manifest()
        entry = asdict(cached)
        entry.pop("from_cache")
        entry["path"] = cached.path.relative_to(self.root.resolve()).as_posix()
        records[entry["path"]] = entry
        temporary = self.manifest_path.with_suffix(".json.part")
        temporary.write_text(json.dumps(records, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.manifest_path)

    def target(self, request: DownloadRequest) -> Path:
        """Return where the request's file lives in the cache (inside the root)."""
        path = (self.root / request.filename).resolve()
        if self.root.resolve() not in path.parents:
            raise InvalidInputError(
                "file name escapes the cache folder", field="filename", value=request.filename
            )
        return path

    def cached(self, request: DownloadRequest) -> CachedFile | None:
        """Return the cached file when present, recorded and intact; else None."""
        path = self.target(request)
        record = self.manifest().get(path.relative_to(self.root.resolve()).as_posix())
        if record is None or not path.is_file() or record.get("url") != request.url:
            return None
        if _sha256(path) != record["sha256"]:
            return None
        fields = {
            key: record.get(key, "")
            for key in (
                "url",
                "sha256",
                "downloaded_at",
                "source",
                "dataset",
                "licence",
                "last_modified",
            )
        }
        return CachedFile(path=path, size=int(record["size"]), from_cache=True, **fields)

    def discard(self, request: DownloadRequest) -> None:
        """Remove a file and its manifest record, e.g. when it turned out not to read."""
        path = self.target(request)
        records = self.manifest()
        key = path.relative_to(self.root.resolve()).as_posix()
        if key in records:
            del records[key]
            temporary = self.manifest_path.with_suffix(".json.part")
            temporary.write_text(json.dumps(records, indent=2, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.manifest_path)
        path.unlink(missing_ok=True)

    def fetch(
        self,
        request: DownloadRequest,
        *,
        refresh: bool = False,
        progress: ProgressCallback | None = None,
    ) -> CachedFile:
        """Return the requested file, downloading it only when it is not cached intact.

        Parameters
        ----------
        request : DownloadRequest
        refresh : bool
            Download again even when a verified copy is cached.
        progress : callable, optional
            Called as ``progress(bytes_so_far, total_or_None)`` while downloading.

        Raises
        ------
        OfflineError
            The host cannot be reached (no network, DNS failure, refused).
        DownloadError
            HTTP error, timeout, truncated transfer or checksum mismatch; a
            truncated transfer leaves the ``.part`` file for the next attempt.
        """
        if not refresh:
            hit = self.cached(request)
            if hit is not None:
                return hit
        path = self.target(request)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        if refresh and part.exists():
            part.unlink()
        last_modified = self._download(request.url, part, progress)
        digest = _sha256(part)
        if request.sha256 is not None and digest != request.sha256.lower():
            part.unlink()
            raise DownloadError(
                f"checksum mismatch for {request.url}: expected {request.sha256}, got {digest}"
            )
        os.replace(part, path)
        cached = CachedFile(
            path=path,
            url=request.url,
            sha256=digest,
            size=path.stat().st_size,
            downloaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=request.source,
            dataset=request.dataset,
            licence=request.licence,
            last_modified=last_modified,
        )
        self._record(cached)
        return cached

    def _open(self, url: str, start: int) -> http.client.HTTPResponse:
        headers = {"User-Agent": _USER_AGENT}
        if start:
            headers["Range"] = f"bytes={start}-"
        if not url.startswith(("http://", "https://")):
            raise InvalidInputError("only http(s) addresses can be fetched", field="url", value=url)
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
        try:
            opened = urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
            response: http.client.HTTPResponse = opened
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and start:
                raise
            raise DownloadError(f"HTTP {exc.code} {exc.reason} from {url}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise DownloadError(f"no answer from {url} within {self.timeout:g} s") from exc
            if _is_offline(exc.reason):
                raise OfflineError(
                    f"cannot reach {url} ({exc.reason}); are you offline? Cached files stay usable"
                ) from exc
            raise DownloadError(f"cannot download {url}: {exc.reason}") from exc
        except TimeoutError as exc:
            raise DownloadError(f"no answer from {url} within {self.timeout:g} s") from exc
        return response

    def _download(self, url: str, part: Path, progress: ProgressCallback | None) -> str:
        start = part.stat().st_size if part.exists() else 0
        try:
            response = self._open(url, start)
        except urllib.error.HTTPError:  # 416: the .part is unusable, start over
            part.unlink()
            start = 0
            response = self._open(url, 0)
        with response:
            if start and response.status == 206:
                content_range = response.headers.get("Content-Range", "")
                if not content_range.startswith(f"bytes {start}-"):
                    raise DownloadError(
                        f"server resumed {url} at the wrong offset: {content_range!r}"
                    )
                mode = "ab"
            else:
                start, mode = 0, "wb"
            length = response.headers.get("Content-Length")
            total = start + int(length) if length is not None else None
            received = start
            try:
                with open(part, mode) as handle:
                    while True:
                        block = response.read(_CHUNK)
                        if not block:
                            break
                        handle.write(block)
                        received += len(block)
                        if progress is not None:
                            progress(received, total)
            except TimeoutError as exc:
                raise DownloadError(
                    f"download of {url} stalled for {self.timeout:g} s at {received} bytes; run again to resume"
                ) from exc
            except (http.client.IncompleteRead, ConnectionError) as exc:
                raise DownloadError(
                    f"download of {url} broke off at {received} bytes; run again to resume"
                ) from exc
            if total is not None and received != total:
                raise DownloadError(
                    f"download of {url} ended at {received} of {total} bytes; run again to resume"
                )
            return str(response.headers.get("Last-Modified", ""))
