"""Downloads through the real code path against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import threading
import time
import urllib.parse
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.cli import main
from clustera.errors import DownloadError, OfflineError
from clustera.io.fetch import (
    DataCache,
    DownloadRequest,
    default_cache_dir,
    eurostat_request,
    nuts_request,
)
from clustera.testing import require_shared


class _Handler(BaseHTTPRequestHandler):
    """Serves files under the server's root, with Range support and injectable faults."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        server = self.server
        path = urllib.parse.urlsplit(self.path).path
        server.requests.append((self.path, self.headers.get("Range")))
        file = server.root / path.lstrip("/")
        if not file.is_file():
            self.send_error(404, "Not Found")
            return
        data = file.read_bytes()
        start = 0
        requested = self.headers.get("Range")
        if requested:
            start = int(requested.split("=")[1].split("-")[0])
            if start >= len(data):
                self.send_error(416, "Range Not Satisfiable")
                return
        body = data[start:]
        self.send_response(206 if requested else 200)
        if requested:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT")
        self.end_headers()
        if server.delay:
            time.sleep(server.delay)
        if path in server.truncate_once:
            server.truncate_once.discard(path)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.root = tmp_path / "www"
    httpd.root.mkdir()
    httpd.requests = []
    httpd.truncate_once = set()
    httpd.delay = 0.0
    httpd.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _publish(server, relative: str, data: bytes) -> Path:
    path = server.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _sample_bytes(*parts: str) -> bytes:
    return require_shared("data", *parts).read_bytes()


def test_eurostat_tsv_download_is_cached_with_checksum_and_filtered(server, tmp_path):
    served = gzip.compress(
        _sample_bytes("eurostat", "eurostat_nama_10r_3empers_api_tsv_excerpt.tsv")
    )
    _publish(server, "api/dissemination/sdmx/2.1/data/nama_10r_3empers", served)
    cache_dir, output = tmp_path / "cache", tmp_path / "de234.csv"
    arguments = [
        "data", "fetch", "eurostat", "nama_10r_3empers", "--filter", "geo=DE234",
        "--base-url", server.base_url, "--cache-dir", str(cache_dir), "--output", str(output),
    ]  # fmt: skip
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    checksum = hashlib.sha256(served).hexdigest()
    assert checksum in result.output and "downloaded" in result.output
    assert "28 observations, 2 flagged" in result.output
    assert (
        server.requests[0][0]
        == "/api/dissemination/sdmx/2.1/data/nama_10r_3empers?format=TSV&compressed=true"
    )
    manifest = json.loads((cache_dir / "manifest.json").read_text())
    record = manifest["eurostat/nama_10r_3empers.tsv.gz"]
    assert record["sha256"] == checksum and record["size"] == len(served)
    assert record["licence"].startswith("Source: Eurostat")
    assert record["last_modified"] == "Sat, 21 Nov 2026 10:00:00 GMT"
    table = pd.read_csv(output, dtype={"time": str})
    assert set(table["geo"]) == {"DE234"} and len(table) == 28
    again = CliRunner().invoke(main, arguments)
    assert again.exit_code == 0 and "(from the cache" in again.output
    assert len(server.requests) == 1  # served from the cache, no second request


