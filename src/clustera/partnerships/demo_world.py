"""The partnerships part of the synthetic demo world: calls (open, closed, evaluated) with
applications and evaluations, and partnerships at every stage with SMEs in their pilots.

Clearly synthetic (every title says "(synthetic)"), deterministic from the seed; dates are
relative to the day it runs so that one call is always open.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clustera.partnerships.models import (
    ActivityEntry,
    Application,
    ApplicationPartner,
    Assignment,
    BudgetLine,
    Call,
    CallEvaluator,
    Criterion,
    Indicator,
    Member,
    Milestone,
    Partnership,
    Pilot,
    Proposal,
    Risk,
    Score,
    ValueChainStep,
)
from clustera.programmes import Criterion as CriterionRule
from clustera.programmes import consensus, rank_applications
from clustera.registry.models import Organisation

THEMES = [
    (
        "Photonics for agri-food",
        [
            "Sensor design",
            "Optical components",
            "System integration",
            "Field trials",
            "Distribution",
        ],
    ),
    (
        "Circular textiles",
        ["Fibre recovery", "Sorting", "Recycled yarn", "Garment design", "Retail take-back"],
    ),
    ("Hydrogen valleys", ["Electrolysis", "Storage", "Pipelines", "Industrial users", "Mobility"]),
    (
        "Smart health devices",
        ["Biosensors", "Firmware", "Clinical validation", "Certification", "Hospital procurement"],
    ),
    (
        "Offshore wind supply chain",
        ["Blades", "Foundations", "Port logistics", "Maintenance robots", "Grid connection"],
    ),
    (
        "Batteries second life",
        ["Cell diagnostics", "Repacking", "Energy management", "Installation", "Recycling"],
    ),
]
CRITERIA = [("Excellence", 0.4, 3.0), ("Impact", 0.4, 3.0), ("Implementation", 0.2, 2.0)]
STAGES = ["idea", "concept", "business_plan", "bankable", "submitted", "funded"]
SOURCES = ["erdf", "esf", "horizon", "investeu", "national", "private", "own"]


def _pick_consortium(
    rng: random.Random,
    by_country: dict[str, list[Organisation]],
    leads: list[Organisation],
    size: int,
) -> list[Organisation]:
    lead = rng.choice(leads)
    others = [c for c in sorted(by_country) if c != lead.country]
    rng.shuffle(others)
    return [lead] + [rng.choice(by_country[c]) for c in others[: size - 1]]


def _call(title: str, countries: list[str], deadline: Any, status: str) -> Call:
    call = Call.objects.create(
        title=f"{title} (synthetic)",
        summary="Clusters, technology centres and their SMEs team up across regions to build a "
        "joint strategy, pilots and a bankable investment proposal.",
        text="This call for expression of interest is part of Clustera's synthetic demo world. "
        "Consortia of at least three organisations from three countries propose a partnership: "
        "its concept, objectives, the value chain it covers and the activities it plans.",
        countries=countries,
        min_partners=3,
        min_countries=3,
        deadline=deadline,
        time_zone="Europe/Brussels",
        status=status,
        published=deadline - timedelta(days=60),
    )
    Criterion.objects.bulk_create(
        [
            Criterion(call=call, name=n, weight=w, threshold=t, position=i)
            for i, (n, w, t) in enumerate(CRITERIA)
        ]
    )
    return call


def _applications(
    rng: random.Random,
    call: Call,
    by_country: dict[str, list[Organisation]],
    leads: list[Organisation],
    count: int,
    status: str,
) -> list[Application]:
    made = []
    for number in range(count):
        theme, steps = THEMES[(number + call.pk) % len(THEMES)]
        consortium = _pick_consortium(rng, by_country, leads, 3 + rng.randrange(3))
        application = Application.objects.create(
            call=call,
            lead=consortium[0],
            title=f"{theme}: {consortium[0].name} and partners",
            concept=f"A partnership on {theme.lower()} across {len(consortium)} regions.",
            objectives="Map the value chain; run two pilots with SMEs; prepare an investment.",
            value_chain="\n".join(steps),
            activities="Workshops, matchmaking, pilots.",
            budget_estimate=Decimal(rng.randrange(200, 900) * 1000),
            status=status,
            submitted=call.deadline - timedelta(days=2) if status != "draft" else None,
        )
        ApplicationPartner.objects.bulk_create(
            [
                ApplicationPartner(application=application, organisation=o, status="accepted")
                for o in consortium[1:]
            ]
        )
        made.append(application)
    return made


def _evaluate(
    rng: random.Random,
    call: Call,
    applications: list[Application],
    evaluators: list[Any],
    decide: bool,
) -> None:
    criteria = list(call.criteria.all())
    rules = [CriterionRule(str(c.pk), c.weight, c.threshold, c.max_score) for c in criteria]
    agreed = {}
    for application in applications:
        evaluations = []
        for evaluator in evaluators[:2]:
            assignment = Assignment.objects.create(
                application=application,
                evaluator=evaluator,
                declared_no_conflict=call.deadline,
                completed=call.deadline + timedelta(days=10),
            )
            values = {str(c.pk): float(rng.randrange(4, 11)) / 2 for c in criteria}
            Score.objects.bulk_create(
                [
                    Score(
                        assignment=assignment,
                        criterion=c,
                        score=values[str(c.pk)],
                        comment="Synthetic comment.",
                    )
                    for c in criteria
                ]
            )
            evaluations.append(values)
        agreed[application.pk] = consensus(rules, evaluations)
    if not decide:
        return
    for row in rank_applications(rules, agreed, call.overall_threshold):
        application = next(a for a in applications if a.pk == row.key)
        application.status = "accepted" if row.assessment.passed and row.rank <= 2 else "rejected"
        application.final_score, application.rank = row.assessment.total, row.rank
        application.decided = call.deadline + timedelta(days=30)
        application.decision_reasons = (
            "; ".join(row.assessment.failures) or "Ranked within the budget available."
        )
        application.save()


def _partnership(
    rng: random.Random,
    number: int,
    stage: str,
    consortium: list[Organisation],
    smes: list[Organisation],
    application: Application | None,
) -> Partnership:
    theme, steps = THEMES[number % len(THEMES)]
    partnership = Partnership.objects.create(
        name=f"{theme} partnership {number + 1} (synthetic)",
        theme=theme,
        application=application,
        summary=f"Interregional partnership on {theme.lower()}.",
        visibility="public" if number % 2 == 0 else "private",
        vision=f"A European value chain for {theme.lower()} that regional SMEs can join.",
        objectives="1. Joint strategy\n2. Pilots with SMEs\n3. A bankable investment",
    )
    members = [
        Member(
            partnership=partnership,
            organisation=o,
            role="lead" if i == 0 else "partner",
            active=True,
        )
        for i, o in enumerate(consortium)
    ]
    Member.objects.bulk_create(members)
    members = list(partnership.members.all())
    regions = [o.region_id for o in consortium if o.region_id]
    partnership.regions.set(regions)
    Indicator.objects.bulk_create(
        [
            Indicator(
                partnership=partnership,
                name="SMEs in pilots",
                unit="SMEs",
                baseline=0,
                target=12 + number,
            ),
            Indicator(
                partnership=partnership,
                name="Private investment mobilised",
                unit="M EUR",
                baseline=0,
                target=5 + number,
            ),
        ]
    )
    _roadmap(partnership, members)
    _chain_and_pilots(rng, partnership, steps, consortium, smes, stage)
    _proposal(rng, partnership, theme, consortium, stage)
    return partnership


def _roadmap(partnership: Partnership, members: list[Member]) -> None:
    """Five roadmap items, each after the previous one."""
    start = date.today().replace(day=1) - timedelta(days=180)
    previous = None
    for step_number, title in enumerate(
        [
            "Joint strategy",
            "Value-chain mapping",
            "Matchmaking event",
            "Pilot launch",
            "Investment proposal",
        ]
    ):
        begin = start + timedelta(days=90 * step_number)
        milestone = Milestone.objects.create(
            partnership=partnership,
            title=title,
            owner=members[step_number % len(members)],
            start=begin,
            due=begin + timedelta(days=80),
            status="done" if begin + timedelta(days=80) < date.today() else "planned",
        )
        if previous is not None:
            milestone.depends_on.add(previous)
        previous = milestone


def _chain_and_pilots(
    rng: random.Random,
    partnership: Partnership,
    steps: list[str],
    consortium: list[Organisation],
    smes: list[Organisation],
    stage: str,
) -> None:
    """The value chain (one step left as a gap) and two pilots with SMEs."""
    for position, name in enumerate(steps):
        step = ValueChainStep.objects.create(partnership=partnership, name=name, position=position)
        if position < len(consortium) and position != 3:
            step.covered_by.add(consortium[position])
    pilot_smes = rng.sample(smes, 3)
    for pilot_number in range(2):
        pilot = Pilot.objects.create(
            partnership=partnership,
            title=f"{steps[pilot_number + 1]} pilot",
            budget=Decimal(rng.randrange(80, 400) * 1000),
            trl_start=4 + pilot_number,
            trl_target=7,
            kpis="3 SMEs adopt; cost -10%",
            status="running" if stage != "idea" else "planned",
        )
        pilot.participants.set([consortium[0], *pilot_smes[pilot_number : pilot_number + 2]])


def _proposal(
    rng: random.Random,
    partnership: Partnership,
    theme: str,
    consortium: list[Organisation],
    stage: str,
) -> None:
    """The investment proposal: budget lines adding up to the total, co-investors, risks."""
    lines = []
    for i, organisation in enumerate(consortium):
        for year in (2027, 2028):
            lines.append(
                (
                    organisation,
                    year,
                    SOURCES[(i + year) % len(SOURCES)],
                    Decimal(rng.randrange(50, 300) * 1000),
                )
            )
    total = sum((line[3] for line in lines), Decimal(0))
    proposal = Proposal.objects.create(
        partnership=partnership,
        title=f"{theme} investment",
        stage=stage,
        total=total,
        co_investors="Synthetic Regional Fund; Synthetic Bank",
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(proposal=proposal, organisation=o, year=y, source=s, amount=a)
            for o, y, s, a in lines
        ]
    )
    Risk.objects.bulk_create(
        [
            Risk(
                proposal=proposal,
                description="Permits take longer than planned",
                likelihood=3,
                impact=3,
                mitigation="Start early with the authorities",
            ),
            Risk(
                proposal=proposal,
                description="An SME leaves the pilot",
                likelihood=2,
                impact=2,
                mitigation="Two SMEs per pilot",
            ),
        ]
    )
    ActivityEntry.objects.create(
        partnership=partnership,
        text=f"moved the investment proposal to {proposal.get_stage_display()} (synthetic)",
    )


@transaction.atomic
def seed_demo(seed: int) -> dict[str, int]:
    """Create the synthetic calls, applications, evaluations and partnerships; return counts.

    Needs the synthetic organisations of the registry; does nothing when there are none or
    when a synthetic call exists already.
    """
    organisations = list(
        Organisation.objects.filter(is_synthetic=True, is_public=True).order_by("pk")
    )
    if not organisations or Call.objects.filter(title__endswith="(synthetic)").exists():
        return {"calls": 0, "applications": 0, "partnerships": 0}
    rng = random.Random(seed)
    by_country: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_country.setdefault(organisation.country, []).append(organisation)
    leads = [o for o in organisations if o.type == "cluster"] or organisations
    smes = [o for o in organisations if o.type == "sme"] or organisations
    countries = sorted(by_country)
    now = timezone.now()
    users = get_user_model().objects
    evaluators = [
        users.filter(username=f"demo-evaluator-{n}").first()
        or users.create_user(f"demo-evaluator-{n}")
        for n in (1, 2, 3)
    ]
    open_call = _call(
        "Strategic cluster partnerships for the green transition",
        countries,
        now + timedelta(days=21),
        "published",
    )
    closed = _call(
        "Strategic cluster partnerships for digital value chains",
        countries,
        now - timedelta(days=5),
        "published",
    )
    evaluated = _call(
        "Strategic cluster partnerships for resilience",
        countries,
        now - timedelta(days=120),
        "evaluated",
    )
    for call in (open_call, closed, evaluated):
        CallEvaluator.objects.bulk_create([CallEvaluator(call=call, user=u) for u in evaluators])
    made = _applications(rng, open_call, by_country, leads, 3, "draft")
    submitted = _applications(rng, closed, by_country, leads, 4, "submitted")
    _evaluate(rng, closed, submitted[:2], evaluators, decide=False)
    decided = _applications(rng, evaluated, by_country, leads, 6, "submitted")
    _evaluate(rng, evaluated, decided, evaluators, decide=True)
    accepted = [a for a in decided if a.status == "accepted"]
    partnerships = []
    for number, stage in enumerate(STAGES):
        application = accepted[number] if number < len(accepted) else None
        consortium = (
            [application.lead, *[p.organisation for p in application.partners.all()]]
            if application
            else _pick_consortium(rng, by_country, leads, 4)
        )
        partnerships.append(_partnership(rng, number, stage, consortium, smes, application))
    return {
        "calls": 3,
        "applications": len(made) + len(submitted) + len(decided),
        "partnerships": len(partnerships),
    }
