"""The evaluation protocol: queries, ranks and metrics checked by hand, then on real data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.cli import main
from clustera.errors import InvalidInputError
from clustera.matching import (
    CollaborationHistory,
    PairRanker,
    completion_queries,
    evaluate_recommenders,
)
from clustera.matching._evaluation import rank_metrics, ranks_of
from clustera.testing import require_shared


def test_queries_one_per_warm_participant_and_cold_start_apart(tiny_history):
    warm = pd.Index(["a", "b", "c", "d", "e"])
    queries = completion_queries(tiny_history, warm, 2019)
    assert [(q.org_id, q.relevant, q.warm) for q in queries] == [
        ("a", ("c",), True),
        ("c", ("a",), True),
        ("x", ("a", "c"), False),
    ]
    assert queries[0].context == ("SC1",)


def test_ranks_count_ties_after_the_tie_break_in_favour():
    score = np.array([2.0, 3.0, 2.0, 2.0, 1.0])
    tie_break = np.array([2.0, 3.0, 2.0, 1.0, 1.0])
    # item 2 ties with 0 (same tie-break: not above) and is above 3 by tie-break
    assert ranks_of(np.array([2]), score, tie_break, np.array([0])).tolist() == [2]
    assert ranks_of(np.array([3]), score, tie_break, np.array([], dtype=np.int64)).tolist() == [4]


def test_rank_metrics_equal_the_metrics_of_every_rank():
    """The O(n) metrics agree with ranking every relevant item, ties and exclusions included."""
    rng = np.random.default_rng(7)
    for case in range(3000):
        n = int(rng.integers(2, 60))
        # integer scores give heavy ties, as the count baselines do; floats give none
        score = rng.integers(0, 4, n).astype(float) if case % 2 else rng.normal(size=n)
        tie_break = rng.integers(0, 3, n).astype(float)
        excluded = rng.choice(n, int(rng.integers(0, n // 2)), replace=False)
        candidates = np.setdiff1d(np.arange(n), excluded)
        relevant = rng.choice(
            candidates, int(rng.integers(1, min(len(candidates), 15) + 1)), replace=False
        )
        ranks = ranks_of(relevant, score, tie_break, excluded)
        expected = {
            "hits@10": float(ranks.min() <= 10),
            "recall@10": float(np.mean(ranks <= 10)),
            "MRR": 1.0 / ranks.min(),
            "hits@50": float(ranks.min() <= 50),
        }
        assert rank_metrics(relevant, score, tie_break, excluded) == pytest.approx(expected), case


def test_rank_metrics_by_hand():
    score = np.array([5.0, 4.0, 4.0, 3.0] + [2.0] * 10 + [1.0])
    tie_break = np.zeros(len(score))
    # relevant 2 ties with 1 (counts in its favour): rank 2; relevant 14 is last: rank 15
    metrics = rank_metrics(np.array([2, 14]), score, tie_break, np.array([], dtype=np.int64))
    assert metrics == {"hits@10": 1.0, "recall@10": 0.5, "MRR": 0.5, "hits@50": 1.0}
    # excluding 0 and 1 lifts 2 to first; 14 to 13th, still outside the top 10
    metrics = rank_metrics(np.array([2, 14]), score, tie_break, np.array([0, 1]))
    assert metrics == {"hits@10": 1.0, "recall@10": 0.5, "MRR": 1.0, "hits@50": 1.0}


def test_popularity_and_context_metrics_match_hand_computation(tiny_history):
    report = evaluate_recommenders(tiny_history, 2018, 2019)
    popularity = report.warm["popularity"]
    # query a: b(3) above c(2) -> rank 2; query c: b(3) above a(2) -> rank 2
    assert popularity["all"]["MRR"] == pytest.approx(0.5)
    assert popularity["all"]["hits@10"] == 1.0
    # new: a's partners b, e removed -> c first; c's partners b, d removed -> a first
    assert popularity["new"]["MRR"] == pytest.approx(1.0)
    assert popularity["new"]["queries"] == 2
    # SC1 counts a2 b2 c1 e1: query a ranks b, then c (ties e, wins on popularity)
    context = report.warm["call-context popularity"]
    assert context["all"]["MRR"] == pytest.approx((1 / 2 + 1 / 2) / 2)
    # cold start x: b(3) above a(2), c(2) -> best rank 2, both in the top 10
    cold = report.cold_start["popularity"]["all"]
    assert cold["MRR"] == pytest.approx(0.5)
    assert cold["recall@10"] == 1.0
    assert set(report.as_json()) >= {"clustera", "baselines"}
    assert set(report.as_json()["clustera"]) == {"all", "new"}


def test_test_year_must_follow_training(tiny_history):
    with pytest.raises(InvalidInputError, match="test year"):
        evaluate_recommenders(tiny_history, 2019, 2019)


def _evaluate_command(tiny_rows, tmp_path) -> list[str]:
    """``clustera match evaluate`` on ``tiny_rows`` written as CORDIS files, trained to 2018."""
    tiny_rows.drop_duplicates("project_id").rename(
        columns={"project_id": "project_rcn", "year": "start_year"}
    )[["project_rcn", "start_year", "programme_parts"]].to_csv(tmp_path / "p.csv", index=False)
    tiny_rows.rename(columns={"project_id": "project_rcn"})[
        ["project_rcn", "org_id", "activity_type", "country"]
    ].to_csv(tmp_path / "q.csv", index=False)
    return [
        "match",
        "evaluate",
        "--projects",
        str(tmp_path / "p.csv"),
        "--participations",
        str(tmp_path / "q.csv"),
        "--train-until",
        "2018",
    ]


def test_cli_prints_json_with_the_metric_names(tiny_rows, tmp_path):
    command = _evaluate_command(tiny_rows, tmp_path)
    result = CliRunner().invoke(main, [*command, "--test-year", "2019", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload["clustera"]["new"]) >= {"hits@10", "recall@10", "MRR", "hits@50"}
    assert payload["baselines"]["popularity"]["all"]["MRR"] == pytest.approx(0.5)


def _cordis_history() -> CollaborationHistory:
    projects = pd.read_csv(
        require_shared("data", "cordis", "projects.csv"),
        usecols=["project_rcn", "start_year", "programme_parts"],
    )
    participations = pd.read_csv(
        require_shared("data", "cordis", "participations.csv"),
        usecols=["project_rcn", "org_id", "activity_type", "country"],
    )
    rows = participations.merge(projects, on="project_rcn").rename(
        columns={"project_rcn": "project_id", "start_year": "year"}
    )
    return CollaborationHistory.from_frames(rows)


def test_cordis_query_counts_match_the_published_protocol():
    history = _cordis_history()
    warm = pd.Index(history.until(2018).participations["org_id"].unique())
    queries = [q for q in completion_queries(history, warm, 2019) if q.warm]
    assert len(queries) == 17_492  # README: 17,492 "all" queries


@pytest.mark.slow
def test_cordis_slice_learned_ranker_beats_popularity():
    history = _cordis_history()
    history = CollaborationHistory(
        history.participations[history.participations["year"] <= 2017].reset_index(drop=True),
        history.organisations,
    )
    report = evaluate_recommenders(
        history, 2016, 2017, PairRanker(queries_per_year=250, max_iter=50), max_queries=200
    )
    clustera, popularity = report.warm["clustera"], report.warm["popularity"]
    assert clustera["new"]["hits@10"] > popularity["new"]["hits@10"]
    assert 0.0 < clustera["all"]["MRR"] <= 1.0


def test_cli_prints_a_table_and_refuses_a_bad_split(tiny_rows, tmp_path):
    arguments = _evaluate_command(tiny_rows, tmp_path)
    result = CliRunner().invoke(main, [*arguments, "--test-year", "2019"])
    assert result.exit_code == 0, result.output
    assert "hits@10" in result.output and "call-context popularity" in result.output
    refused = CliRunner().invoke(main, [*arguments, "--test-year", "2018"])
    assert refused.exit_code != 0
    assert "test year must come after" in refused.output
