"""The demo world's content: news, case studies and policy briefs written from templates about
the synthetic organisations, regions and technologies. Deterministic for a seed; every text says
it is synthetic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

NOTICE = "*Synthetic demo content: the organisations, places and figures are fictional.*"

_NEWS = [
    (
        "{org} opens a {tech} test bed for SMEs",
        "{org} has opened a shared test bed in {region} where small firms can try {tech} "
        "before they invest. The first {n} companies have booked slots.",
    ),
    (
        "{org} joins a cross-border partnership on {tech}",
        "Clusters from {region} and neighbouring regions agreed a roadmap on {tech}, with {n} "
        "pilot projects planned for the next two years.",
    ),
    (
        "Call for SMEs: {tech} vouchers in {region}",
        "{org} invites SMEs of {region} to apply for vouchers of up to {n} thousand euros to "
        "buy {tech} services from technology centres.",
    ),
    (
        "{org} hosts a matchmaking day on {tech}",
        "More than {n} participants met at {org} to discuss supply-chain cooperation on {tech}.",
    ),
]
_CASES = [
    (
        "How a {region} SME adopted {tech}",
        "A family firm in {region}, supported by {org}, introduced {tech} on one production line. "
        "Scrap fell by {n} %, and the firm now trains other members of the cluster.",
    ),
    (
        "Good practice: {org}'s shared {tech} lab",
        "{org} pooled the equipment of {n} members in a shared lab; utilisation doubled in a year.",
    ),
]
_BRIEFS = [
    (
        "Policy brief: {tech} in {region}'s smart-specialisation strategy",
        "{region} is relatively specialised in activities close to {tech}. The brief recommends "
        "{n} measures: demand-side vouchers, a regional test bed and cross-border partnerships.",
    ),
    (
        "Guide: building a {tech} value chain across regions",
        "A step-by-step guide for cluster managers, drawing on {n} synthetic model regions.",
    ),
]


_SUMMARIES = {
    "news": "News from {org} ({region}) about {tech}.",
    "case_study": "What {org} and its members learned from adopting {tech}.",
    "policy_brief": "Options for {region}'s policy makers on {tech}.",
    "guide": "A practical guide on {tech} for cluster managers.",
}


@dataclass(frozen=True)
class DemoText:
    """One generated item: its kind, title, summary, body and the ids it links to."""

    kind: str
    title: str
    summary: str
    body: str
    organisation_id: int
    region_id: int | None
    technology_id: int | None
    published_at: datetime


def demo_texts(
    seed: int,
    organisations: list[tuple[int, str, int | None, str]],
    technologies: list[tuple[int, str]],
    now: datetime,
    count: int = 36,
) -> list[DemoText]:
    """``count`` items about (id, name, region id, region name) organisations and technologies."""
    if not organisations or not technologies:
        return []
    rng = random.Random(seed)  # noqa: S311 - demo text, not security
    kinds = [("news", _NEWS)] * 6 + [("case_study", _CASES)] * 2 + [("policy_brief", _BRIEFS)] * 2
    texts = []
    for number in range(count):
        kind, templates = kinds[number % len(kinds)]
        if kind == "policy_brief" and number % 4 == 1:
            kind, templates = "guide", _BRIEFS[1:]
        elif kind == "policy_brief":
            templates = _BRIEFS[:1]
        org_id, org_name, region_id, region_name = rng.choice(organisations)
        tech_id, tech_name = rng.choice(technologies)
        title_t, body_t = rng.choice(templates)
        values = {
            "org": org_name,
            "tech": tech_name.lower(),
            "region": region_name or "the region",
            "n": rng.randint(3, 40),
        }
        body = body_t.format(**values)
        texts.append(
            DemoText(
                kind=kind,
                title=title_t.format(**values)[:300],
                summary=_SUMMARIES[kind].format(**values),
                body=f"{body}\n\n## Next steps\n\n- Contact {org_name}\n- Follow the topic "
                f"*{tech_name}*\n\n{NOTICE}",
                organisation_id=org_id,
                region_id=region_id,
                technology_id=tech_id,
                published_at=now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23)),
            )
        )
    return texts
