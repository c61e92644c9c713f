"""Partnering pages: express interest, notifications, partner search, centre finder, panels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clustera.accounts import selectors as account_selectors
from clustera.accounts.permissions import (
    NotAllowed,
    can_edit_organisation,
    can_view_organisation,
    is_editor,
)
from clustera.accounts.selectors import organisations_of
from clustera.errors import InvalidInputError
from clustera.partnering import marketplace, selectors, services
from clustera.partnering.finder_views import centre_finder, partner_search, suggestions_panel
from clustera.registry import services as registry_services
from clustera.registry.forms import OfferForm
from clustera.registry.models import Offer, OfferKind
from clustera.registry.offers import OFFER_DAYS

__all__ = ["centre_finder", "partner_search", "suggestions_panel"]  # pages of finder_views


@login_required
@require_POST
def express_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an expression of interest from one of the user's organisations to organisation ``pk``."""
    target = selectors.public_organisation(pk)
    if target is None:
        raise Http404(_("No such organisation"))
    try:
        sender_id = int(request.POST.get("from_organisation", ""))
    except ValueError:
        raise Http404(_("Choose the organisation you act for")) from None
    sender = selectors.organisation(sender_id)
    if sender is None:
        raise Http404(_("No such organisation"))
    try:
        interest = services.express_interest(
            request.user,
            sender,
            target,
            request.POST.get("message", ""),
            request.POST.get("context", ""),
            _base_url(request),
        )
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, exc.message)
        return redirect("registry:organisation", pk=target.pk)
    conversation = interest.conversation
    if conversation.needs_forwarding:
        messages.warning(
            request,
            _(
                "%(name)s has no active account yet: the platform's editors will forward "
                "your message. You will see the answer here."
            )
            % {"name": target.name},
        )
    else:
        messages.success(
            request,
            _("Sent: %(name)s's administrators were told in the app and by e-mail.")
            % {"name": target.name},
        )
    if selectors.conversation_for(request.user, conversation.pk) is None:
        return redirect("registry:organisation", pk=target.pk)  # an editor acting for others
    return redirect("partnering:conversation", pk=conversation.pk)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    items = selectors.notifications_of(request.user)
    services.mark_notifications_read(request.user)
    return render(request, "partnering/notifications.html", {"items": items})


def offer_answers_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """Who answers a public organisation's offers and requests (loaded into its profile page)."""
    organisation = selectors.public_organisation(pk)
    if organisation is None:
        raise Http404(_("No such organisation"))
    offers = selectors.offers_of(organisation)
    answers = services.answers_to(offers, k=3)
    return render(
        request,
        "partnering/_offer_answers.html",
        {"offer_answers": [(offer, answers.get(offer.pk, [])) for offer in offers]},
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
def conversations(request: HttpRequest) -> HttpResponse:
    """The threads of the user's organisations, latest activity first."""
    items = selectors.conversations_of(request.user)
    return render(request, "partnering/conversations.html", {"items": items})


def _conversation_page(request: HttpRequest, pk: int, status: int = 200) -> HttpResponse:
    conversation = selectors.conversation_for(request.user, pk)
    if conversation is None:
        raise Http404(_("No such conversation"))
    roles = {
        side.pk: account_selectors.role_in(request.user, side.pk)
        for side in (conversation.initiator, conversation.recipient)
    }
    context = {
        "conversation": conversation,
        "thread": selectors.messages_of(conversation),
        "contacts": selectors.shared_contacts(conversation),
        "my_side": next((pk for pk, role in roles.items() if role), None),
        "admin_of": [pk for pk, role in roles.items() if role == "admin"],
        "recipient_admin": roles.get(conversation.recipient_id) == "admin",
    }
    return render(request, "partnering/conversation.html", context, status=status)


@login_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    """One thread; a POST adds a message on behalf of the user's side."""
    if request.method != "POST":
        return _conversation_page(request, pk)
    try:
        services.reply(request.user, pk, request.POST.get("message", ""), _base_url(request))
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        if exc.field == "conversation":
            raise Http404(exc.message) from None
        messages.error(request, _("Message: %(error)s") % {"error": exc.message})
        return _conversation_page(request, pk, status=422)
    return redirect("partnering:conversation", pk=pk)


@login_required
@require_POST
def conversation_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, decline, share or stop sharing contacts (``action`` field)."""
    action = request.POST.get("action", "")
    try:
        if action in {"accept", "decline"}:
            services.answer(request.user, pk, action == "accept", _base_url(request))
            messages.success(
                request,
                _("You accepted to work together; the other side is told.")
                if action == "accept"
                else _("You declined to work together; the other side is told."),
            )
        elif action in {"share", "unshare"}:
            services.share_contacts(request.user, pk, action == "share")
            messages.success(
                request,
                _("Your consent to share contacts is recorded.")
                if action == "share"
                else _("Your contacts are no longer shared."),
            )
        else:
            messages.error(
                request,
                _("Unknown action %(action)s: accept, decline, share or unshare")
                % {"action": repr(action)},
            )
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        raise Http404(exc.message) from None
    return redirect("partnering:conversation", pk=pk)


@login_required
def forwarding_queue(request: HttpRequest) -> HttpResponse:
    """Editors: messages to organisations without an active account, to forward by hand."""
    if not is_editor(request.user):
        raise PermissionDenied(_("Only editors forward messages"))
    if request.method == "POST":
        try:
            services.mark_forwarded(request.user, int(request.POST.get("conversation", "0")))
        except (ValueError, InvalidInputError):
            messages.error(request, _("No conversation waiting to be forwarded with this id."))
        else:
            messages.success(request, _("Marked as forwarded."))
        return redirect("partnering:forwarding_queue")
    items = selectors.forwarding_queue(request.user)
    return render(request, "partnering/forwarding_queue.html", {"items": items})


def _filters(request: HttpRequest) -> marketplace.Filters:
    """The marketplace's filters from the query string; unknown values are ignored, and said."""
    get = request.GET
    found = marketplace.Filters(q=get.get("q", "").strip()[:100])
    kind = get.get("type", "")
    if kind in OfferKind.values:
        found.kind = kind
    elif kind:
        found.ignored.append(f"type={kind[:40]}")
    for name in ("technology", "sector", "country", "region"):
        value = get.get(name, "").strip()[:24]
        if value and not value.replace(".", "").replace("-", "").isalnum():
            found.ignored.append(f"{name}={value}")
        elif value:
            setattr(found, name, value)
    return found


@require_GET
def marketplace_page(request: HttpRequest) -> HttpResponse:
    """Every published offer and request, with filters and search."""
    filters = _filters(request)
    page = Paginator(marketplace.search(filters), 25).get_page(request.GET.get("page"))
    own = {o.pk for o in organisations_of(request.user)} if request.user.is_authenticated else set()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "choices": marketplace.facet_choices(),
        "kinds": OfferKind.choices,
        "own": own,
        "query": query.urlencode(),
    }
    return render(request, "partnering/marketplace.html", context)


