"""Benchmark: synthetic patent records (Parquet) to the region x class x year matrix.

DuckDB (``clustera.aggregation.aggregate_patents``, default engine) against the
peer, pandas (``pandas.read_parquet`` with pyarrow, then ``groupby().sum()``), in
the same run; Spark in local mode runs the same SQL and its time is reported
beside them. Each engine runs in its own subprocess so that its peak resident
memory (the whole process tree, JVM included) is measured alone.

Usage::

    uv run python bench/aggregate_patents.py            # 50M records
    uv run python bench/aggregate_patents.py --quick    # 2M records
    uv run python bench/aggregate_patents.py --no-spark --repeat 3

The records are generated once by ``clustera.synth.write_patent_records`` into
``bench/out/`` and reused. The summary line comes last.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parent / "out"
SEED = 2026
N_REGIONS = 1_000
N_CLASSES = 35
YEARS = (2005, 2022)
FULL_RECORDS = 50_000_000
QUICK_RECORDS = 2_000_000
ENGINES = ("duckdb", "pandas", "spark")


def records_path(n_records: int) -> Path:
    """Generate the records once (atomically: a partial file is never reused)."""
    path = OUT / f"patents_{n_records}_seed{SEED}_r{N_REGIONS}_c{N_CLASSES}.parquet"
    if path.exists() and pq.ParquetFile(path).metadata.num_rows == n_records:
        print(f"reusing {path.relative_to(OUT.parent.parent)}", flush=True)
        return path
    from clustera.synth import write_patent_records

    print(f"generating {n_records:,} synthetic patent records ...", flush=True)
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    written = write_patent_records(
        partial,
        seed=SEED,
        n_records=n_records,
        n_regions=N_REGIONS,
        n_classes=N_CLASSES,
        years=YEARS,
    )
    partial.replace(path)
    print(
        f"  {written.n_applications:,} applications, {path.stat().st_size / 1e6:,.0f} MB, "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return path


# Workers: each runs in a fresh process and prints one JSON line.


def work_duckdb(source: Path, target: Path) -> dict[str, float]:
    from clustera.aggregation import aggregate_patents

    started = time.perf_counter()
    matrix = aggregate_patents(source)
    seconds = time.perf_counter() - started
    matrix.to_parquet(target)
    return {"seconds": seconds, "cells": len(matrix)}


def work_pandas(source: Path, target: Path) -> dict[str, float]:
    started = time.perf_counter()
    records = pd.read_parquet(
        source, columns=["region", "tech_class", "year", "region_share", "class_share"]
    )
    records["value"] = records["region_share"] * records["class_share"]
    grouped = records.groupby(["region", "tech_class", "year"], sort=True)["value"].sum()
    matrix = grouped.reset_index().rename(columns={"tech_class": "activity"})
    seconds = time.perf_counter() - started
    matrix.to_parquet(target)
    return {"seconds": seconds, "cells": len(matrix)}


def work_spark(source: Path, target: Path) -> dict[str, float]:
    from clustera.aggregation import SparkEngine, aggregate_patents

    started = time.perf_counter()
    engine = SparkEngine(master="local[*]", config={"spark.driver.memory": "2g"})
    engine.session()
    start_seconds = time.perf_counter() - started
    started = time.perf_counter()
    matrix = aggregate_patents(source, engine=engine)
    seconds = time.perf_counter() - started
    engine.stop()
    matrix.to_parquet(target)
    return {"seconds": seconds, "session_start_seconds": start_seconds, "cells": len(matrix)}


WORKERS = {"duckdb": work_duckdb, "pandas": work_pandas, "spark": work_spark}


def run_worker(engine: str, source: Path, target: Path) -> dict[str, float]:
    """Run one engine in a subprocess; add its peak memory (max RSS, and the tree's RSS sum)."""
    command = [sys.executable, __file__, "--worker", engine, str(source), str(target)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        try:
            tree = [watched, *watched.children(recursive=True)]
            tree_peak = max(tree_peak, sum(member.memory_info().rss for member in tree))
        except psutil.Error:
            pass
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"{engine} worker failed with exit code {process.returncode}")
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux: the exact peak of the worker process itself.
    figures["peak_bytes"] = max(usage.ru_maxrss * 1024, tree_peak)
    return figures


def differences(left: Path, right: Path) -> tuple[float, float]:
    """Largest absolute and relative differences between two matrices; differing keys fail."""
    keys = ["region", "activity", "year"]
    a = pd.read_parquet(left).astype({"region": str, "activity": str, "year": "int64"})
    b = pd.read_parquet(right).astype({"region": str, "activity": str, "year": "int64"})
    merged = a.merge(b, on=keys, how="outer", suffixes=("_a", "_b"), indicator=True)
    if not (merged["_merge"] == "both").all():
        raise SystemExit(f"{left.name} and {right.name} hold different (region, class, year) cells")
    absolute = (merged["value_a"] - merged["value_b"]).abs()
    scale = merged[["value_a", "value_b"]].abs().max(axis=1)
    return float(absolute.max()), float((absolute / scale).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_RECORDS:,} records")
    parser.add_argument("--records", type=int, help="number of records (overrides --quick)")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of DuckDB and pandas; the fastest counts"
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("ENGINE", "SOURCE", "TARGET"), help=argparse.SUPPRESS
    )
    arguments = parser.parse_args()
    if arguments.worker:
        engine, source, target = arguments.worker
        print(json.dumps(WORKERS[engine](Path(source), Path(target))), flush=True)
        return

    n_records = arguments.records or (QUICK_RECORDS if arguments.quick else FULL_RECORDS)
    OUT.mkdir(parents=True, exist_ok=True)
    source = records_path(n_records)
    engines = [engine for engine in ENGINES if not (engine == "spark" and arguments.no_spark)]
    figures: dict[str, dict[str, float]] = {}
    for engine in engines:
        target = OUT / f"matrix_{engine}_{n_records}.parquet"
        print(f"{engine} ...", flush=True)
        repeat = 1 if engine == "spark" else arguments.repeat
        runs = [run_worker(engine, source, target) for _ in range(repeat)]
        # The machine is shared: the fastest run is the least disturbed one; memory is the worst.
        figures[engine] = min(runs, key=lambda run: run["seconds"])
        figures[engine]["peak_bytes"] = max(run["peak_bytes"] for run in runs)
        extra = figures[engine].get("session_start_seconds")
        print(
            f"  {figures[engine]['seconds']:.2f} s, peak {figures[engine]['peak_bytes'] / 2**30:.2f} GiB, "
            f"{int(figures[engine]['cells']):,} cells"
            + (f" (session start {extra:.1f} s, not counted)" if extra is not None else ""),
            flush=True,
        )
    duckdb_matrix = OUT / f"matrix_duckdb_{n_records}.parquet"
    gaps = {
        engine: differences(duckdb_matrix, OUT / f"matrix_{engine}_{n_records}.parquet")
        for engine in engines
        if engine != "duckdb"
    }
    for engine, (absolute, relative) in gaps.items():
        print(
            f"duckdb vs {engine}: max |diff| {absolute:.3g}, max relative {relative:.3g}",
            flush=True,
        )

    duckdb, pandas = figures["duckdb"], figures["pandas"]
    spark = (
        f", spark local {figures['spark']['seconds']:.1f} s (max |diff| {gaps['spark'][0]:.1g})"
        if "spark" in figures
        else ""
    )
    print(
        f"aggregate_patents ({n_records / 1e6:g}M records): "
        f"duckdb {duckdb['seconds']:.2f} s, {duckdb['peak_bytes'] / 2**30:.2f} GiB peak; "
        f"pandas {pandas['seconds']:.2f} s, {pandas['peak_bytes'] / 2**30:.2f} GiB peak "
        f"(max |diff| {gaps['pandas'][0]:.1g}); "
        f"{pandas['seconds'] / duckdb['seconds']:.1f}x faster{spark}"
    )


if __name__ == "__main__":
    main()
