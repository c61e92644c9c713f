"""Content pages: section lists with filters, item pages, the editor with preview, the review
queue, panels for other apps' pages, following, digests' unsubscribe and the site search.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation as django_translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from clustera.accounts.permissions import is_editor
from clustera.accounts.selectors import organisations_of
from clustera.content import digests, selectors, services
from clustera.content.forms import ItemForm
from clustera.content.models import DigestPreference, FollowTarget, Status
from clustera.errors import InvalidInputError
from clustera.io.markdown_text import render_markdown
from clustera.registry import selectors as registry_selectors

# When the content pages were last checked with axe-core (tests/content/test_accessibility.py).
ACCESSIBILITY_CHECKED = date(2026, 12, 5)
TITLES = {
    "news": gettext_lazy("News"),
    "case-studies": gettext_lazy("Case studies"),
    "publications": gettext_lazy("Publications"),
}


def section_list(request: HttpRequest, section: str) -> HttpResponse:
    """A section's published items, filtered by kind, links, language and words, 20 a page."""
    filters = selectors.ContentFilters.from_mapping(request.GET)
    page = Paginator(selectors.items(filters, section), 20).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in filters.as_query().items())
    return render(
        request,
        "content/list.html",
        {
            "section": section,
            "title": TITLES[section],
            "page": page,
            "filters": filters,
            "query": query,
            "choices": selectors.filter_choices(),
            "feed_name": section.replace("-", "_"),
            "can_write": is_editor(request.user) or bool(organisations_of(request.user)),
            "followable": [
                (target, pk, name, selectors.is_following(request.user, target, pk))
                for target, pk, name, _ in selectors.followable(filters)
            ],
        },
    )


def item_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One item in the reader's language when translated, else the original with a notice."""
    found = selectors.item(request.user, slug)
    if found is None:
        raise Http404(gettext("No such item"))
    wanted = request.GET.get("lang") or django_translation.get_language() or "en"
    shown = selectors.translation(found, wanted[:2]) if found.status == Status.PUBLISHED else None
    return render(
        request,
        "content/item.html",
        {
            "item": shown or found,
            "body": services.render_body(shown or found),
            "fallback_from": wanted[:2] if shown is None and found.language != wanted[:2] else "",
            "languages": selectors.languages_of(found),
            "can_edit": services.can_edit(request.user, found),
            "can_publish": is_editor(request.user) and found.status != Status.PUBLISHED,
            "revisions": found.revisions.select_related("author")[:10],
            "links": selectors.links_of(found.original or found),
        },
    )


def _form_for(request: HttpRequest, item: Any = None, original: Any = None) -> ItemForm:
    own = None if is_editor(request.user) else selectors.administered(request.user)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial: dict[str, Any] = {}
    wanted = request.GET.get("organisation", "")
    if wanted.isdigit():
        initial["organisation"] = int(wanted)
    if original is not None:
        initial = {
            "kind": original.kind,
            "title": original.title,
            "summary": original.summary,
            "body": original.body,
            "language": "",
            "organisation": original.organisation_id,
        }
    return ItemForm(data, files, instance=item, organisations=own, initial=initial)


def _original(request: HttpRequest) -> Any:
    """The item being translated (``?original=<id>``), when the user may see it."""
    wanted = request.GET.get("original", "")
    return selectors.item_by_pk(request.user, int(wanted)) if wanted.isdigit() else None


def _editor(request: HttpRequest, item: Any = None) -> HttpResponse:
    if item is not None and not services.can_edit(request.user, item):
        raise PermissionDenied(gettext("You may not edit this item"))
    if item is None and not (is_editor(request.user) or selectors.administered(request.user)):
        raise PermissionDenied(gettext("Only editors and organisation admins write content"))
    original = _original(request) if item is None else None
    form = _form_for(request, item, original)
    preview = ""
    action = request.POST.get("action", "draft")
    if request.method == "POST" and form.is_valid():
        if action == "preview":
            preview = render_markdown(form.cleaned_data.get("body", ""))
        else:
            changes = form.changes()
            status = {"review": Status.REVIEW, "publish": Status.PUBLISHED}.get(
                action, Status.DRAFT
            )
            changes["status"] = status
            if original is not None:
                changes["original"] = original.original or original
            try:
                saved = services.save_item(request.user, item, changes)
            except InvalidInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except services.NotAllowed as exc:
                raise PermissionDenied(str(exc)) from None
            else:
                messages.success(
                    request, gettext("Saved: %(status)s.") % {"status": saved.get_status_display()}
                )
                return redirect("content:item", slug=saved.slug)
    return render(
        request,
        "content/edit.html",
        {
            "form": form,
            "item": item,
            "original": original,
            "preview": preview,
            "editor": is_editor(request.user),
        },
    )


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    """Write a new item (editors: any kind; organisation admins: news of their organisation)."""
    return _editor(request)


