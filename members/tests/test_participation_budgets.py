"""Participation pages run a fixed number of queries, whatever the number of organisations, members, meetings."""

import datetime

import pytest
from django.urls import reverse

from members.models import Forum, ForumMeeting, ForumMembership, ForumMembershipStatus, OrganisationMembership
from members.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_forum(government, other_government):
    """France's forum: 50 accepted members (half for an organisation), 5 pending requests, 30 meetings."""
    forum = Forum.objects.create(government=government, name="Forum France", rules="Open.")
    organisations = [OrganisationFactory(country=government) for _ in range(10)]
    users = [UserFactory(username=f"member{index}") for index in range(55)]
    ForumMembership.objects.bulk_create(
        ForumMembership(
            forum=forum,
            user=user,
            organisation=organisations[index % 10] if index % 2 else None,
            status=ForumMembershipStatus.ACCEPTED if index < 50 else ForumMembershipStatus.PENDING,
        )
        for index, user in enumerate(users)
    )
    ForumMeeting.objects.bulk_create(
        ForumMeeting(forum=forum, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * index))
        for index in range(30)
    )
    return forum


def test_the_government_page_with_a_big_forum_stays_within_budget(
    client, big_forum, poc, staff, civil, django_assert_max_num_queries
):
    url = reverse("members:government-detail", kwargs={"slug": "fra"})
    # The action plan sections (plans, shadow plans, findings) take one query each, the IRM reviews section
    # one, the accountability section two (procedural reviews, Response Policy cases).
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.text.count("<time datetime=") >= 30
    assert len(response.context["forum_members"]) == 50 and len(response.context["forum_meetings"]) == 30
    for user in (civil, poc, staff):
        client.force_login(user)
        with django_assert_max_num_queries(23):
            assert client.get(url).status_code == 200


def test_the_forum_management_page_stays_within_budget(client, big_forum, poc, django_assert_max_num_queries):
    client.force_login(poc)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("members:forum-edit", kwargs={"slug": "fra"}))
    assert len(response.context["pending"]) == 5 and len(response.context["accepted"]) == 50


@pytest.fixture
def many_organisations(government, other_government):
    organisations = [
        OrganisationFactory(name=f"Organisation {index:03}", country=government if index % 2 else other_government)
        for index in range(60)
    ]
    users = [UserFactory(username=f"person{index}") for index in range(5)]
    OrganisationMembership.objects.bulk_create(
        OrganisationMembership(user=user, organisation=organisation) for organisation in organisations for user in users
    )
    return organisations


@pytest.mark.parametrize("query", [{}, {"q": "organisation"}, {"country": "fra", "page": "2"}])
def test_the_organisation_list_stays_within_budget(client, many_organisations, query, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("members:organisation-list"), query)
    assert response.status_code == 200 and len(response.context["page_obj"]) > 0


def test_the_organisation_page_stays_within_budget(client, many_organisations, civil, django_assert_max_num_queries):
    client.force_login(civil)
    with django_assert_max_num_queries(10):
        assert client.get(many_organisations[0].get_absolute_url()).status_code == 200
