"""Benchmark: the full complexity and relatedness panel against py-ecomplexity 0.5.3.

    uv run python bench/complexity_panel.py [--quick] [--jobs 2] [--blas-threads 1] [--repeat 3]

1,500 regions x 650 classes x 20 years (about 6M non-zero cells; ``--quick``:
300 x 130 x 4) from a seeded capabilities model with heavy-tailed sizes. Both
sides get the same long table and produce RCA, presence, diversity, ubiquity,
proximity, density, ECI, PCI, COI and COG; Clustera runs with
``convention="ecomplexity"`` so every number is comparable. Each side runs in
its own subprocess (fair peak memory, ``ru_maxrss``) with BLAS pinned to the
same thread count (one by default: faster than two for these mid-size
products and eigenproblems on a 2-core machine); Clustera uses the second core
by computing two years at once (``--jobs 2``). Clustera runs ``--repeat``
times and the fastest run counts; ecomplexity runs once (about 90 s). The
maximum absolute difference of every output is printed, and one summary line last.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out"
SIZES = {"full": (1500, 650, 20), "quick": (300, 130, 4)}
CUBES = ("rca", "mcp", "density", "cog")
REGION_VECTORS = ("eci", "coi", "diversity")
ACTIVITY_VECTORS = ("pci", "ubiquity")


def synthetic_counts(
    n_regions: int, n_activities: int, n_years: int, *, seed: int = 20261121
) -> np.ndarray:
    """(years, regions, activities) counts from a Hausmann-Hidalgo capabilities model.

    Regions hold random subsets of 24 capabilities, activities need some; the
    intensity decays with the number of missing capabilities. Region sizes are
    Pareto (alpha 1.3), activity sizes lognormal; each year perturbs the
    intensities multiplicatively (lognormal, sd 0.08) and draws Poisson counts.
    """
    rng = np.random.default_rng(seed)
    n_capabilities = 24
    holds = rng.random((n_regions, n_capabilities)) < rng.beta(2.0, 2.5, size=(n_regions, 1))
    needs = rng.random((n_activities, n_capabilities)) < rng.beta(1.2, 6.0, size=(n_activities, 1))
    missing = (needs[np.newaxis, :, :] & ~holds[:, np.newaxis, :]).sum(axis=2)
    base = (
        (rng.pareto(1.3, n_regions) + 1.0)[:, np.newaxis]
        * rng.lognormal(0.0, 1.2, n_activities)
        * np.exp(-1.1 * missing)
    )
    base /= np.quantile(base, 0.69)
    counts = np.empty((n_years, n_regions, n_activities))
    drift = np.ones_like(base)
    for year in range(n_years):
        drift *= rng.lognormal(0.0, 0.08, base.shape)
        counts[year] = rng.poisson(0.6 * base * drift)
    return counts


def long_table(counts: np.ndarray, first_year: int = 2005) -> pd.DataFrame:
    """Non-zero cells as a long table: year, region, activity (categorical), value."""
    years, regions, activities = np.nonzero(counts)
    region_labels = [f"R{number:04d}" for number in range(counts.shape[1])]
    activity_labels = [f"A{number:03d}" for number in range(counts.shape[2])]
    return pd.DataFrame(
        {
            "year": (years + first_year).astype(np.int64),
            "region": pd.Categorical.from_codes(regions, categories=region_labels),
            "activity": pd.Categorical.from_codes(activities, categories=activity_labels),
            "value": counts[years, regions, activities],
        }
    )


def save_table(table: pd.DataFrame, path: Path) -> None:
    """Store the long table as raw columns, so loading it costs no conversion memory."""
    np.savez(
        path,
        year=table["year"].to_numpy(),
        region=table["region"].cat.codes.to_numpy(),
        activity=table["activity"].cat.codes.to_numpy(),
        value=table["value"].to_numpy(),
        regions=np.asarray(table["region"].cat.categories, dtype=str),
        activities=np.asarray(table["activity"].cat.categories, dtype=str),
    )


def load_table(path: Path) -> pd.DataFrame:
    with np.load(path) as data:
        return pd.DataFrame(
            {
                "year": data["year"],
                "region": pd.Categorical.from_codes(data["region"], categories=data["regions"]),
                "activity": pd.Categorical.from_codes(
                    data["activity"], categories=data["activities"]
                ),
                "value": data["value"],
            }
        )


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def run_clustera(source: Path, target: Path, jobs: int, blas_threads: int) -> dict[str, float]:
    from threadpoolctl import threadpool_limits

    from clustera.analytics import EconomicComplexity

    table = load_table(source)
    before = _peak_gb()
    with threadpool_limits(blas_threads, user_api="blas"):
        start, cpu_start = time.perf_counter(), time.process_time()
        model = EconomicComplexity(convention="ecomplexity", n_jobs=jobs).fit(table)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = _peak_gb()
    shape = (
        model.eigenvalues_.shape[0],
        len(model.eci_) // model.eigenvalues_.shape[0],
        model.rca_.shape[1],
    )
    for name, frame in zip(
        CUBES, (model.rca_, model.presence_, model.density_, model.cog_), strict=True
    ):
        np.save(target / f"clustera_{name}.npy", frame.to_numpy().reshape(shape))
    for name in REGION_VECTORS:
        np.save(
            target / f"clustera_{name}.npy",
            getattr(model, f"{name}_").to_numpy().reshape(shape[:2]),
        )
    for name in ACTIVITY_VECTORS:
        np.save(
            target / f"clustera_{name}.npy",
            getattr(model, f"{name}_").to_numpy().reshape(shape[0], shape[2]),
        )
    np.save(
        target / "clustera_proximity.npy",
        model.proximity_.to_numpy().reshape(shape[0], shape[2], shape[2]),
    )
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_gb": peak, "input_gb": before}


def run_ecomplexity(source: Path, target: Path) -> dict[str, float]:
    from ecomplexity import ecomplexity, proximity

    table = load_table(source)
    regions, activities = table["region"].cat.categories, table["activity"].cat.categories
    table = table.rename(columns={"region": "loc", "activity": "prod", "value": "val"})
    table["loc"], table["prod"] = table["loc"].astype(str), table["prod"].astype(str)
    columns = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start, cpu_start = time.perf_counter(), time.process_time()
        result = ecomplexity(table, columns, check_logsupermodularity=False, verbose=False)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        start, cpu_start = time.perf_counter(), time.process_time()
        phi = proximity(table, columns)
        proximity_seconds, proximity_cpu = (
            time.perf_counter() - start,
            time.process_time() - cpu_start,
        )
    peak = _peak_gb()
    years = np.sort(table["year"].unique())
    shape = (len(years), len(regions), len(activities))
    t = np.searchsorted(years, result["year"].to_numpy())
    r = pd.Index(regions).get_indexer(result["loc"])
    a = pd.Index(activities).get_indexer(result["prod"])
    for name in CUBES + REGION_VECTORS + ACTIVITY_VECTORS:
        cube = np.full(shape, np.nan)
        cube[t, r, a] = result[name].to_numpy(dtype=float)
        if name in REGION_VECTORS:
            cube = np.nanmax(cube, axis=2)
        elif name in ACTIVITY_VECTORS:
            cube = np.nanmax(cube, axis=1)
        np.save(target / f"ecomplexity_{name}.npy", cube)
    square = np.full((len(years), len(activities), len(activities)), np.nan)
    square[
        np.searchsorted(years, phi["year"].to_numpy()),
        pd.Index(activities).get_indexer(phi["prod_1"]),
        pd.Index(activities).get_indexer(phi["prod_2"]),
    ] = phi["proximity"].to_numpy(dtype=float)
    np.save(target / "ecomplexity_proximity.npy", square)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "proximity_seconds": proximity_seconds,
        "proximity_cpu_seconds": proximity_cpu,
        "peak_gb": peak,
    }


def _worker(
    kind: str, source: Path, target: Path, jobs: int, blas_threads: int
) -> dict[str, float]:
    # Same pinning for both sides: BLAS threads, and no transparent huge pages for numpy's large
    # arrays (with defrag=madvise, first touches stall on compaction on this kind of VM).
    environment = dict(
        os.environ,
        OPENBLAS_NUM_THREADS=str(blas_threads),
        OMP_NUM_THREADS=str(blas_threads),
        MKL_NUM_THREADS=str(blas_threads),
        NUMPY_MADVISE_HUGEPAGE="0",
    )
    command = [
        sys.executable,
        __file__,
        "--worker",
        kind,
        "--source",
        str(source),
        "--target",
        str(target),
        "--jobs",
        str(jobs),
        "--blas-threads",
        str(blas_threads),
    ]
    completed = subprocess.run(
        command, env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="300 x 130 x 4 instead of 1,500 x 650 x 20"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="years computed at once by Clustera (threads)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="Clustera runs; the fastest counts")
    parser.add_argument("--blas-threads", type=int, default=1, help="BLAS threads for both sides")
    parser.add_argument("--skip-peer", action="store_true", help="time Clustera only")
    parser.add_argument("--worker", choices=["clustera", "ecomplexity"], help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker == "clustera":
        print(
            json.dumps(
                run_clustera(
                    arguments.source, arguments.target, arguments.jobs, arguments.blas_threads
                )
            )
        )
        return
    if arguments.worker == "ecomplexity":
        print(json.dumps(run_ecomplexity(arguments.source, arguments.target)))
        return

    size = "quick" if arguments.quick else "full"
    n_regions, n_activities, n_years = SIZES[size]
    target = OUT / f"complexity_panel_{size}"
    target.mkdir(parents=True, exist_ok=True)
    source = target / "input.npz"
    table = long_table(synthetic_counts(n_regions, n_activities, n_years))
    save_table(table, source)
    print(
        f"input: {n_regions} regions x {n_activities} classes x {n_years} years, {len(table):,} non-zero cells"
    )
    print(f"BLAS threads {arguments.blas_threads} on both sides; Clustera jobs {arguments.jobs}")
    runs = [
        _worker("clustera", source, target, arguments.jobs, arguments.blas_threads)
        for _ in range(arguments.repeat)
    ]
    ours = min(runs, key=lambda run: run["seconds"])
    print(
        f"clustera    : {ours['seconds']:.2f} s wall, {ours['cpu_seconds']:.2f} s CPU, peak RSS {ours['peak_gb']:.2f} GB (input loaded {ours['input_gb']:.2f} GB)"
    )
    if arguments.skip_peer:
        print(
            f"complexity_panel: {ours['seconds']:.2f} s, {ours['peak_gb']:.2f} GB; ecomplexity not run; n/a"
        )
        return
    theirs = _worker("ecomplexity", source, target, arguments.jobs, arguments.blas_threads)
    print(
        f"ecomplexity : {theirs['seconds']:.2f} s wall, {theirs['cpu_seconds']:.2f} s CPU "
        f"(+ proximity() {theirs['proximity_seconds']:.2f} s wall, {theirs['proximity_cpu_seconds']:.2f} s CPU), "
        f"peak RSS {theirs['peak_gb']:.2f} GB"
    )
    worst = 0.0
    for name in CUBES + REGION_VECTORS + ACTIVITY_VECTORS + ("proximity",):
        mine, peer = (
            np.load(target / f"clustera_{name}.npy"),
            np.load(target / f"ecomplexity_{name}.npy"),
        )
        both = ~np.isnan(peer)
        difference = float(np.max(np.abs(mine[both] - peer[both]))) if both.any() else float("nan")
        nan_mismatch = int((np.isnan(mine) != np.isnan(peer)).sum())
        worst = max(worst, difference)
        print(
            f"  max |clustera - ecomplexity| {name:<10} {difference:.3g}  (NaN-pattern mismatches: {nan_mismatch})"
        )
    for array in target.glob("*.npy"):
        array.unlink()  # about 1.3 GB at full size; the input stays for reruns of a worker
    ratio = theirs["seconds"] / ours["seconds"]
    cpu_ratio = theirs["cpu_seconds"] / ours["cpu_seconds"]
    full_ratio = (theirs["seconds"] + theirs["proximity_seconds"]) / ours["seconds"]
    full_cpu_ratio = (theirs["cpu_seconds"] + theirs["proximity_cpu_seconds"]) / ours["cpu_seconds"]
    load = os.getloadavg()[0]
    print(f"machine load average {load:.1f} on {os.cpu_count()} CPUs")
    print(
        f"ratios: wall {ratio:.0f}x, CPU {cpu_ratio:.0f}x against ecomplexity() alone; "
        f"wall {full_ratio:.0f}x, CPU {full_cpu_ratio:.0f}x against ecomplexity() + proximity()"
    )
    # The full outputs (proximity included) take both of ecomplexity's calls.
    full_seconds = theirs["seconds"] + theirs["proximity_seconds"]
    print(
        f"complexity_panel: {ours['seconds']:.2f} s, {ours['peak_gb']:.2f} GB, max abs diff {worst:.2g}; "
        f"ecomplexity+proximity {full_seconds:.1f} s, {theirs['peak_gb']:.2f} GB; {full_ratio:.0f}x faster "
        f"({ratio:.0f}x against ecomplexity() alone)"
    )


if __name__ == "__main__":
    main()