@login_required
def item_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit an item; each save keeps a revision."""
    found = selectors.item(request.user, slug)
    if found is None:
        raise Http404(gettext("No such item"))
    return _editor(request, found)


@login_required
@require_POST
def item_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve and publish an item (editors), at its publication date if one is set."""
    found = selectors.item(request.user, slug)
    if found is None:
        raise Http404(gettext("No such item"))
    try:
        services.publish(request.user, found)
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    messages.success(request, gettext("Published."))
    return redirect("content:item", slug=found.slug)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Drafts, items in review and scheduled items the user may work on."""
    return render(request, "content/queue.html", {"items": selectors.work_queue(request.user)})


def linked_panel(request: HttpRequest, target: str, pk: int, more: str = "") -> HttpResponse:
    """The items linked to an organisation, region, technology, event, call or partnership
    (loaded into their pages with htmx: the lower apps do not import content)."""
    if target not in selectors.LINK_TARGETS:
        raise Http404(gettext("Unknown target"))
    # Loaded with htmx into another page: a follow returns there, not to this fragment.
    page = (request.htmx.current_url_abs_path if request.htmx else None) or request.path
    return render(
        request,
        "content/_linked.html",
        {
            "page": page,
            "items": selectors.linked_to(target, pk),
            "target": target,
            "pk": pk,
            "following": selectors.is_following(request.user, target, pk),
            "more": more or (f"{target}={pk}" if target != "technology" else ""),
            "can_follow": target in FollowTarget.values,
            "can_propose": target == "organisation"
            and (
                is_editor(request.user)
                or selectors.administered(request.user).filter(pk=pk).exists()
            ),
        },
    )


def region_panel(request: HttpRequest, code: str) -> HttpResponse:
    """The linked-items panel of a region given by its code (for the observatory's page)."""
    region = selectors.region_by_code(code)
    if region is None:
        raise Http404(gettext("No such region"))
    return linked_panel(request, "region", region.pk, more=f"region={region.code}")


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow or unfollow an organisation, region or technology."""
    target = request.POST.get("target", "")
    pk = request.POST.get("target_id", "")
    if not pk.isdigit():
        raise Http404(gettext("Nothing to follow"))
    try:
        if request.POST.get("unfollow"):
            services.unfollow(request.user, target, int(pk))
            messages.success(request, gettext("You no longer follow it."))
        else:
            services.follow(request.user, target, int(pk))
            messages.success(
                request, gettext("Followed: new items appear in your notifications and digest.")
            )
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    wanted = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return redirect(wanted if wanted and safe else "content:following")


@login_required
def following(request: HttpRequest) -> HttpResponse:
    """What the user follows and how often the digest comes."""
    if request.method == "POST":
        try:
            services.set_digest_period(request.user, request.POST.get("period", ""))
            messages.success(request, gettext("Digest preference saved."))
        except InvalidInputError as exc:
            messages.error(request, exc.message)
        return redirect("content:following")
    follows = [
        (f, {"name": selectors.target_name(selectors.follow_target(f.target, f.target_id))})
        for f in selectors.follows_of(request.user)
    ]
    preference = DigestPreference.objects.filter(user=request.user).first()
    return render(
        request,
        "content/following.html",
        {"follows": follows, "period": preference.period if preference else "weekly"},
    )


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from the digest (no login): the link in every digest e-mail."""
    try:
        user = digests.unsubscribe(token)
    except InvalidInputError:
        raise Http404(gettext("This unsubscribe link is not valid")) from None
    return render(request, "content/unsubscribed.html", {"who": user.get_username()})


def search_page(request: HttpRequest) -> HttpResponse:
    """One search box: organisations of the directory, content grouped by kind, events, calls."""
    text = request.GET.get("q", "").strip()[:200]
    groups: list[tuple[str, list[Any]]] = []
    organisations: list[Any] = []
    activities: dict[str, list[Any]] = {"events": [], "calls": []}
    if text:
        activities = selectors.matching_activities(request.user, text)
        organisations = list(
            registry_selectors.organisations(
                request.user, registry_selectors.DirectoryFilters(q=text)
            )[:10]
        )
        found = list(selectors.items(selectors.ContentFilters(q=text))[:60])
        for section, kinds in selectors.SECTIONS.items():
            hits = [i for i in found if i.kind in kinds][:10]
            if hits:
                groups.append((TITLES[section], hits))
    return render(
        request,
        "content/search.html",
        {"q": text, "organisations": organisations, "groups": groups, **activities},
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the EU Web Accessibility Directive asks for."""
    configured = getattr(settings, "CLUSTERA_ACCESSIBILITY_CHECKED", "")
    checked = date.fromisoformat(configured) if configured else ACCESSIBILITY_CHECKED
    return render(request, "content/accessibility.html", {"checked": checked})


def _file_response(field: Any, download: bool) -> FileResponse:
    if not field:
        raise Http404(gettext("No file"))
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("File not found")) from None
    name = Path(field.name).name
    return FileResponse(handle, as_attachment=download, filename=name)


def attachment(request: HttpRequest, slug: str) -> FileResponse:
    """The document attached to an item (as visible as the item itself)."""
    found = selectors.item(request.user, slug)
    if found is None:
        raise Http404(gettext("No such item"))
    return _file_response(found.attachment, download=True)


def image(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An image of an item (as visible as the item itself)."""
    found = selectors.item(request.user, slug)
    picture = next((i for i in found.images.all() if i.pk == pk), None) if found else None
    if picture is None:
        raise Http404(gettext("No such image"))
    response = _file_response(picture.file, download=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response
