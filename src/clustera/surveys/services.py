"""Survey use cases: import a form (versioned), collect answers page by page or in one post,
invite respondents, erase or export a respondent's answers, purge expired answers, seed the demo.
The form builder's writes (create, edit the draft, publish, close) live in
:mod:`clustera.surveys.builder` and are re-exported here: callers use ``services.<name>``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts.models import OrganisationMembership
from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.questionnaires import (
    TEMPLATES,
    Definition,
    Group,
    Item,
    load_template,
    read_xlsform,
    validate_answers,
)
from clustera.questionnaires import visible_pages as _visible_pages
from clustera.registry.messages import translated
from clustera.registry.models import Organisation
from clustera.surveys import demo_world, gap_store, gap_tables, selectors
from clustera.surveys.builder import VersionFrozen as VersionFrozen
from clustera.surveys.builder import add_item as add_item
from clustera.surveys.builder import close_survey as close_survey
from clustera.surveys.builder import create_survey as create_survey
from clustera.surveys.builder import delete_item as delete_item
from clustera.surveys.builder import move_item as move_item
from clustera.surveys.builder import new_draft as new_draft
from clustera.surveys.builder import publish as publish
from clustera.surveys.builder import update_item as update_item
from clustera.surveys.builder import update_settings as update_settings
from clustera.surveys.models import (
    Invitation,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
    SurveyVersion,
)
from clustera.synth.world import World


class AnswersInvalid(InvalidInputError):
    """Answers refused by the definition; ``errors`` holds ``{"field", "message"}`` per error."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(
            "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]),
            field=errors[0]["field"] if errors else None,
        )
        self.errors = errors


def _require_organiser(user: Any, survey: Survey) -> None:
    if user is not None and not selectors.organises(user, survey):
        raise NotAllowed(_("Only the survey's organisers and platform editors may do this"))


def import_form(
    source: str | PathLike[str] | bytes,
    *,
    slug: str | None = None,
    draft: bool = False,
    organiser: Organisation | None = None,
    user: Any = None,
    name: str | None = None,
) -> SurveyVersion:
    """Import an XLSForm as a survey (slug defaults to its ``form_id``) and return its version.

    A new survey is open unless ``draft``. Re-importing changes the newest version in place while
    it has no response and keeps the same XLSForm ``version``; otherwise (answered, i.e. frozen,
    or a new ``version``) it adds a version, and old answers stay tied to theirs. ``user`` None is
    the command line; a user must organise the survey (or be an editor for a new one).
    """
    definition = read_xlsform(source, name=name)
    return store_definition(definition, slug=slug, draft=draft, organiser=organiser, user=user)


def store_definition(
    definition: Definition,
    *,
    slug: str | None = None,
    draft: bool = False,
    organiser: Organisation | None = None,
    user: Any = None,
) -> SurveyVersion:
    """Store a parsed definition as a new survey or a new (or replaced) version of one."""
    slug = slug or definition.form_id.replace("_", "-")
    title = definition.text(definition.title) or definition.form_id
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(slug=slug).first()
        if survey is None:
            if user is not None and not (
                selectors.is_editor_user(user)
                or (organiser is not None and selectors.admin_of(user, organiser.pk))
            ):
                raise NotAllowed(_("Only editors and the organiser's admins may create surveys"))
            survey = Survey.objects.create(
                slug=slug,
                title=title[:300],
                organiser=organiser,
                status=SurveyStatus.DRAFT if draft else SurveyStatus.OPEN,
                languages=list(definition.languages),
                purpose="Aggregated results for the survey's organiser and the platform's "
                "observatory; individual answers are seen only by organisers and analysts.",
                controller=organiser.name if organiser else "The platform operator",
            )
        else:
            _require_organiser(user, survey)
            Survey.objects.filter(pk=survey.pk).update(
                title=title[:300], languages=list(definition.languages)
            )
        latest = selectors.newest_version(survey)
        stored = definition.to_dict()
        published = None if draft else timezone.now()
        if latest is not None and latest.definition == stored:
            if latest.published is None and published is not None:
                SurveyVersion.objects.filter(pk=latest.pk).update(published=published)
                latest.refresh_from_db()
            return latest
        if (
            latest is not None
            and latest.form_version == definition.version
            and not latest.responses.exists()
        ):
            SurveyVersion.objects.filter(pk=latest.pk).update(
                definition=stored, published=latest.published or published
            )
            latest.refresh_from_db()
            return latest
        return SurveyVersion.objects.create(
            survey=survey,
            number=(latest.number + 1) if latest else 1,
            form_version=definition.version[:64],
            definition=stored,
            published=published,
        )


def set_status(survey: Survey, status: str, *, user: Any = None) -> None:
    """Open, close or return a survey to draft (organisers and editors)."""
    _require_organiser(user, survey)
    if status not in SurveyStatus.values:
        raise InvalidInputError(_("unknown status"), field="status", value=status)
    Survey.objects.filter(pk=survey.pk).update(status=status)


MAX_RETENTION_DAYS = 3650
"""Longest retention period an organiser may set (ten years)."""


