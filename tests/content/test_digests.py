"""Digest e-mails: what a follower receives, when, and the one-click unsubscribe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from clustera.content import digests, services
from clustera.content.models import DigestPreference

from .conftest import make_item

pytestmark = pytest.mark.django_db


def _recent():
    return timezone.now() - timedelta(hours=2)


@pytest.fixture
def follower(roles, registry):
    user = roles["plain"]
    user.email = "plain@example.org"
    user.save()
    services.follow(user, "organisation", registry["ORG2"].pk)
    services.set_digest_period(user, "daily")
    return user


def test_the_daily_digest_lists_new_items_of_what_is_followed(follower, registry, mailoutbox):
    mine = make_item(registry, title="Followed news", published_at=_recent())
    make_item(
        registry,
        title="Other news",
        slug="other",
        organisation=registry["ORG1"],
        published_at=_recent(),
    )
    make_item(
        registry, title="Old news", slug="old", published_at=timezone.now() - timedelta(days=5)
    )
    run = digests.send_digests("daily")
    assert (run.sent, len(mailoutbox)) == (1, 1)
    mail = mailoutbox[0]
    assert mail.to == ["plain@example.org"]
    assert "Followed news" in mail.body and f"/content/{mine.slug}/" in mail.body
    assert "Other news" not in mail.body and "Old news" not in mail.body
    assert "/unsubscribe/" in mail.alternatives[0][0]
    assert digests.send_digests("daily").sent == 0  # nothing new since the last digest


def test_weekly_users_get_nothing_from_the_daily_run(follower, registry, mailoutbox):
    services.set_digest_period(follower, "weekly")
    make_item(registry, title="Followed news", published_at=_recent())
    assert digests.send_digests("daily").sent == 0
    assert digests.send_digests("weekly").sent == 1


def test_the_unsubscribe_link_works_without_login_and_rejects_forgeries(
    client, follower, registry, mailoutbox
):
    make_item(registry, title="Followed news", published_at=_recent())
    digests.send_digests("daily")
    link = re.search(r"https?://\S+(/unsubscribe/\S+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200
    assert DigestPreference.objects.get(user=follower).period == "none"
    assert client.get("/unsubscribe/forged-token/").status_code == 404


def test_the_send_digests_command(follower, registry, mailoutbox):
    from click.testing import CliRunner

    from clustera.cli.content import content

    make_item(registry, title="Followed news", published_at=_recent())
    result = CliRunner().invoke(content, ["send-digests", "--period", "daily"])
    assert result.exit_code == 0 and "1 digest(s) sent" in result.output
    assert len(mailoutbox) == 1
