"""Survey use cases: import a form (versioned), collect answers page by page or in one post,
invite respondents, erase or export a respondent's answers, purge expired answers, seed the demo.
The form builder's writes (create, edit the draft, publish, close) live in
:mod:`clustera.surveys.builder`, collecting answers and the respondent's rights in
:mod:`clustera.surveys.answering`; both are re-exported here: callers use ``services.<name>``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from os import PathLike
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.questionnaires import (
    TEMPLATES,
    Definition,
    load_template,
    read_xlsform,
)
from clustera.registry.models import Organisation
from clustera.surveys import demo_world, gap_store, selectors
from clustera.surveys.answering import AnswersInvalid as AnswersInvalid
from clustera.surveys.answering import check_answers as check_answers
from clustera.surveys.answering import erase_respondent as erase_respondent
from clustera.surveys.answering import export_respondent as export_respondent
from clustera.surveys.answering import finish as finish
from clustera.surveys.answering import page_questions as page_questions
from clustera.surveys.answering import pages as pages
from clustera.surveys.answering import save_page as save_page
from clustera.surveys.answering import set_language as set_language
from clustera.surveys.answering import start_response as start_response
from clustera.surveys.answering import submit as submit
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
    Survey,
    SurveyStatus,
    SurveyVersion,
)
from clustera.synth.world import World


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
