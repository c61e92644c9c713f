"""Whom an organisation already knows: its clusters' circle and its past partners."""

from __future__ import annotations

import pytest

from clustera.partnering import known
from clustera.partnering.models import Conversation
from clustera.registry import models

pytestmark = pytest.mark.django_db


def test_the_circle_of_a_member_and_of_a_cluster(registry):
    cluster, member, other = registry["ORG1"], registry["ORG2"], registry["ORG3"]
    # a member: its cluster and the cluster's other members
    assert known.cluster_circle(member.pk) == {cluster.pk, other.pk}
    # a cluster: its own members
    assert known.cluster_circle(cluster.pk) == {member.pk, other.pk}
    loner = models.Organisation.objects.create(key="LONE", name="Loner", type="sme", country="XA")
    assert known.cluster_circle(loner.pk) == set()


def test_past_partners_come_from_projects_and_accepted_conversations_only(registry):
    one, two, three = registry["ORG1"], registry["ORG2"], registry["ORG3"]
    assert known.past_partners(two.pk) == set()
    Conversation.objects.create(initiator=two, recipient=three, status="open")
    Conversation.objects.create(initiator=two, recipient=one, status="declined")
    assert known.past_partners(two.pk) == set()
    Conversation.objects.filter(recipient=three).update(status="accepted")
    assert known.past_partners(two.pk) == {three.pk}
    assert known.past_partners(three.pk) == {two.pk}
    project = models.Project.objects.create(key="UNDATED")  # no start year
    models.Participation.objects.create(project=project, organisation=one)
    models.Participation.objects.create(project=project, organisation=two)
    assert known.past_partners(two.pk) == {one.pk, three.pk}
