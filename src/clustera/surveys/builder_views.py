"""The survey builder's pages: the editors' list of surveys, a new survey, the draft's outline
(pages and questions with move, edit and delete buttons), the settings, page and question forms,
publish and close, and the preview. Plain forms and POST-redirect-GET; no JavaScript needed.
Only editors (and superusers) build: others get 403, anonymous visitors the login page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clustera.errors import InvalidInputError
from clustera.questionnaires import Definition, Group, Question
from clustera.questionnaires.editing import DefinitionError
from clustera.questionnaires.editing import item as find_item
from clustera.surveys import builder_forms, selectors, services
from clustera.surveys.models import Survey, SurveyVersion

View = Callable[..., HttpResponse]


def builders_only(view: View) -> View:
    """Anonymous visitors go to the login page; signed-in non-editors get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.is_builder(request.user):
            raise PermissionDenied(_("Only editors build surveys."))
        return view(request, *args, **kwargs)

    return wrapped


def _outline_url(slug: str) -> str:
    return reverse("surveys:build", args=[slug])


@builders_only
def builder_index(request: HttpRequest) -> HttpResponse:
    """Every survey with its versions and status, and the builder's actions."""
    return render(request, "surveys/builder_index.html", {"surveys": selectors.builder_surveys()})


@builders_only
def new_survey(request: HttpRequest) -> HttpResponse:
    """Create a draft survey (address, title, languages, description)."""
    form = builder_forms.NewSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.create_survey(
                slug=data["slug"],
                title=data["title"],
                languages=data["languages"],
                default_language=data["default_language"].strip().lower(),
                description=data["description"],
                user=request.user,
            )
        except InvalidInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The survey was created as a draft."))
            return redirect(_outline_url(version.survey.slug))
    return render(request, "surveys/builder_new.html", {"form": form}, status=_status(form))


def _status(form: Any) -> int:
    return 422 if form.is_bound and form.errors else 200


def _survey(slug: str) -> Survey:
    return get_object_or_404(Survey, slug=slug)


@builders_only
def outline(request: HttpRequest, slug: str) -> HttpResponse:
    """The newest version's pages and questions, with the actions of a draft."""
    survey = _survey(slug)
    version = selectors.newest_version(survey)
    definition = selectors.definition(version)
    rows = [
        {
            "item": entry,
            "label": definition.text(entry.label),
            "depth": len(parents),
            "is_group": isinstance(entry, Group),
        }
        for entry, parents in definition.walk()
    ]
    return render(
        request,
        "surveys/builder_outline.html",
        {
            "survey": survey,
            "version": version,
            "definition": definition,
            "title": definition.text(definition.title) or survey.title,
            "frozen": selectors.is_frozen(version),
            "answered": version.responses.exists(),
            "rows": rows,
            "pages": [p for p in definition.children if isinstance(p, Group)],
            "languages": selectors.languages_in_order(survey, definition),
        },
    )


@require_POST
@builders_only
def make_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """Copy the newest (frozen) version into a new draft."""
    version = services.new_draft(_survey(slug), user=request.user)
    messages.success(
        request,
        _("Version %(number)s is a draft: edit it, then publish it.") % {"number": version.number},
    )
    return redirect(_outline_url(slug))


