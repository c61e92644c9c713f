"""Reads of the surveys app: visible surveys, versions as definitions, picker choices from the
registry's taxonomies, and the response tables the results and exports are computed from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from clustera.accounts.models import ANALYST_GROUP, OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import is_editor
from clustera.questionnaires import Definition
from clustera.registry.labels import term_label
from clustera.registry.models import Activity, Region, Technology
from clustera.surveys.models import (
    Access,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
    SurveyVersion,
)

_PLATFORM_PICKERS = ("technology", "nace", "region")


def organises(user: Any, survey: Survey) -> bool:
    """Editors, platform admins and the organiser organisation's admins run a survey."""
    if is_editor(user):
        return True
    if not getattr(user, "is_authenticated", False) or survey.organiser_id is None:
        return False
    return OrganisationMembership.objects.filter(
        user=user, organisation_id=survey.organiser_id, role=OrganisationRole.ADMIN
    ).exists()


def is_analyst(user: Any) -> bool:
    """Members of the platform's analyst group read individual answers of every survey."""
    return bool(
        getattr(user, "is_authenticated", False) and user.groups.filter(name=ANALYST_GROUP).exists()
    )


def sees_answers(user: Any, survey: Survey) -> bool:
    """Only organisers and analysts see individual answers; others see aggregates."""
    return organises(user, survey) or is_analyst(user)


def visible_surveys(user: Any) -> QuerySet[Survey]:
    """Open and closed public surveys for everyone (a closed one shows its results); every survey to editors and analysts; a survey's own
    organisation admins see its drafts, closed and invitation-only surveys too."""
    queryset = Survey.objects.select_related("organiser").annotate(
        complete=Count("responses", filter=Q(responses__status=ResponseStatus.COMPLETE))
    )
    if is_editor(user) or is_analyst(user):
        return queryset
    shown = Q(status__in=(SurveyStatus.OPEN, SurveyStatus.CLOSED), access=Access.PUBLIC)
    if getattr(user, "is_authenticated", False):
        own = OrganisationMembership.objects.filter(user=user, role=OrganisationRole.ADMIN).values(
            "organisation_id"
        )
        shown |= Q(organiser_id__in=own)
    return queryset.filter(shown)


def survey(user: Any, slug: str) -> Survey | None:
    """The survey ``slug`` if ``user`` may see it, else ``None`` (pages and API answer 404)."""
    return visible_surveys(user).filter(slug=slug).first()


def answerable(slug: str) -> Survey | None:
    """An open survey by slug, whatever its access (invitation tokens are checked by services)."""
    return Survey.objects.filter(slug=slug, status=SurveyStatus.OPEN).first()


def current_version(survey: Survey) -> SurveyVersion:
    """The version new responses answer: the newest published one (a survey never published,
    e.g. imported as a draft, answers its newest version once opened)."""
    published = survey.versions.filter(published__isnull=False).order_by("-number").first()
    return published or newest_version(survey)


def newest_version(survey: Survey) -> SurveyVersion:
    """The newest version of a survey, draft or published (the one the builder edits)."""
    return survey.versions.order_by("-number").first()  # type: ignore[return-value]


def is_frozen(version: SurveyVersion) -> bool:
    """A version with answers (even in progress) or already published is not edited in place."""
    return version.published is not None or version.responses.exists()


def builder_surveys() -> QuerySet[Survey]:
    """Every survey for the builder's list, with its versions (newest first) and answer counts."""
    versions = SurveyVersion.objects.annotate(answers=Count("responses")).order_by("-number")
    return Survey.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by(
        "title"
    )


def languages_in_order(survey: Survey, form: Definition) -> dict[str, str]:
    """The form's languages, the default first, then in the survey's order (PostgreSQL's jsonb
    does not keep the order of a definition's ``languages`` keys)."""
    order = [form.default_language, *survey.languages, *form.languages]
    return {code: form.languages[code] for code in dict.fromkeys(order) if code in form.languages}


def is_builder(user: Any) -> bool:
    """Only platform editors and superusers build surveys in the portal."""
    return is_editor(user)


def definition(version: SurveyVersion) -> Definition:
    """The version's definition as the pure core's ``Definition`` (parsed once per instance)."""
    parsed = getattr(version, "_parsed", None)
    if parsed is None or parsed[0] is not version.definition:
        parsed = (version.definition, Definition.from_dict(version.definition))
        version._parsed = parsed  # type: ignore[attr-defined]
    return parsed[1]  # type: ignore[no-any-return]


def picker_kinds(form: Definition) -> set[str]:
    """The platform-filled pickers (technology, NACE, region) a form uses."""
    return {q.taxonomy for q in form.questions() if q.taxonomy in _PLATFORM_PICKERS}  # type: ignore[misc]


def taxonomy_choices(kinds: Iterable[str] = _PLATFORM_PICKERS) -> dict[str, list[tuple[str, str]]]:
    """Code and name of the platform-filled pickers asked for: technologies (by scheme), NACE
    activities, regions (NUTS 2 and 3); one query per kind."""
    wanted = set(kinds)
    choices: dict[str, list[tuple[str, str]]] = {}
    if "technology" in wanted:
        choices["technology"] = [
            (t.code, f"{term_label(t)} ({t.scheme})")
            for t in Technology.objects.only("code", "name", "labels", "scheme").order_by(
                "scheme", "code"
            )
        ]
    if "nace" in wanted:
        choices["nace"] = [
            (a.code, f"{a.code} {term_label(a)}")
            for a in Activity.objects.only("code", "name", "labels")
        ]
    if "region" in wanted:
        choices["region"] = [
            (r.code, f"{r.name} ({r.code})")
            for r in Region.objects.filter(level__gte=2).only("code", "name").order_by("code")
        ]
    return choices


def taxonomy_codes(kinds: Iterable[str] = _PLATFORM_PICKERS) -> dict[str, set[str]]:
    """Codes accepted by the platform-filled pickers, for ``validate_answers``."""
    return {kind: {code for code, _ in pairs} for kind, pairs in taxonomy_choices(kinds).items()}


def complete_responses(survey: Survey, filters: dict[str, str] | None = None) -> QuerySet[Response]:
    """Complete responses of a survey, optionally by actor type, country or region."""
    queryset = Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE)
    for field in ("actor_type", "country", "region"):
        if filters and filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    return queryset


def all_responses(survey: Survey, filters: dict[str, str] | None = None) -> QuerySet[Response]:
    """Every response (complete or in progress) under the same filters."""
    queryset = Response.objects.filter(survey=survey)
    for field in ("actor_type", "country", "region"):
        if filters and filters.get(field):
            queryset = queryset.filter(**{field: filters[field]})
    return queryset


def is_editor_user(user: Any) -> bool:
    """Platform editors and admins (re-exported for services' creation rule)."""
    return is_editor(user)


def admin_of(user: Any, organisation_id: int) -> bool:
    """Whether ``user`` administers the organisation."""
    return OrganisationMembership.objects.filter(
        user=user, organisation_id=organisation_id, role=OrganisationRole.ADMIN
    ).exists()