def update_privacy(
    survey: Survey, *, purpose: str, controller: str, retention_days: Any, user: Any = None
) -> Survey:
    """Set what the consent step tells respondents: the purpose, the controller and how many
    days answers are kept after their last change (organisers and editors). Every value is
    checked before anything is written."""
    _require_organiser(user, survey)
    purpose, controller = (purpose or "").strip(), (controller or "").strip()
    if not purpose or len(purpose) > 2000:
        raise InvalidInputError(
            _("give the purpose in 1 to 2,000 characters"), field="purpose", value=purpose[:80]
        )
    if not controller or len(controller) > 300:
        raise InvalidInputError(
            _("name the controller in 1 to 300 characters"), field="controller", value=controller
        )
    try:
        days = int(str(retention_days).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidInputError(
            _("the retention period is a whole number of days from 1 to %(max)d")
            % {"max": MAX_RETENTION_DAYS},
            field="retention_days",
            value=retention_days,
        )
    Survey.objects.filter(pk=survey.pk).update(
        purpose=purpose, controller=controller, retention_days=days
    )
    survey.refresh_from_db()
    return survey


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


def start_response(
    survey: Survey,
    *,
    user: Any = None,
    invitation: Invitation | None = None,
    language: str = "",
    consent: bool = False,
) -> Response:
    """A new response in progress to the survey's newest version, with its resume secret."""
    if survey.status != SurveyStatus.OPEN:
        raise NotAllowed(_("This survey is not open for answers"))
    if survey.access == "invitation" and invitation is None:
        raise NotAllowed(_("This survey is answered by invitation only"))
    if invitation is not None and Response.objects.filter(invitation=invitation).exists():
        raise NotAllowed(_("This invitation has already been used"))
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
    if survey.status != SurveyStatus.OPEN:
        raise NotAllowed(_("This survey is not open for answers"))
    if survey.access == "invitation" and invitation is None:
        raise NotAllowed(_("This survey is answered by invitation only"))
    if invitation is not None and Response.objects.filter(invitation=invitation).exists():
        raise NotAllowed(_("This invitation has already been used"))
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


def invite(survey: Survey, emails: Iterable[str], *, user: Any, base_url: str) -> int:
    """Invite each address once (a random token each) and e-mail its link; return how many."""
    _require_organiser(user, survey)
    sent = 0
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        if "@" not in email or len(email) > 254:
            raise InvalidInputError(_("not an e-mail address"), field="emails", value=email)
        invitation, created = Invitation.objects.get_or_create(
            survey=survey, email=email, defaults={"token": secrets.token_urlsafe(24)}
        )
        if not created:
            continue
        link = base_url.rstrip("/") + reverse(
            "surveys:invited", args=[survey.slug, invitation.token]
        )
        send_mail(
            _("Invitation: %(title)s") % {"title": survey.title},
            _(
                "You are invited to answer “%(title)s”.\n\n%(link)s\n\n"
                "Your answers are kept as you go; the link brings you back where you stopped."
            )
            % {"title": survey.title, "link": link},
            None,
            [email],
        )
        Invitation.objects.filter(pk=invitation.pk).update(sent=timezone.now())
        sent += 1
    return sent


def send_resume_link(response: Response, email: str, *, base_url: str) -> None:
    """E-mail the respondent the link that brings them back to their answers."""
    link = base_url.rstrip("/") + reverse(
        "surveys:resume", args=[response.survey.slug, response.resume_key]
    )
    send_mail(
        _("Continue: %(title)s") % {"title": response.survey.title},
        _("Your answers so far are saved. Continue where you stopped:\n\n%(link)s\n")
        % {"link": link},
        None,
        [email],
    )


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


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete responses older than their survey's retention period; return how many."""
    now = now or timezone.now()
    deleted = 0
    for survey in Survey.objects.only("pk", "retention_days"):
        limit = now - dt.timedelta(days=survey.retention_days)
        count, _kinds = Response.objects.filter(survey=survey, updated__lt=limit).delete()
        deleted += count
    if deleted:
        gap_store.request_recompute_on_commit()
    return deleted


def set_language(response: Response, language: str) -> None:
    """Switch the language a respondent answers in."""
    Response.objects.filter(pk=response.pk).update(language=language[:8])
    response.language = language[:8]


def seed_demo(world: World, seed: int) -> int:
    """The demo's surveys: both shipped templates imported as open public surveys organised by
    the first synthetic cluster, and deterministic answers of the registry's synthetic SMEs to
    the SME technology-needs survey (a planted gap included), then the gap analysis. Returns how many responses were
    stored; does nothing more when the SME survey already has responses."""
    organiser = (
        Organisation.objects.filter(is_synthetic=True, type="cluster").order_by("key").first()
    )
    for name in TEMPLATES:
        store_definition(load_template(name), slug=name.replace("_", "-"), organiser=organiser)
    survey = Survey.objects.get(slug=demo_world.SME_SURVEY)
    if survey.responses.exists():
        return 0
    stored = demo_world.answer_sme_survey(survey, world, seed)
    gap_store.recompute_gaps()
    return stored
