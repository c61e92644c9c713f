"""Collecting a survey's answers: start a response, keep it page by page (server-side skip
logic, validation in the respondent's language) and finish it, or submit it whole (the API);
the respondent's rights (export, erase) and language. Re-exported by ``services``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts.models import OrganisationMembership
from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.questionnaires import Group, Item, validate_answers
from clustera.questionnaires import visible_pages as _visible_pages
from clustera.registry.messages import translated
from clustera.surveys import gap_store, gap_tables, selectors
from clustera.surveys.models import (
    Invitation,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
    SurveyVersion,
)


class AnswersInvalid(InvalidInputError):
    """Answers refused by the definition; ``errors`` holds ``{"field", "message"}`` per error."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(
            "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]),
            field=errors[0]["field"] if errors else None,
        )
        self.errors = errors


def page_questions(page: Item) -> list[str]:
    """Names of the questions on a page (a top-level group, nested groups included)."""
    if isinstance(page, Group):
        names: list[str] = []
        for child in page.children:
            names.extend(page_questions(child))
        return names
    return [page.name]


def pages(version: SurveyVersion, answers: Mapping[str, Any]) -> list[Item]:
    """The pages shown for these answers (server-side skip logic)."""
    return _visible_pages(selectors.definition(version), answers)


def _respondent_facts(user: Any, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Organisation, actor type, country and region of a respondent, for the results' filters."""
    facts: dict[str, Any] = {}
    if getattr(user, "is_authenticated", False):
        membership = (
            OrganisationMembership.objects.filter(user=user)
            .select_related("organisation__region")
            .first()
        )
        if membership is not None:
            organisation = membership.organisation
            facts = {
                "organisation": organisation,
                "actor_type": organisation.type,
                "country": organisation.country,
                "region": organisation.region.code if organisation.region else "",
            }
    region = answers.get("region")
    if isinstance(region, str) and region:
        facts["region"] = region[:16]
        facts["country"] = region[:2]
    return facts


def _require_open(survey: Survey, invitation: Invitation | None) -> None:
    """Refuse a new response: the survey not open, no invitation where one is needed, or the
    invitation already used."""
    if survey.status != SurveyStatus.OPEN:
        raise NotAllowed(_("This survey is not open for answers"))
    if survey.access == "invitation" and invitation is None:
        raise NotAllowed(_("This survey is answered by invitation only"))
    if invitation is not None and Response.objects.filter(invitation=invitation).exists():
        raise NotAllowed(_("This invitation has already been used"))


def start_response(
    survey: Survey,
    *,
    user: Any = None,
    invitation: Invitation | None = None,
    language: str = "",
    consent: bool = False,
) -> Response:
    """A new response in progress to the survey's newest version, with its resume secret."""
    _require_open(survey, invitation)
    return Response.objects.create(
        survey=survey,
        version=selectors.current_version(survey),
        invitation=invitation,
        user=user if getattr(user, "is_authenticated", False) else None,
        resume_key=secrets.token_urlsafe(24),
        language=language[:8],
        consent=consent,
        **_respondent_facts(user, {}),
    )


def save_page(
    response: Response,
    index: int,
    posted: Mapping[str, Any],
    *,
    email: str = "",
    refused: Iterable[Mapping[str, str]] = (),
) -> list[dict[str, str]]:
    """Keep the answers of page ``index`` and move on when they are valid; return its errors.

    Answers that pass are stored at once (save and resume); a page with errors stays current.
    Answers to questions hidden by the skip logic are dropped. ``refused`` holds errors the web
    layer found before (a file over its limit): they keep the page current too.
    """
    if response.status == ResponseStatus.COMPLETE:
        raise NotAllowed(_("This response has already been submitted"))
    shown = pages(response.version, response.answers)
    if not 0 <= index < len(shown):
        raise InvalidInputError(_("no such page"), field="page", value=index)
    names = set(page_questions(shown[index]))
    merged = {k: v for k, v in response.answers.items() if k not in names}
    merged.update({k: v for k, v in posted.items() if k in names})
    clean, errors = _validate(response.version, merged, response.language)
    early = [dict(e) for e in refused]
    page_errors = early + [
        e for e in errors if e["field"] in names and e["field"] not in {r["field"] for r in early}
    ]
    response.answers = clean
    after = pages(response.version, clean)
    if not page_errors:
        response.page = min(index + 1, len(after))
    response.pages_seen = max(response.pages_seen, response.page)
    if email:
        response.email = email[:254]
    for key, value in _respondent_facts(response.user, clean).items():
        setattr(response, key, value)
    response.save()
    return page_errors


def _validate(
    version: SurveyVersion, answers: Mapping[str, Any], language: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    definition = selectors.definition(version)
    language = language if language in definition.languages else definition.default_language
    codes = selectors.taxonomy_codes(selectors.picker_kinds(definition))
    clean, errors = validate_answers(definition, answers, language=language, taxonomy_codes=codes)
    # the built-in messages come in English: shown in the response's language (docs/i18n.md)
    return clean, [{**e, "message": translated(e["message"], language)} for e in errors]


def check_answers(
    version: SurveyVersion, answers: Mapping[str, Any], language: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Check answers against a version without storing anything (the builder's preview)."""
    return _validate(version, answers, language)


def finish(response: Response) -> list[dict[str, str]]:
    """Submit a response kept page by page: complete if every answer holds, else the errors."""
    if response.status == ResponseStatus.COMPLETE:
        return []
    clean, errors = _validate(response.version, response.answers, response.language)
    if errors:
        return errors
    Response.objects.filter(pk=response.pk).update(
        answers=clean, status=ResponseStatus.COMPLETE, submitted=timezone.now()
    )
    response.refresh_from_db()
    _answers_changed(response.version)
    return []


def _answers_changed(version: SurveyVersion) -> None:
    """A complete answer to the SME technology-needs survey came or went: the gap analysis's
    demand changed, so a recomputation is asked for (coalesced, after the commit)."""
    if selectors.definition(version).form_id == gap_tables.SME_FORM_ID:
        gap_store.request_recompute_on_commit()


def submit(
    survey: Survey,
    answers: Mapping[str, Any],
    *,
    user: Any = None,
    language: str = "",
    idempotency_key: str | None = None,
    invitation: Invitation | None = None,
) -> tuple[Response, bool]:
    """Store a whole response in one step (the API); return it and whether it was created.

    Raises :class:`AnswersInvalid` with every error. The same ``idempotency_key`` returns the
    response stored first. The response is written in one transaction: whole or absent.
    """
    if idempotency_key:
        existing = Response.objects.filter(survey=survey, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    _require_open(survey, invitation)
    version = selectors.current_version(survey)
    clean, errors = _validate(version, answers, language)
    if errors:
        raise AnswersInvalid(errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                version=version,
                invitation=invitation,
                user=user if getattr(user, "is_authenticated", False) else None,
                resume_key=secrets.token_urlsafe(24),
                idempotency_key=idempotency_key or "",
                answers=clean,
                language=language[:8],
                consent=True,
                status=ResponseStatus.COMPLETE,
                submitted=now,
                pages_seen=len(_visible_pages(selectors.definition(version), clean)),
                **_respondent_facts(user, clean),
            )
    except IntegrityError:
        if not idempotency_key:
            raise
        # A concurrent request with the same key won the race: answer with its response.
        return Response.objects.get(survey=survey, idempotency_key=idempotency_key), False
    _answers_changed(version)
    return response, True


def export_respondent(response: Response) -> dict[str, Any]:
    """A respondent's own answers and their metadata (the right of access)."""
    return {
        "survey": response.survey.slug,
        "version": response.version.number,
        "status": response.status,
        "language": response.language,
        "started": response.started.isoformat(),
        "submitted": response.submitted.isoformat() if response.submitted else None,
        "answers": response.answers,
    }


def erase_respondent(response: Response, *, user: Any = None, resume_key: str = "") -> None:
    """Delete a response: by its respondent (holding its resume secret) or an organiser."""
    if not (resume_key and secrets.compare_digest(resume_key, response.resume_key)):
        if user is None or not selectors.organises(user, response.survey):
            raise NotAllowed(_("Only the respondent or the survey's organisers may erase it"))
    complete = response.status == ResponseStatus.COMPLETE
    response.delete()
    if complete:
        _answers_changed(response.version)


def set_language(response: Response, language: str) -> None:
    """Switch the language a respondent answers in."""
    Response.objects.filter(pk=response.pk).update(language=language[:8])
    response.language = language[:8]
