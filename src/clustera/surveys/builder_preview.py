"""The builder's preview: every page of a version as respondents see it, in each language;
posted answers are checked (conditions, required, constraints, choices) and never stored."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clustera.questionnaires import answers_from_form
from clustera.surveys import form_pages, selectors, services
from clustera.surveys.builder_views import builders_only
from clustera.surveys.models import Survey


@builders_only
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Every page of a version as respondents see it, in each language; posting answers shows
    which pages and questions the conditions hide and the errors, and stores nothing."""
    survey = get_object_or_404(Survey, slug=slug)
    versions = survey.versions.order_by("-number")
    number = request.GET.get("version", "")
    version = (
        get_object_or_404(versions, number=int(number))
        if number.isdigit()
        else selectors.newest_version(survey)
    )
    definition = selectors.definition(version)
    language = form_pages.language_for(definition, [request.GET.get("lang", "")])
    answers: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        answers = answers_from_form(definition, dict(request.POST.lists()))
        _clean, errors = services.check_answers(version, answers, language)
    shown = {page.name for page in services.pages(version, answers)}
    taxonomy = selectors.taxonomy_choices(selectors.picker_kinds(definition))
    pages = [
        {
            "label": definition.text(getattr(page, "label", {}), language),
            "relevant": page.relevant,
            "shown": page.name in shown,
            "sections": form_pages.sections(definition, page, language, answers, errors, taxonomy),
        }
        for page in definition.children
    ]
    return render(
        request,
        "surveys/builder_preview.html",
        {
            "survey": survey,
            "version": version,
            "title": definition.text(definition.title, language) or survey.title,
            "language": language,
            "languages": selectors.languages_in_order(survey, definition),
            "pages": pages,
            "errors": errors,
            "checked": request.method == "POST",
        },
    )
