"""Survey pages: the list, the consent step, one page per group with save and resume, the
respondent's own answers (download, erase), the results dashboard and invitations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clustera.accounts.permissions import NotAllowed
from clustera.questionnaires import answers_from_form
from clustera.surveys import form_pages, results, selectors, services, uploads
from clustera.surveys.models import Invitation, Response, ResponseStatus, Survey

_SESSION = "survey-resume-{}"
_FILTER_LABELS = {
    "actor_type": gettext_lazy("Actor type"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
}


def _in_language(language: str, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Render a survey page with the site's own words (buttons, headings) in the respondent's
    form language when the site has it, else in the language the middleware chose."""
    if language in {code for code, _name in settings.LANGUAGES}:
        with translation.override(language):
            page = render(request, *args, **kwargs)
        page["Content-Language"] = language
        return page
    return render(request, *args, **kwargs)


def index(request: HttpRequest) -> HttpResponse:
    """Surveys the visitor may see or answer."""
    return render(
        request,
        "surveys/index.html",
        {
            "surveys": selectors.visible_surveys(request.user),
            "can_build": selectors.is_builder(request.user),
        },
    )


def _language(request: HttpRequest, survey: Survey, stored: str = "") -> str:
    definition = selectors.definition(selectors.current_version(survey))
    wanted = [request.GET.get("lang", ""), stored]
    wanted += form_pages.accept_language(request.headers.get("Accept-Language", ""))
    return form_pages.language_for(definition, [w for w in wanted if w])


def _consent(
    request: HttpRequest, survey: Survey, invitation: Invitation | None = None
) -> HttpResponse:
    language = _language(request, survey)
    if request.method == "POST":
        if request.POST.get("consent") != "yes":
            messages.error(request, _("Please confirm that you agree before starting."))
        else:
            try:
                response = services.start_response(
                    survey,
                    user=request.user,
                    invitation=invitation,
                    language=request.POST.get("lang", language),
                    consent=True,
                )
            except NotAllowed as error:
                return render(request, "surveys/closed.html", {"survey": survey, "reason": error})
            request.session[_SESSION.format(survey.slug)] = response.resume_key
            return redirect("surveys:resume", survey.slug, response.resume_key)
    definition = selectors.definition(selectors.current_version(survey))
    personal = [
        definition.text(q.label, language) for q in definition.questions() if q.personal_data
    ]
    return _in_language(
        language,
        request,
        "surveys/consent.html",
        {
            "survey": survey,
            "language": language,
            "languages": definition.languages,
            "intro": definition.text(definition.title, language),
            "personal": personal,
        },
    )


def start(request: HttpRequest, slug: str) -> HttpResponse:
    """The consent step of a public survey; a visitor with answers in progress goes back to them."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise Http404(gettext("No such survey"))
    key = request.session.get(_SESSION.format(slug))
    if key and Response.objects.filter(resume_key=key, status=ResponseStatus.IN_PROGRESS).exists():
        return redirect("surveys:resume", slug, key)
    if survey.status != "open":
        return render(
            request,
            "surveys/closed.html",
            {"survey": survey, "reason": _("This survey is closed.")},
        )
    if survey.access == "invitation":
        return render(
            request,
            "surveys/closed.html",
            {"survey": survey, "reason": _("This survey is answered through invitation links.")},
        )
    return _consent(request, survey)


def invited(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """An invitee's link: consent once, then their own (single) response."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("survey"), survey__slug=slug, token=token
    )
    existing = Response.objects.filter(invitation=invitation).first()
    if existing is not None:
        return redirect("surveys:resume", slug, existing.resume_key)
    return _consent(request, invitation.survey, invitation)


def _response(slug: str, key: str) -> Response:
    response = Response.objects.select_related("survey", "version").filter(resume_key=key).first()
    if response is None or response.survey.slug != slug:
        raise Http404(gettext("No such response"))
    return response


