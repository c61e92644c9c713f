"""Latency of one whole partner recommendation among 1M synthetic profiles.

A request = HNSW candidate retrieval (ProfileIndex) + learned re-ranking of the
candidates (LambdaMART on pair features, LightGBM, as ``PairRanker``) + explanations in words. The peer
is exact search (numpy inner products over all profiles) in the same run, which
also gives the retrieval recall@10 of the index.

    uv run python bench/partner_latency.py [--quick] [--profiles N] [--dimensions D]

The last line is the summary: ``partner_latency: p95 ...; exact search p95 ...; ratio``.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import lightgbm
import numpy as np
from threadpoolctl import threadpool_limits

from clustera.matching import ProfileIndex, exact_neighbours

_TYPES = ("company", "university", "research organisation", "public body", "other")


def _rss_mib() -> float:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _profiles(count: int, dimensions: int, seed: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Clustered profile vectors (topics) and attributes with heavy-tailed activity."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((max(count // 500, 8), dimensions)).astype(np.float32)
    topic = rng.integers(0, len(topics), count)
    vectors = np.empty((count, dimensions), dtype=np.float32)
    for start in range(0, count, 100_000):
        stop = min(start + 100_000, count)
        noise = rng.standard_normal((stop - start, dimensions)).astype(np.float32)
        vectors[start:stop] = topics[topic[start:stop]] + 0.8 * noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    attributes = {
        "type": rng.integers(0, len(_TYPES), count),
        "country": rng.integers(0, 30, count),
        "projects": np.floor(rng.pareto(1.5, count) * 2).astype(np.int64),
        "recent": rng.poisson(0.5, count),
    }
    return vectors, attributes


def _features(
    similarity: np.ndarray, query: int, candidates: np.ndarray, attributes: dict[str, np.ndarray]
) -> np.ndarray:
    return np.column_stack(
        [
            similarity,
            attributes["country"][candidates] == attributes["country"][query],
            attributes["type"][candidates] == attributes["type"][query],
            np.log1p(attributes["projects"][candidates]),
            np.log1p(attributes["recent"][candidates]),
        ]
    ).astype(np.float64)


def _model(
    vectors: np.ndarray, attributes: dict[str, np.ndarray], rng: np.random.Generator
) -> lightgbm.LGBMRanker:
    """Fit the re-ranker (lists of 10 candidates) on synthetic pairs labelled from the features."""
    count = len(vectors)
    queries = rng.integers(0, count, 4000)
    others = rng.integers(0, count, (4000, 10))
    rows, labels = [], []
    for query, candidates in zip(queries, others, strict=True):
        similarity = vectors[candidates] @ vectors[query]
        x = _features(similarity, int(query), candidates, attributes)
        logit = 4 * x[:, 0] + 0.7 * x[:, 1] + 0.3 * x[:, 2] + 0.5 * x[:, 3] - 2
        labels.append(rng.random(len(logit)) < 1 / (1 + np.exp(-logit)))
        rows.append(x)
    model = lightgbm.LGBMRanker(
        objective="lambdarank", n_estimators=100, num_leaves=7, random_state=0, n_jobs=1, verbose=-1
    )
    return model.fit(
        np.vstack(rows), np.concatenate(labels).astype(int), group=np.full(len(rows), 10)
    )


def _explain(x: np.ndarray) -> tuple[str, ...]:
    reasons = [f"profile similarity {x[0]:.2f}"]
    if x[1]:
        reasons.append("same country")
    if x[2]:
        reasons.append("same kind of organisation")
    if x[4]:
        reasons.append(f"{int(np.expm1(x[4]))} recent project(s)")
    return tuple(reasons)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100k profiles, 200 requests")
    parser.add_argument("--profiles", type=int, default=None)
    parser.add_argument("--dimensions", type=int, default=128)
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--ef", type=int, default=128, help="HNSW search beam width")
    arguments = parser.parse_args()
    count = arguments.profiles or (100_000 if arguments.quick else 1_000_000)
    requests = arguments.requests or (200 if arguments.quick else 500)
    rng = np.random.default_rng(7)

    vectors, attributes = _profiles(count, arguments.dimensions, seed=42)
    print(f"{count:,} synthetic profiles x {arguments.dimensions} dimensions")
    memory_before = _rss_mib()
    started = time.perf_counter()
    index = ProfileIndex(
        arguments.dimensions, capacity=count, m=16, ef_construction=100, ef_search=arguments.ef
    )
    index.add(range(count), vectors)
    build_seconds = time.perf_counter() - started
    index_mib = _rss_mib() - memory_before
    print(f"index build: {build_seconds:.1f} s, memory {index_mib:.0f} MiB")

    # incremental update: 1,000 edited profiles re-added in place
    edited = rng.choice(count, 1000, replace=False)
    started = time.perf_counter()
    index.add(list(edited), vectors[edited])
    update_ms = (time.perf_counter() - started) * 1000 / 1000
    print(f"profile update: {update_ms:.3f} ms each")

    model = _model(vectors, attributes, rng)
    queries = rng.choice(count, requests, replace=False)
    latencies, cpu_latencies, exact_latencies, recalls = [], [], [], []
    with threadpool_limits(1):
        for query in queries:
            started = time.perf_counter()
            cpu_started = time.process_time()
            labels, similarity = index.search_labels(
                vectors[query : query + 1], arguments.candidates + 1
            )
            keep = labels[0] != query
            candidates, similarity = labels[0][keep], similarity[0][keep]
            features = _features(similarity, int(query), candidates, attributes)
            score = model.predict(features, num_threads=1)
            top = np.argsort(-score)[:10]
            suggestions = [
                (int(candidates[i]), float(score[i]), _explain(features[i])) for i in top
            ]
            latencies.append((time.perf_counter() - started) * 1000)
            cpu_latencies.append((time.process_time() - cpu_started) * 1000)
            assert len(suggestions) == 10
            started = time.perf_counter()
            exact = exact_neighbours(vectors, vectors[query : query + 1], 11)[0]
            exact_latencies.append((time.perf_counter() - started) * 1000)
            exact = exact[exact != query][:10]
            recalls.append(len(set(exact) & set(candidates[:10].tolist())) / 10)
    p50, p95 = np.percentile(latencies, [50, 95])
    exact_p95 = float(np.percentile(exact_latencies, 95))
    recall = float(np.mean(recalls))
    cpu_p50, cpu_p95 = np.percentile(cpu_latencies, [50, 95])
    print(f"whole recommendation: p50 {p50:.2f} ms, p95 {p95:.2f} ms over {requests} requests")
    print(
        f"CPU time per recommendation (excludes waiting for a busy core): p50 {cpu_p50:.2f} "
        f"ms, p95 {cpu_p95:.2f} ms; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"retrieval recall@10 against exact search: {recall:.3f}")
    print(f"exact search alone: p95 {exact_p95:.1f} ms")
    print(
        f"partner_latency: p95 {p95:.2f} ms, recall@10 {recall:.3f}, build {build_seconds:.0f} s, "
        f"index {index_mib:.0f} MiB; exact search p95 {exact_p95:.1f} ms; "
        f"ratio {exact_p95 / p95:.1f}x"
    )


if __name__ == "__main__":
    main()
