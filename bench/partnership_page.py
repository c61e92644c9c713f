"""Partnership workspace render time: 30 members, 200 milestones, 20 pilots.

Builds one partnership in a fresh SQLite database (30 member organisations, 200 roadmap
items with dependency chains, 20 pilots with 3 participants each, 12 value-chain steps, an
investment proposal with 60 budget lines and 5 risks, 100 activity entries), then renders the
workspace page (/partnerships/<id>/, the SVG timeline included) through Django's test client
as a member, and reports the median, 95th percentile and maximum. Target: p95 <= 150 ms.

    uv run python bench/partnership_page.py [--quick]

The last line is the summary: ``partnership_page: p95 ...``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal


def _build() -> tuple[int, object]:
    from django.contrib.auth import get_user_model

    from clustera.accounts.models import OrganisationMembership
    from clustera.partnerships import models as m
    from clustera.registry.models import Organisation

    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                key=f"BENCH{n}",
                name=f"Bench organisation {n} (synthetic)",
                type="sme" if n % 3 else "cluster",
                country=f"X{'ABCDEFGH'[n % 8]}",
                is_public=True,
                is_synthetic=True,
            )
            for n in range(30)
        ]
    )
    user = get_user_model().objects.create_user("bench", password="bench-pw-1")
    OrganisationMembership.objects.create(user=user, organisation=organisations[0], role="admin")
    partnership = m.Partnership.objects.create(name="Bench partnership", theme="Benchmarks")
    members = m.Member.objects.bulk_create(
        [
            m.Member(
                partnership=partnership,
                organisation=o,
                role="lead" if i == 0 else "partner",
                active=True,
            )
            for i, o in enumerate(organisations)
        ]
    )
    start = date(2027, 1, 1)
    milestones = m.Milestone.objects.bulk_create(
        [
            m.Milestone(
                partnership=partnership,
                title=f"Action {n}",
                owner=members[n % 30],
                start=start + timedelta(days=5 * n),
                due=start + timedelta(days=5 * n + (0 if n % 4 == 0 else 20)),
                status=("planned", "active", "done", "late")[n % 4],
            )
            for n in range(200)
        ]
    )
    through = m.Milestone.depends_on.through
    through.objects.bulk_create(
        [
            through(from_milestone_id=milestones[n].pk, to_milestone_id=milestones[n - 1].pk)
            for n in range(1, 200, 2)
        ]
    )
    _fill(partnership, organisations, user)
    return partnership.pk, user


def _fill(partnership: object, organisations: list, user: object) -> None:
    """Pilots, value-chain steps, the investment proposal, risks and the activity log."""
    from clustera.partnerships import models as m

    for n in range(20):
        pilot = m.Pilot.objects.create(
            partnership=partnership,
            title=f"Pilot {n}",
            budget=Decimal(100000),
            trl_start=4,
            trl_target=7,
        )
        pilot.participants.set(organisations[n : n + 3])
    for n in range(12):
        step = m.ValueChainStep.objects.create(
            partnership=partnership, name=f"Step {n}", position=n
        )
        if n % 4:
            step.covered_by.add(organisations[n])
    proposal = m.Proposal.objects.create(
        partnership=partnership, title="Bench investment", total=Decimal(0)
    )
    lines = m.BudgetLine.objects.bulk_create(
        [
            m.BudgetLine(
                proposal=proposal,
                organisation=organisations[n % 30],
                year=2027 + n % 3,
                source=("erdf", "own", "private", "investeu")[n % 4],
                amount=Decimal(1000 + n),
            )
            for n in range(60)
        ]
    )
    proposal.total = sum((line.amount for line in lines), Decimal(0))
    proposal.save()
    m.Risk.objects.bulk_create(
        [
            m.Risk(proposal=proposal, description=f"Risk {n}", likelihood=2, impact=3)
            for n in range(5)
        ]
    )
    m.ActivityEntry.objects.bulk_create(
        [
            m.ActivityEntry(partnership=partnership, user=user, text=f"change {n}")
            for n in range(100)
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 requests instead of 200")
    arguments = parser.parse_args()
    requests = 30 if arguments.quick else 200
    folder = tempfile.mkdtemp(prefix="clustera-bench-")
    os.environ["CLUSTERA_DATA_DIR"] = folder
    os.environ.setdefault("CLUSTERA_SECRET_KEY", "bench-only")
    os.environ["CLUSTERA_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["CLUSTERA_DEBUG"] = ""
    os.environ["CLUSTERA_DATABASE_URL"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "clustera.portal.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    pk, user = _build()
    client = Client()
    client.force_login(user)
    url = f"/partnerships/{pk}/"
    first = client.get(url)
    assert first.status_code == 200 and b"Action 199" in first.content, first.status_code
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    times.sort()
    cpu.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    cpu95 = cpu[max(0, int(round(0.95 * len(cpu))) - 1)]
    print(f"requests {requests}, page size {len(first.content):,} bytes, load {os.getloadavg()}")
    print(f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
    # CPU time of this process: what the page costs, less disturbed by other processes' load
    print(f"CPU time: median {statistics.median(cpu):.1f} ms, p95 {cpu95:.1f} ms")
    print(
        f"partnership_page: p95 {p95:.1f} ms (30 members, 200 milestones, 20 pilots; "
        f"target <= 150 ms: {'met' if p95 <= 150 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