def resume(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """One page of the survey (GET), or save it and move on (POST); the last step submits."""
    response = _response(slug, key)
    if request.session.get(_SESSION.format(slug)) != key:
        request.session[_SESSION.format(slug)] = key  # written once, not on every page
    if response.status == ResponseStatus.COMPLETE:
        return render(
            request, "surveys/thanks.html", {"response": response, "survey": response.survey}
        )
    if "lang" in request.GET and request.GET["lang"] != response.language:
        services.set_language(response, _language(request, response.survey))
    shown = services.pages(response.version, response.answers)
    index = response.page
    if "page" in request.GET and request.GET["page"].isdigit():
        index = min(int(request.GET["page"]), response.page)
    errors: list[dict[str, str]] = []
    answers = response.answers
    if request.method == "POST":
        index = (
            int(request.POST.get("page", index))
            if request.POST.get("page", "").isdigit()
            else index
        )
        if request.POST.get("email"):
            services.send_resume_link(
                response, request.POST["email"], base_url=request.build_absolute_uri("/")
            )
            messages.success(request, _("We have e-mailed you the link to continue."))
        if index < len(shown):
            definition = selectors.definition(response.version)
            posted = answers_from_form(definition, dict(request.POST.lists()))
            file_errors = _take_files(request, response, shown[index], posted)
            errors = services.save_page(response, index, posted, refused=file_errors)
            if request.POST.get("action") == "back" and index > 0:
                return redirect(f"{request.path}?page={index - 1}")
            if not errors:
                return redirect(request.path)
            answers = {**response.answers, **posted}
        else:
            errors = services.finish(response)
            if not errors:
                return redirect(request.path)
    return _render_page(request, response, shown, index, answers, errors)


def _take_files(
    request: HttpRequest, response: Response, page: Any, posted: dict[str, Any]
) -> list[dict[str, str]]:
    """Store the page's uploads privately (size-checked) as file answers; a file question left
    empty keeps the file sent before. Returns the errors of files over their limit."""
    definition = selectors.definition(response.version)
    names = set(services.page_questions(page))
    errors: list[dict[str, str]] = []
    for question in definition.questions():
        if question.type != "file" or question.name not in names:
            continue
        upload = request.FILES.get(question.name)
        if upload is None:
            if question.name in response.answers:
                posted[question.name] = response.answers[question.name]
            continue
        problem = uploads.too_large(question, upload)
        if problem:
            errors.append({"field": question.name, "message": problem})
            continue
        posted[question.name] = uploads.store(response.pk, question.name, upload)
    return errors


def file_download(request: HttpRequest, slug: str, pk: int, name: str) -> HttpResponse:
    """A file answered to a question: organisers and analysts only (others 403)."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise Http404(gettext("No such survey"))
    if not selectors.sees_answers(request.user, survey):
        return HttpResponse(_("Only the survey's organisers and analysts see answers."), status=403)
    response = get_object_or_404(Response, pk=pk, survey=survey)
    answer = response.answers.get(name)
    path = uploads.path_of(response.pk, answer)
    if path is None:
        raise Http404(gettext("No such file"))
    return FileResponse(path.open("rb"), as_attachment=True, filename=answer["name"])


def _render_page(
    request: HttpRequest,
    response: Response,
    shown: list[Any],
    index: int,
    answers: dict[str, Any],
    errors: list[dict[str, str]],
) -> HttpResponse:
    definition = selectors.definition(response.version)
    language = form_pages.language_for(definition, [response.language])
    context: dict[str, Any] = {
        "survey": response.survey,
        "response": response,
        "title": definition.text(definition.title, language) or response.survey.title,
        "language": language,
        "languages": definition.languages,
        "index": index,
        "total": len(shown),
        "number": min(index + 1, len(shown)),
        "percent": round(100 * index / max(len(shown), 1)),
        "errors": errors,
        "resume_url": request.build_absolute_uri(request.path),
    }
    if index >= len(shown):
        context["review"] = True
        if errors:
            context["error_pages"] = _pages_with_errors(shown, errors)
    else:
        page = shown[index]
        context["page_title"] = definition.text(getattr(page, "label", {}), language)
        context["sections"] = form_pages.sections(
            definition,
            page,
            language,
            answers,
            errors,
            selectors.taxonomy_choices(selectors.picker_kinds(definition)),
        )
    status = 422 if errors else 200
    return _in_language(language, request, "surveys/page.html", context, status=status)


def _pages_with_errors(shown: list[Any], errors: list[dict[str, str]]) -> list[int]:
    fields = {e["field"] for e in errors}
    return [i for i, page in enumerate(shown) if fields & set(services.page_questions(page))]


def my_answers(request: HttpRequest, slug: str, key: str) -> JsonResponse:
    """The respondent's own answers as JSON (the right of access)."""
    response = _response(slug, key)
    download = JsonResponse(services.export_respondent(response), json_dumps_params={"indent": 2})
    download["Content-Disposition"] = f'attachment; filename="{slug}-my-answers.json"'
    return download


@require_POST
def erase(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Delete the respondent's answers (they hold the resume secret)."""
    response = _response(slug, key)
    services.erase_respondent(response, resume_key=key)
    request.session.pop(_SESSION.format(slug), None)
    messages.success(request, _("Your answers have been deleted."))
    return redirect("surveys:index")


def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Results: counts, completion, duration, drop-off, a chart and table per question; filters;
    individual answers only for organisers and analysts, small cells suppressed for others."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise Http404(gettext("No such survey"))
    filters = {f: request.GET.get(f, "")[:24] for f in ("actor_type", "country", "region")}
    detailed = selectors.sees_answers(request.user, survey)
    summary = results.summarise(survey, filters, detailed=detailed)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "summary": summary,
            "filters": filters,
            "detailed": detailed,
            "organiser": selectors.organises(request.user, survey),
            "can_build": selectors.is_builder(request.user),
            "filter_fields": [
                (name, _FILTER_LABELS.get(name, name), options, filters[name])
                for name, options in results.filter_options(survey).items()
            ],
        },
    )


@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Send invitations to the addresses given, one a line (organisers only)."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise Http404(gettext("No such survey"))
    emails = request.POST.get("emails", "").replace(",", "\n").splitlines()
    try:
        count = services.invite(
            survey, emails, user=request.user, base_url=request.build_absolute_uri("/")
        )
    except NotAllowed as error:
        return HttpResponse(str(error), status=403)
    except services.InvalidInputError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
            % {"count": count},
        )
    return redirect("surveys:results", slug)


@require_POST
def change_status(request: HttpRequest, slug: str) -> HttpResponse:
    """Open, close or return a survey to draft (organisers only)."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise Http404(gettext("No such survey"))
    try:
        services.set_status(survey, request.POST.get("status", ""), user=request.user)
    except NotAllowed as error:
        return HttpResponse(str(error), status=403)
    except services.InvalidInputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The survey's status was changed."))
    return redirect("surveys:results", slug)


@require_POST
def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the survey's purpose, controller and retention period (organisers only)."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise Http404(gettext("No such survey"))
    try:
        services.update_privacy(
            survey,
            purpose=request.POST.get("purpose", ""),
            controller=request.POST.get("controller", ""),
            retention_days=request.POST.get("retention_days", ""),
            user=request.user,
        )
    except NotAllowed as error:
        return HttpResponse(str(error), status=403)
    except services.InvalidInputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The survey's purpose, controller and retention were saved."))
    return redirect("surveys:results", slug)
