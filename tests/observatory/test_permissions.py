"""Who may do what in the observatory: reads are open; recomputing indicators is for staff."""

from __future__ import annotations

import pytest

from clustera.observatory import models

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(None, False), ("plain", False), ("orgadmin", False), ("editor", True), ("root", True)],
)
def test_recomputing_a_dataset_is_for_staff(client, world, users, role, allowed):
    # the editor fixture user is staff; organisation admins are not
    if role:
        client.force_login(users[role])
    response = client.post(f"/observatory/datasets/{world['patents'].pk}/recompute/")
    assert response.status_code == 302
    assert models.Job.objects.exists() is allowed
    assert ("/observatory/jobs/" in response["Location"]) is allowed


def test_recompute_is_post_only(client, world, users):
    client.force_login(users["root"])
    response = client.get(f"/observatory/datasets/{world['patents'].pk}/recompute/")
    assert response.status_code == 405 and not models.Job.objects.exists()


@pytest.mark.parametrize("url", ["/observatory/", "/api/observatory/datasets"])
def test_reads_are_open_to_anonymous_visitors(client, world, url):
    assert client.get(url).status_code == 200
