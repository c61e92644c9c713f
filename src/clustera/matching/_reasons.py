"""The reasons behind a suggested partner, in words a person can read: shared partners and
projects, programme parts, technologies, complementary activities, S3 priorities, similar
profiles, the candidate's type, country and track record (for :mod:`._recommender`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from clustera.matching._features import QueryVectors
from clustera.matching._graph import CollaborationGraph
from clustera.taxonomies.actors import CORDIS_ACTIVITY_TYPES
from clustera.texts import N_, Message, Nn_


def distinct_names(codes: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """The codes' names, each once: one name may stand for codes of two schemes (KET and
    ATI "Photonics"), and a reason counts what it names."""
    return list(dict.fromkeys(names.get(code, code) for code in codes))


def listed(items: Sequence[str], shown: int = 3) -> str:
    """The items, at most ``shown`` of them named and the others counted: the count a reason
    gives always matches what it lists.

    >>> listed(["A", "B"]), listed(["A", "B", "C", "D", "E"])
    ('A, B', 'A, B, C and 2 more')
    """
    if len(items) <= shown:
        return ", ".join(items)
    return Message(
        N_("%(names)s and %(more)s more"), names=", ".join(items[:shown]), more=len(items) - shown
    )


def network_reasons(vectors: QueryVectors, v: int) -> list[tuple[float, Message]]:
    """Reasons from the collaboration network: shared partners, past work, programme parts."""
    graph = vectors.graph
    reasons: list[tuple[float, Message]] = []
    common = int(vectors.common[v])
    if common:
        template = N_("partner of %(count)s of your partners")
        reasons.append((3.0 + common, Message(template, count=common)))
    if vectors.repeat[v]:
        repeat = int(vectors.repeat[v])
        pair = Nn_("worked with you in %(count)s project", "worked with you in %(count)s projects")
        reasons.append((2.5, Message(pair, count=repeat)))
    context = list(dict.fromkeys(vectors.query.context))
    active = [graph.parts[p] for p in context if graph.part_counts[v, p] > 0]
    if active:
        count = int(vectors.context_projects[v])
        projects = Message(Nn_("%(count)s project", "%(count)s projects"), count=count)
        template = N_("active in %(parts)s of your programme parts (%(names)s): %(projects)s")
        reason = Message(template, parts=len(active), names=listed(active), projects=projects)
        reasons.append((2.0 + len(active), reason))
    return reasons


def complement_reasons(
    complement: tuple[float, str, str, bool], names: Mapping[str, str]
) -> list[tuple[float, Message]]:
    """The complementary-activity reason: a related activity or a value-chain link."""
    strength, mine, their_code, value_chain = complement
    if strength <= 0:
        return []
    theirs_named = f"{their_code} ({names[their_code]})" if their_code in names else their_code
    codes = {"mine": mine, "theirs": theirs_named, "strength": strength}
    if value_chain:
        template = N_(
            "in your value chain: your NACE %(mine)s and their %(theirs)s buy from and sell to "
            "each other (input-output link %(strength).2f)"
        )
    elif strength < 1.0:
        template = N_(
            "complements your NACE %(mine)s with %(theirs)s, a related activity "
            "(relatedness %(strength).2f)"
        )
    else:
        template = N_("complements your NACE %(mine)s with %(theirs)s")
        codes = {"mine": mine, "theirs": theirs_named}
    return [(2.0, Message(template, codes))]


def activity_reasons(vectors: QueryVectors, v: int) -> list[tuple[float, Message]]:
    """Reasons from the candidate's own record: recent projects, type, country, track record."""
    graph = vectors.graph
    reasons: list[tuple[float, Message]] = []
    if graph.projects_recent[v]:
        recent = int(graph.projects_recent[v])
        pair = Nn_(
            "%(count)s project started in %(year)s", "%(count)s projects started in %(year)s"
        )
        reasons.append((1.0, Message(pair, count=recent, year=graph.last_year)))
    affinity = graph.type_affinity[vectors.query.type_code, graph.type_codes[v]]
    if affinity > 0.2 and graph.type_codes[v] < len(graph.types):
        their_type = graph.types[graph.type_codes[v]]
        name = CORDIS_ACTIVITY_TYPES.get(their_type)
        template = N_("%(type)s: a type your kind of organisation often teams up with")
        shown = Message(name) if name else their_type
        reasons.append((0.5 + affinity, Message(template, type=shown)))
    if graph.country_codes[v] < len(graph.countries):
        country = graph.countries[graph.country_codes[v]]
        if graph.country_codes[v] == vectors.query.country_code:
            reasons.append((0.4, Message(N_("same country (%(country)s)"), country=country)))
        else:
            template = N_("cross-border partner (%(country)s)")
            reasons.append((0.6, Message(template, country=country)))
    past = int(graph.projects[v])
    reasons.append(
        (0.1, Message(Nn_("%(count)s past project", "%(count)s past projects"), count=past))
    )
    return reasons


def profile_reasons(
    graph: CollaborationGraph,
    row: pd.Series,
    v: int,
    names: Mapping[str, str],
    theirs: pd.Series | None,
) -> list[tuple[float, Message]]:
    """The shared-technologies reason (``theirs``: technology codes per organisation)."""
    own = row.get("technologies", ())
    if not isinstance(own, tuple | list) or theirs is None:
        return []
    shared = sorted(set(own) & set(theirs.get(graph.org_ids[v], ()) or ()))
    if not shared:
        return []
    named = distinct_names(shared, names)
    template = N_("works in %(count)s of your technologies (%(names)s)")
    return [(2.0 + len(shared), Message(template, count=len(named), names=listed(named)))]


def candidate_reasons(
    vectors: QueryVectors,
    row: pd.Series,
    v: int,
    complement: tuple[float, str, str, bool],
    content: float,
    names: Mapping[str, str],
    s3_shared: list[str],
    technologies: pd.Series | None,
) -> tuple[Message, ...]:
    """The four strongest reasons for candidate ``v``, in words a person can read.

    ``technologies`` holds the history's technology codes per organisation (or is None).
    """
    reasons = [
        *network_reasons(vectors, v),
        *profile_reasons(vectors.graph, row, v, names, technologies),
        *complement_reasons(complement, names),
    ]
    if s3_shared:
        named = distinct_names(s3_shared, names)
        template = N_("shares %(count)s of your S3 priorities (%(names)s)")
        reasons.append(
            (
                1.8 + 0.1 * len(s3_shared),
                Message(template, count=len(named), names=listed(named)),
            )
        )
    if content > 0.2:
        template = N_("similar profile (text similarity %(similarity).2f)")
        reasons.append((1.5, Message(template, similarity=content)))
    reasons.extend(activity_reasons(vectors, v))
    reasons.sort(key=lambda item: -item[0])
    return tuple(text for _, text in reasons[:4])
