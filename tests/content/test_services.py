"""The editors' workflow, revisions, sanitising, translations, follows and their notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clustera.content import selectors, services
from clustera.content.models import Follow, Item, Revision
from clustera.errors import InvalidInputError
from clustera.io.markdown_text import render_markdown
from clustera.partnering.models import Notification

from .conftest import make_item

pytestmark = pytest.mark.django_db


def test_an_org_admin_proposes_news_and_an_editor_publishes_it(roles, registry):
    draft = services.save_item(
        roles["orgadmin"],
        None,
        {
            "kind": "news",
            "title": "New sensor line",
            "body": "Text",
            "organisation": registry["ORG2"],
        },
    )
    assert draft.status == "draft" and draft.slug == "new-sensor-line"
    assert not selectors.items(selectors.ContentFilters()).filter(pk=draft.pk).exists()
    services.submit_for_review(roles["orgadmin"], draft)
    assert Notification.objects.filter(user=roles["editor"], text__contains="New sensor line")
    services.publish(roles["editor"], draft)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at <= timezone.now()
    assert selectors.items(selectors.ContentFilters()).filter(pk=draft.pk).exists()
    assert [r.status for r in Revision.objects.filter(item=draft).order_by("pk")] == [
        "draft",
        "review",
        "published",
    ]
    assert Revision.objects.filter(item=draft, author=roles["orgadmin"]).count() == 2


def test_org_admins_may_not_publish_nor_write_other_kinds_or_for_other_organisations(
    roles, registry
):
    admin = roles["orgadmin"]
    with pytest.raises(services.NotAllowed):
        services.save_item(
            admin,
            None,
            {"kind": "news", "title": "x", "organisation": registry["ORG2"], "status": "published"},
        )
    with pytest.raises(InvalidInputError) as kind_error:
        services.save_item(
            admin, None, {"kind": "policy_brief", "title": "x", "organisation": registry["ORG2"]}
        )
    assert kind_error.value.field == "kind"
    with pytest.raises(InvalidInputError) as org_error:
        services.save_item(
            admin, None, {"kind": "news", "title": "x", "organisation": registry["ORG1"]}
        )
    assert org_error.value.field == "organisation"


def test_a_scheduled_item_appears_when_its_date_passes(items):
    scheduled = items["scheduled"]
    now_list = selectors.items(selectors.ContentFilters())
    assert scheduled not in now_list
    later = selectors.published(timezone.now() + timedelta(days=4))
    assert scheduled in later


def test_script_is_stripped_from_bodies():
    html = render_markdown(
        'Hello <script>alert("x")</script><img src="x.png" onerror="alert(1)" alt="a">'
        '[link](javascript:alert(1)) <a href="https://ok.example" onclick="x()">ok</a>'
    )
    assert "<script" not in html and 'alert("x")' not in html
    assert "onerror" not in html and "onclick" not in html and 'href="javascript' not in html
    assert 'href="https://ok.example"' in html and "Hello" in html


def test_a_missing_translation_falls_back_to_the_original(registry, items):
    original = items["published"]
    german = make_item(
        registry, title="Lumen eröffnet ein Laserlabor", language="de", original=original
    )
    assert selectors.translation(original, "de") == german
    assert selectors.translation(original, "fr") is None
    assert selectors.languages_of(original) == ["en", "de"]


def test_followers_are_notified_once_when_an_item_is_published(roles, registry, items):
    from clustera.registry.models import Technology

    follower = roles["plain"]
    services.follow(follower, "technology", Technology.objects.get(code="KET2").pk)
    services.follow(follower, "organisation", registry["ORG2"].pk)
    draft = items["draft"]
    draft.technologies.add(Technology.objects.get(code="KET2"))
    services.publish(roles["editor"], draft)
    services.save_item(roles["editor"], draft, {"summary": "changed"})
    assert Notification.objects.filter(user=follower, text=f"New: {draft.title}").count() == 1


def test_following_a_private_organisation_or_unknown_target_is_refused(roles, registry):
    with pytest.raises(InvalidInputError):
        services.follow(roles["plain"], "organisation", registry["ORG3"].pk)
    with pytest.raises(InvalidInputError):
        services.follow(roles["plain"], "planet", 1)
    with pytest.raises(services.NotAllowed):
        services.follow(None, "organisation", registry["ORG2"].pk)
    assert not Follow.objects.exists()


def test_filters_on_every_link(registry, items):
    published = items["published"]

    def found(**values):
        return list(selectors.items(selectors.ContentFilters(**values), "news"))

    assert found(technology="KET2") == [published]
    assert found(technology="KET1") == []
    assert found(region="XA111") == [published]
    assert found(organisation=str(registry["ORG2"].pk)) == [published]
    assert found(organisation=str(registry["ORG1"].pk)) == []
    assert found(q="laser") == [published]
    assert found(q="nothingmatches") == []


def test_seed_demo_is_deterministic_and_linked(db, registry):
    from clustera.registry.models import Organisation

    Organisation.objects.update(is_synthetic=True)
    first = services.seed_demo(seed=7, count=12)
    assert Item.objects.filter(original__isnull=True).count() == 12
    titles = list(Item.objects.order_by("slug").values_list("title", flat=True))
    services.seed_demo(seed=7, count=12)
    assert first == 12
    assert list(Item.objects.order_by("slug").values_list("title", flat=True)) == titles
    assert {"news", "case_study"} <= set(Item.objects.values_list("kind", flat=True))
    assert all(i.organisations.exists() and "Synthetic" in i.body for i in Item.objects.all())
    translated = Item.objects.filter(original__isnull=False).first()
    assert translated.language == "de" and selectors.translation(translated.original, "de")


def test_followers_of_a_scheduled_item_are_notified_when_it_appears(roles, registry, items):
    follower = roles["plain"]
    services.follow(follower, "organisation", registry["ORG2"].pk)
    later = timezone.now() + timedelta(days=2)
    services.save_item(
        roles["editor"], items["draft"], {"status": "published", "published_at": later}
    )
    assert not Notification.objects.filter(user=follower, text__contains="Draft of Lumen")
    assert services.notify_due_items(later + timedelta(minutes=1)) >= 1
    assert Notification.objects.filter(user=follower, text__contains="Draft of Lumen").count() == 1
    services.notify_due_items(later + timedelta(minutes=2))
    assert Notification.objects.filter(user=follower, text__contains="Draft of Lumen").count() == 1
