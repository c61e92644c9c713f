"""B2B meeting scheduling: greedy, plain CP-SAT and Clustera side by side on generated events.

Generates events of 3,000 participants (``--quick``: 600) with ``generate_instance`` (16-18
slots in two sessions, tables = 40 % of participants, about 4.7 requests per participant,
heavy-tailed attractiveness, same-sector bias, about 11 % blocked slots), runs the greedy
baseline once and plain CP-SAT (time-indexed model, warm-started from greedy) and Clustera at
each time limit (10 s and 60 s; ``--quick``: 3 s and 10 s), checks every schedule with the
independent ``validate`` and computes its figures with ``evaluate``. The bound is the
b-matching LP bound (HiGHS).

    uv run python bench/scheduling.py [--quick] [--seeds 0 1] [--tables-share 0.4] [--blocked-share 0.11]

Targets (full run): Clustera at 10 s reaches at least 99.5 % of the bound; at 60 s the same
weight and at most 0.7 times the greedy schedule's idle slots per meeting. The last line is the
summary: ``scheduling: ...``.
"""

from __future__ import annotations

import argparse
import os
import time

from clustera.scheduling import evaluate, generate_instance, lp_bound, solve, validate


def _row(name: str, limit: str, figures, bound: float, seconds: float, problems: list[str]) -> str:
    share = 100 * figures.weight / bound if bound else 100.0
    return (
        f"{name:<10} {limit:>6} {figures.weight:>7d} {share:>7.2f} % {figures.idle_slots:>6d} "
        f"{figures.idle_per_meeting:>8.3f} {figures.meetings:>8d} {seconds:>7.1f} "
        f"{'yes' if not problems else 'NO: ' + problems[0]}"
    )


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="600 participants, 3 s and 10 s")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1], help="instance seeds")
    parser.add_argument("--participants", type=int, default=None)
    parser.add_argument("--tables-share", type=float, default=0.4, help="tables per participant")
    parser.add_argument("--blocked-share", type=float, default=0.11, help="blocked slots")
    arguments = parser.parse_args()
    participants = arguments.participants or (600 if arguments.quick else 3000)
    short, long = (3.0, 10.0) if arguments.quick else (10.0, 60.0)
    print(
        f"{participants} participants, seeds {arguments.seeds}, limits {short:g} s and {long:g} s"
    )
    print(f"at start: {_load()}, {os.cpu_count()} cores")
    worst_share, worst_idle_ratio, same_weight = 100.0, 0.0, True
    greedy_shares, plain_shares, all_valid = [], {short: [], long: []}, True
    for seed in arguments.seeds:
        instance = generate_instance(
            participants=participants,
            seed=seed,
            tables_share=arguments.tables_share,
            blocked_share=arguments.blocked_share,
        )
        bound = lp_bound(instance, "matching")
        print(
            f"\nseed {seed}: {len(instance.slots)} slots, {instance.tables} tables, "
            f"{len(instance.requests)} requests; LP bound {bound:.1f}"
        )
        print(
            f"{'solver':<10} {'limit':>6} {'weight':>7} {'of bound':>9} {'idle':>6} "
            f"{'idle/mtg':>8} {'meetings':>8} {'time s':>7} valid"
        )
        results = {}
        for name, method, limit in [
            ("greedy", "greedy", 0.0),
            ("cp-sat", "cpsat", short),
            ("cp-sat", "cpsat", long),
            ("clustera", "clustera", short),
            ("clustera", "clustera", long),
        ]:
            started = time.monotonic()
            result = solve(instance, time_limit=max(limit, 0.1), method=method, seed=seed)
            seconds = time.monotonic() - started
            problems = validate(instance, result.schedule)
            figures = evaluate(instance, result.schedule)
            all_valid = all_valid and not problems
            results[method, limit] = figures
            print(_row(name, f"{limit:g} s" if limit else "-", figures, bound, seconds, problems))
        greedy = results["greedy", 0.0]
        ours_short, ours_long = results["clustera", short], results["clustera", long]
        share = 100 * ours_short.weight / bound if bound else 100.0
        idle_ratio = (
            ours_long.idle_per_meeting / greedy.idle_per_meeting if greedy.idle_per_meeting else 0.0
        )
        print(
            f"ratios: clustera {short:g} s / bound {share:.2f} %; clustera {long:g} s idle per "
            f"meeting / greedy's {idle_ratio:.3f}; weight {long:g} s vs {short:g} s: "
            f"{ours_long.weight} vs {ours_short.weight}"
        )
        worst_share = min(worst_share, share)
        worst_idle_ratio = max(worst_idle_ratio, idle_ratio)
        same_weight = same_weight and ours_long.weight >= ours_short.weight
        greedy_shares.append(100 * greedy.weight / bound if bound else 100.0)
        for limit in (short, long):
            weight = results["cpsat", limit].weight
            plain_shares[limit].append(100 * weight / bound if bound else 100.0)
    print(f"\nat end: {_load()}")
    print(
        f"scheduling: {participants} participants x {len(arguments.seeds)} events; clustera "
        f"{short:g} s {worst_share:.2f} % of LP bound (worst), {long:g} s idle/meeting "
        f"{worst_idle_ratio:.3f} x greedy's (worst), weight kept: {'yes' if same_weight else 'no'}; "
        f"greedy {min(greedy_shares):.2f} %; plain CP-SAT {short:g} s {min(plain_shares[short]):.2f} %, "
        f"{long:g} s {min(plain_shares[long]):.2f} %; all valid: {'yes' if all_valid else 'NO'}"
    )


if __name__ == "__main__":
    main()