def _offer_or_404(request: HttpRequest, pk: int) -> Offer:
    offer = Offer.objects.select_related("organisation").filter(pk=pk).first()
    if offer is None or not can_view_organisation(request.user, offer.organisation):
        raise Http404(_("No such offer"))
    if not marketplace.is_live(offer) and not can_edit_organisation(
        request.user, offer.organisation
    ):
        raise Http404(_("This offer is no longer published"))
    return offer


def offer(request: HttpRequest, pk: int) -> HttpResponse:
    """One offer: its text, its codes, the offers that answer it and why; owner actions."""
    found = _offer_or_404(request, pk)
    context = {
        "offer": found,
        "live": marketplace.is_live(found),
        "may_edit": can_edit_organisation(request.user, found.organisation),
        "matches": marketplace.matching_offers(found),
        "opposite": [OfferKind(k).label for k in marketplace.OPPOSITE_KINDS.get(found.kind, ())],
        "offer_days": OFFER_DAYS,
    }
    return render(request, "partnering/offer.html", context)


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an offer (the owning organisation's admins, editors)."""
    found = _offer_or_404(request, pk)
    if not can_edit_organisation(request.user, found.organisation):
        raise PermissionDenied(_("Only the organisation's admins and editors edit its offers"))
    initial = {
        "technologies": [f"{t.scheme}:{t.code}" for t in found.technologies.all()],
        "activities": [f"{a.scheme}:{a.code}" for a in found.activities.all()],
    }
    form = OfferForm(
        request.POST or None,
        initial={"kind": found.kind, "title": found.title, "description": found.description}
        | initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registry_services.update_offer(request.user, found, form.offer_data())
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("partnering:offer", pk=found.pk)
    context = {"form": form, "offer": found, "organisation": found.organisation}
    return render(request, "registry/offer_form.html", context | {"offer_days": OFFER_DAYS})


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw or renew an offer (the owning organisation's admins, editors)."""
    found = _offer_or_404(request, pk)
    try:
        if request.POST.get("action") == "withdraw":
            registry_services.withdraw_offer(request.user, found)
            messages.success(request, _("Withdrawn: it is no longer in the marketplace."))
        else:
            registry_services.renew_offer(request.user, found)
            messages.success(
                request, _("Renewed: published until %(day)s.") % {"day": found.expires}
            )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    return redirect("partnering:offer", pk=found.pk)