def _frozen_redirect(request: HttpRequest, slug: str, error: InvalidInputError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect(_outline_url(slug))


@builders_only
def settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Title in each language, languages, default language and description of the draft."""
    survey = _survey(slug)
    definition = selectors.definition(selectors.newest_version(survey))
    languages = selectors.languages_in_order(survey, definition)
    initial = {
        "languages_codes": builder_forms.language_codes(list(languages)),
        "default_language": definition.default_language,
        "description": survey.purpose,
    } | {f"title_{code}": text for code, text in definition.title.items()}
    form = builder_forms.SettingsForm(
        request.POST or None,
        initial=initial,
        languages=languages,
        default=definition.default_language,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        titles = {code: data.get(f"title_{code}", "") for code in definition.languages}
        try:
            services.update_settings(
                survey,
                title=titles,
                languages=data["languages_codes"],
                default_language=data["default_language"].strip().lower(),
                description=data["description"],
                user=request.user,
            )
        except services.VersionFrozen as error:
            return _frozen_redirect(request, slug, error)
        except InvalidInputError as error:
            field = error.field if error.field in form.fields else None
            if error.field == "languages":
                field = "languages_codes"
            form.add_error(
                field, f"{error.message} ({error.value})" if error.value else error.message
            )
        else:
            messages.success(request, _("The settings were saved."))
            return redirect(_outline_url(slug))
    return render(
        request,
        "surveys/builder_settings.html",
        {"survey": survey, "form": form},
        status=_status(form),
    )


def _item_form(
    request: HttpRequest, survey: Survey, definition: Definition, kind: str, initial: dict[str, Any]
) -> builder_forms.GroupForm | builder_forms.QuestionForm:
    form_class = builder_forms.QuestionForm if kind == "question" else builder_forms.GroupForm
    return form_class(
        request.POST or None,
        initial=initial,
        languages=selectors.languages_in_order(survey, definition),
        default=definition.default_language,
    )


def _save_item(
    request: HttpRequest,
    survey: Survey,
    form: builder_forms.GroupForm | builder_forms.QuestionForm,
    write: Callable[..., SurveyVersion],
) -> HttpResponse | None:
    """Call the service with the form's item; put a refused condition on its form field."""
    choices = form.choices() if isinstance(form, builder_forms.QuestionForm) else None
    try:
        write(form.item(), choices)
    except services.VersionFrozen as error:
        return _frozen_redirect(request, survey.slug, error)
    except DefinitionError as error:
        field = builder_forms.error_field(form, error.field, form.default)
        where = "" if error.item in (None, form.cleaned_data.get("name")) else f"{error.item}: "
        form.add_error(
            field,
            f"{where}{error.message} ({error.value})" if error.value else f"{where}{error.message}",
        )
    except InvalidInputError as error:
        form.add_error(builder_forms.error_field(form, error.field, form.default), error.message)
    else:
        messages.success(request, _("Saved."))
        return redirect(_outline_url(survey.slug))
    return None


@builders_only
def add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a page (no ``parent``), or a question or group to the page ``parent``."""
    survey = _survey(slug)
    definition = selectors.definition(selectors.newest_version(survey))
    parent = request.GET.get("parent") or None
    kind = request.GET.get("kind", "question" if parent else "page")
    if kind not in ("page", "group", "question") or (kind != "page") != bool(parent):
        raise Http404(gettext("Unknown kind of item"))
    if parent is not None:
        try:
            found, _parents = find_item(definition, parent)
        except KeyError:
            raise Http404(gettext("No such page")) from None
        if not isinstance(found, Group):
            raise Http404(gettext("Not a page"))
    initial = {"type": request.GET.get("type", "text")} if kind == "question" else {}
    form = _item_form(request, survey, definition, kind, initial)
    if request.method == "POST" and form.is_valid():
        done = _save_item(
            request,
            survey,
            form,
            lambda item, choices: services.add_item(
                survey, parent, item, choices=choices, user=request.user
            ),
        )
        if done is not None:
            return done
    return render(
        request,
        "surveys/builder_item.html",
        {"survey": survey, "form": form, "kind": kind, "parent": parent, "editing": None},
        status=_status(form),
    )


@builders_only
def edit_item(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """Edit a page, group or question of the draft."""
    survey = _survey(slug)
    definition = selectors.definition(selectors.newest_version(survey))
    try:
        found, parents = find_item(definition, name)
    except KeyError:
        raise Http404(gettext("No such question or page")) from None
    if isinstance(found, Question):
        kind, initial = "question", builder_forms.QuestionForm.initial_for(definition, found)
    else:
        kind, initial = ("group" if parents else "page"), builder_forms.GroupForm.initial_for(found)
    form = _item_form(request, survey, definition, kind, initial)
    if request.method == "POST" and form.is_valid():
        done = _save_item(
            request,
            survey,
            form,
            lambda item, choices: services.update_item(
                survey, name, _keep_unedited(found, item), choices=choices, user=request.user
            ),
        )
        if done is not None:
            return done
    return render(
        request,
        "surveys/builder_item.html",
        {"survey": survey, "form": form, "kind": kind, "parent": None, "editing": name},
        status=_status(form),
    )


def _keep_unedited(old: Any, new: Any) -> Any:
    """What an imported question holds that the form does not edit (required messages, other
    XLSForm parameters) is kept."""
    if not (isinstance(old, Question) and isinstance(new, Question)):
        return new
    kept = {k: v for k, v in old.parameters.items() if k != "max-file-size"}
    return replace(new, required_message=old.required_message, parameters=kept | new.parameters)


@require_POST
@builders_only
def move(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """Move an item up or down (``direction`` = up | down)."""
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, _("Choose up or down."))
        return redirect(_outline_url(slug))
    return _outline_write(
        request, slug, lambda s: services.move_item(s, name, offset, user=request.user)
    )


@require_POST
@builders_only
def delete(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """Delete an item (a page with its questions)."""
    return _outline_write(
        request, slug, lambda s: services.delete_item(s, name, user=request.user), _("Deleted.")
    )


def _outline_write(
    request: HttpRequest, slug: str, write: Callable[[Survey], Any], done: str = ""
) -> HttpResponse:
    survey = _survey(slug)
    try:
        write(survey)
    except KeyError:
        raise Http404(gettext("No such question or page")) from None
    except InvalidInputError as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    return redirect(_outline_url(slug))


@require_POST
@builders_only
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the newest version and open the survey."""
    survey = _survey(slug)
    try:
        version = services.publish(survey, user=request.user)
    except InvalidInputError as error:
        messages.error(request, str(error))
        return redirect(_outline_url(slug))
    messages.success(
        request,
        _("Version %(number)s is published: new respondents answer it.")
        % {"number": version.number},
    )
    return redirect("surveys:build_index")


@require_POST
@builders_only
def close(request: HttpRequest, slug: str) -> HttpResponse:
    """Close the survey to new answers."""
    services.close_survey(_survey(slug), user=request.user)
    messages.success(request, _("The survey is closed to new answers."))
    return redirect("surveys:build_index")