def test_eurostat_json_filters_go_to_the_api(server, tmp_path):
    _publish(
        server,
        "api/dissemination/statistics/1.0/data/rd_e_gerdreg",
        _sample_bytes("eurostat", "eurostat_jsonstat2_rd_e_gerdreg_trimmed.json"),
    )
    result = CliRunner().invoke(
        main,
        ["data", "fetch", "eurostat", "rd_e_gerdreg", "--format", "json", "--filter", "geo=DE11,ES43",
         "--base-url", server.base_url, "--cache-dir", str(tmp_path / "cache")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(server.requests[0][0]).query)
    assert query == {"format": ["JSON"], "lang": ["EN"], "geo": ["DE11", "ES43"]}
    assert "7 observations" in result.output and "1 confidential" in result.output


def test_eurostat_sdmx_csv_with_a_series_key(server, tmp_path):
    served = gzip.compress(_sample_bytes("eurostat", "eurostat_pat_ep_rtot_sdmxcsv_excerpt.csv"))
    _publish(server, "api/dissemination/sdmx/2.1/data/pat_ep_rtot/A.NR.", served)
    request = eurostat_request("pat_ep_rtot", "sdmx-csv", key="A.NR.", base_url=server.base_url)
    cached = DataCache(tmp_path / "cache").fetch(request)
    assert cached.path.name == "pat_ep_rtot__A.NR..sdmx.csv.gz"
    assert cached.sha256 == hashlib.sha256(served).hexdigest()


def test_nuts_geometries_download_and_read(server, tmp_path):
    name = "NUTS_RG_20M_2024_4326_LEVL_2.geojson"
    _publish(server, f"distribution/v2/nuts/geojson/{name}", _sample_bytes("nuts", name))
    result = CliRunner().invoke(
        main,
        ["data", "fetch", "nuts", "--year", "2024", "--level", "2", "--scale", "20M",
         "--base-url", server.base_url, "--cache-dir", str(tmp_path / "cache")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "299 NUTS 2024 regions at level 2" in result.output
    assert "EuroGeographics" in result.output


def test_cordis_package_download_and_read(server, tmp_path):
    package = tmp_path / "package.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr(
            "project.csv",
            '"id";"acronym";"title";"startDate";"endDate";"totalCost";"ecMaxContribution"\n'
            '"1";"A";"Alpha";"2020-01-01";"2021-01-01";"10";"8"\n',
        )
        archive.writestr(
            "organization.csv",
            '"projectID";"organisationID";"name";"country";"activityType";"role";"ecContribution"\n'
            '"1";"900";"Org";"AT";"PRC";"coordinator";"8"\n',
        )
    _publish(server, "data/cordis-h2020projects-csv.zip", package.read_bytes())
    result = CliRunner().invoke(
        main,
        [
            "data",
            "fetch",
            "cordis",
            "--base-url",
            server.base_url,
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 projects, 1 organisations, 1 participations" in result.output
    listing = CliRunner().invoke(main, ["data", "list", "--cache-dir", str(tmp_path / "cache")])
    assert "cordis/cordis-h2020projects-csv.zip" in listing.output


def _request(server, name="big.bin", sha256=None):
    return DownloadRequest(
        f"{server.base_url}/{name}", f"test/{name}", "test", name, "test licence", sha256
    )


def test_interrupted_download_is_never_used_and_resumes_with_range(server, tmp_path):
    payload = bytes(range(256)) * 4000
    _publish(server, "big.bin", payload)
    server.truncate_once.add("/big.bin")
    cache = DataCache(tmp_path / "cache")
    with pytest.raises(DownloadError, match="run again to resume"):
        cache.fetch(_request(server))
    target = tmp_path / "cache" / "test" / "big.bin"
    part = target.with_name("big.bin.part")
    assert not target.exists() and part.stat().st_size == len(payload) // 2
    assert cache.manifest() == {}
    seen = []
    cached = cache.fetch(_request(server), progress=lambda done, total: seen.append((done, total)))
    assert server.requests[-1][1] == f"bytes={len(payload) // 2}-"
    assert cached.path.read_bytes() == payload and not part.exists()
    assert cached.sha256 == hashlib.sha256(payload).hexdigest()
    assert seen[-1] == (len(payload), len(payload))


def test_checksum_mismatch_leaves_nothing_behind(server, tmp_path):
    _publish(server, "big.bin", b"published bytes")
    cache = DataCache(tmp_path / "cache")
    with pytest.raises(DownloadError, match="checksum mismatch"):
        cache.fetch(_request(server, sha256="0" * 64))
    assert list((tmp_path / "cache" / "test").iterdir()) == []
    good = cache.fetch(_request(server, sha256=hashlib.sha256(b"published bytes").hexdigest()))
    assert good.path.read_bytes() == b"published bytes"


def test_corrupted_cache_entry_is_downloaded_again(server, tmp_path):
    _publish(server, "big.bin", b"original")
    cache = DataCache(tmp_path / "cache")
    first = cache.fetch(_request(server))
    first.path.write_bytes(b"tampered")
    second = cache.fetch(_request(server))
    assert not second.from_cache and second.path.read_bytes() == b"original"
    assert len(server.requests) == 2


def test_offline_host_gives_a_clear_message(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    request = nuts_request(2021, 2, base_url=f"http://127.0.0.1:{closed_port}")
    with pytest.raises(OfflineError, match="are you offline"):
        DataCache(tmp_path / "cache", timeout=2).fetch(request)
    result = CliRunner().invoke(
        main,
        [
            "data",
            "fetch",
            "nuts",
            "--base-url",
            f"http://127.0.0.1:{closed_port}",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 1 and "offline" in result.output


def test_slow_server_times_out(server, tmp_path):
    _publish(server, "big.bin", b"x" * 10)
    server.delay = 1.5
    with pytest.raises(DownloadError, match="0.3 s"):
        DataCache(tmp_path / "cache", timeout=0.3).fetch(_request(server))


def test_missing_file_reports_the_http_status(server, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        DataCache(tmp_path / "cache").fetch(_request(server, "absent.bin"))


def test_default_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CLUSTERA_CACHE_DIR", raising=False)
    monkeypatch.delenv("CLUSTERA_DATA_DIR", raising=False)
    assert default_cache_dir() == Path("var") / "cache"
    monkeypatch.setenv("CLUSTERA_DATA_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path / "cache"
    monkeypatch.setenv("CLUSTERA_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere"


def test_environment_overrides_the_official_host(monkeypatch):
    monkeypatch.setenv("CLUSTERA_GISCO_URL", "http://mirror.example/")
    assert nuts_request(2016, 3, "60M").url == (
        "http://mirror.example/distribution/v2/nuts/geojson/NUTS_RG_60M_2016_4326_LEVL_3.geojson"
    )


def test_python_api_returns_the_table_with_its_provenance(server, tmp_path):
    from clustera.io.fetch import fetch_eurostat

    served = gzip.compress(_sample_bytes("eurostat", "eurostat_pat_ep_rtot_sdmxcsv_excerpt.csv"))
    _publish(server, "api/dissemination/sdmx/2.1/data/pat_ep_rtot", served)
    table, provenance = fetch_eurostat(
        "pat_ep_rtot",
        file_format="sdmx-csv",
        filters={"geo": ["AT", "AT1"]},
        cache=DataCache(tmp_path / "cache"),
        base_url=server.base_url,
    )
    assert set(table["geo"]) == {"AT", "AT1"}
    assert provenance.last_update == "29/04/16 23:00:00"  # the publisher's date, not the download's
    assert provenance.sha256 == hashlib.sha256(served).hexdigest()
    assert provenance.file_format == "sdmx-csv" and provenance.source == "eurostat"
    assert provenance.licence.startswith("Source: Eurostat") and not provenance.reused


def test_a_download_that_does_not_read_is_reported_and_not_kept(server, tmp_path):
    error = {"error": [{"status": 413, "label": "EXTRACTION_TOO_BIG"}]}
    _publish(
        server, "api/dissemination/statistics/1.0/data/sbs_r_nuts2021", json.dumps(error).encode()
    )
    arguments = ["data", "fetch", "eurostat", "sbs_r_nuts2021", "--format", "json",
                 "--base-url", server.base_url, "--cache-dir", str(tmp_path / "cache")]  # fmt: skip
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1 and "API error response" in result.output
    assert json.loads((tmp_path / "cache" / "manifest.json").read_text()) == {}
    assert not (tmp_path / "cache" / "eurostat" / "sbs_r_nuts2021.json").exists()
    CliRunner().invoke(main, arguments)
    assert len(server.requests) == 2  # asked again rather than reusing the bad file


def test_relative_cache_folder_records_relative_paths(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _publish(server, "big.bin", b"payload")
    cache = DataCache(Path("var") / "cache")
    cached = cache.fetch(_request(server))
    assert cached.path == (tmp_path / "var" / "cache" / "test" / "big.bin").resolve()
    assert list(cache.manifest()) == ["test/big.bin"]
    assert cache.fetch(_request(server)).from_cache
