"""Following governments, plans and commitments; the one page listing them with how often each is emailed."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from action_plans.models import PlanVersion
from action_plans.tests.factories import ActionPlanFactory, CommitmentFactory
from members.models import AuditEntry, EmailOptOut, Subscription
from members.models.email_preferences import EMAIL_KINDS
from members.models.participation import SubscriptionFrequency
from members.tests.factories import GovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db

WEEKLY, IMMEDIATE = SubscriptionFrequency.WEEKLY, SubscriptionFrequency.IMMEDIATE
LIST_URL = "/en/subscriptions/"
RESUME_URL = "/en/subscriptions/emails/resume/"
KIND = "action_plans/email/comment_answered"
KIND_NAME = "A government answered your comment on an action plan"


@pytest.fixture
def plan(government):
    return ActionPlanFactory(government=government, in_implementation=True, title="Fifth plan")


@pytest.fixture
def commitment(plan):
    return CommitmentFactory(plan=plan, number=3, title="Open contracting")


# --- Model and queryset -----------------------------------------------------------------------


class TestModel:
    def test_follow_is_idempotent_audited_and_keeps_the_frequency(self, civil, plan):
        assert Subscription.objects.follow(civil, plan, frequency=WEEKLY)
        assert not Subscription.objects.follow(civil, plan)
        subscription = Subscription.objects.get(user=civil)
        assert subscription.plan == plan and subscription.government is None and subscription.is_weekly
        assert AuditEntry.objects.for_object(plan).filter(action="subscription.started").count() == 1
        assert Subscription.objects.unfollow(civil, plan, via="test")
        assert not Subscription.objects.unfollow(civil, plan, via="test")
        assert AuditEntry.objects.for_object(plan).filter(action="subscription.ended").count() == 1

    def test_a_subscription_has_exactly_one_target(self, civil, government, plan):
        with pytest.raises(IntegrityError), transaction.atomic():
            Subscription.objects.create(user=civil, government=government, plan=plan)
        with pytest.raises(IntegrityError), transaction.atomic():
            Subscription.objects.create(user=civil)

    def test_one_subscription_per_user_and_target(self, civil, commitment):
        Subscription.objects.create(user=civil, commitment=commitment)
        with pytest.raises(IntegrityError), transaction.atomic():
            Subscription.objects.create(user=civil, commitment=commitment)

    def test_the_frequency_is_constrained(self, civil, government):
        with pytest.raises(IntegrityError), transaction.atomic():
            Subscription.objects.create(user=civil, government=government, frequency="hourly")

    def test_government_subscriptions_still_mean_its_followers(self, civil, government, plan, commitment):
        Subscription.objects.follow(civil, plan)
        Subscription.objects.follow(UserFactory(username="watcher"), commitment)
        assert not government.subscriptions.exists()
        assert Subscription.objects.covering(government, plan=plan).count() == 1
        assert Subscription.objects.covering(government, plan=plan, commitment=commitment).count() == 2

    def test_change_frequency_is_audited_only_when_it_changes(self, civil, government):
        Subscription.objects.follow(civil, government)
        subscription = Subscription.objects.get()
        assert subscription.change_frequency(WEEKLY, by=civil)
        assert not subscription.change_frequency(WEEKLY, by=civil)
        entry = AuditEntry.objects.for_object(government).get(action="subscription.frequency_changed")
        assert entry.data == {"from_frequency": "immediate", "to_frequency": "weekly"} and entry.actor == civil

    def test_a_commitment_is_named_by_number_not_its_draft_title(self, civil, commitment):
        Subscription.objects.follow(civil, commitment)
        assert Subscription.objects.get().target_name == "Commitment 3 of Fifth plan"


# --- The subscription list --------------------------------------------------------------------


def test_the_list_shows_each_role_only_their_own(role_client, civil, government, plan, commitment):
    role, client = role_client
    Subscription.objects.follow(civil, plan, frequency=WEEKLY)
    Subscription.objects.follow(civil, commitment)
    Subscription.objects.follow(UserFactory(username="someone"), government)
    response = client.get(LIST_URL)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    if role == "civil":
        assert "Fifth plan" in response.text and "Commitment 3 of Fifth plan" in response.text
        assert '<option value="weekly" selected>' in response.text
    else:
        assert "Fifth plan" not in response.text and "France" not in response.text.split("<main", 1)[1]
        assert "You follow nothing yet" in response.text


def test_only_the_owner_changes_or_ends_a_subscription(role_client, civil, plan):
    role, client = role_client
    Subscription.objects.follow(civil, plan)
    subscription = Subscription.objects.get()
    update = client.post(reverse("members:subscription-update", args=[subscription.pk]), {"frequency": WEEKLY})
    delete = client.post(reverse("members:subscription-delete", args=[subscription.pk]))
    if role == "civil":
        assert update.status_code == delete.status_code == 302
        assert not Subscription.objects.exists()
        assert AuditEntry.objects.for_object(plan).filter(action="subscription.frequency_changed").exists()
        assert AuditEntry.objects.for_object(plan).filter(action="subscription.ended").exists()
        return
    assert update.status_code == delete.status_code == (302 if role == "anonymous" else 404)
    subscription.refresh_from_db()
    assert subscription.frequency == IMMEDIATE
    assert not AuditEntry.objects.for_object(plan).exclude(action="subscription.started").exists()


def test_an_unknown_frequency_is_refused_with_a_message(client, civil, government):
    Subscription.objects.follow(civil, government)
    subscription = Subscription.objects.get()
    client.force_login(civil)
    response = client.post(reverse("members:subscription-update", args=[subscription.pk]), {"frequency": "hourly"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.text
    subscription.refresh_from_db()
    assert subscription.frequency == IMMEDIATE


def test_changing_the_frequency_from_the_list(client, civil, government):
    Subscription.objects.follow(civil, government)
    client.force_login(civil)
    subscription = Subscription.objects.get()
    response = client.post(
        reverse("members:subscription-update", args=[subscription.pk]), {"frequency": WEEKLY}, follow=True
    )
    assert "You will now receive updates about France: a weekly digest." in response.text
    assert Subscription.objects.get().is_weekly


def test_the_profile_links_to_the_list_and_survives_plan_subscriptions(client, civil, plan):
    Subscription.objects.follow(civil, plan)
    client.force_login(civil)
    response = client.get(reverse("members:profile"))
    assert response.status_code == 200 and LIST_URL in response.text


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_stays_within_budget(client, civil, size, django_assert_max_num_queries):
    plans = [ActionPlanFactory(government=GovernmentFactory()) for _ in range(size)]
    for index, plan in enumerate(plans):
        Subscription.objects.follow(civil, plan.government, frequency=WEEKLY if index % 2 else IMMEDIATE)
        Subscription.objects.follow(civil, plan)
        Subscription.objects.follow(civil, CommitmentFactory(plan=plan))
    kinds = [*EMAIL_KINDS, *(f"retired/email/kind_{index}" for index in range(size))][:size]
    EmailOptOut.objects.bulk_create(EmailOptOut(user=civil, kind=kind) for kind in kinds)
    client.force_login(civil)
    # Session, user, the subscriptions with their targets, the opt-outs, and base.html's two role checks.
    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL)
    assert response.text.count('name="frequency"') == 3 * size
    assert response.text.count('name="kind"') == size


# --- Emails stopped from their link, and receiving them again ---------------------------------


def test_the_list_shows_the_emails_stopped_newest_first_with_their_date(client, civil):
    EmailOptOut.objects.stop(civil, "members/email/status_change", via="email link")
    EmailOptOut.objects.filter(user=civil).update(created_at=datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC))
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    client.force_login(civil)
    page = client.get(LIST_URL).text
    assert "Emails you stopped" in page
    assert page.index(KIND_NAME) < page.index("Your government&#x27;s membership status changed")
    assert "Jan. 10, 2025" in page
    assert f'<input type="hidden" name="kind" value="{KIND}">' in page
    assert page.count("Receive these emails again") == 3  # the column header and one button each


def test_with_nothing_stopped_the_section_is_left_out(client, civil, government):
    Subscription.objects.follow(civil, government)
    client.force_login(civil)
    assert "Emails you stopped" not in client.get(LIST_URL).text


def test_the_list_in_french_names_the_stopped_emails_in_french(client, civil):
    french_name = "Un gouvernement a répondu à votre commentaire sur un plan d'action"
    civil.language = "fr"
    civil.save(update_fields=["language"])
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    EmailOptOut.objects.filter(user=civil).update(created_at=datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC))
    client.force_login(civil)
    page = client.get("/fr/subscriptions/").text
    assert french_name.replace("'", "&#x27;") in page and KIND_NAME not in page
    assert "10 janvier 2025" in page
    assert 'action="/fr/subscriptions/emails/resume/"' in page


def test_a_retired_kind_is_listed_under_a_general_name_and_can_be_resumed(client, civil):
    EmailOptOut.objects.stop(civil, "retired/email/old_notice", via="email link")
    client.force_login(civil)
    assert "Another kind of portal email" in client.get(LIST_URL).text
    assert client.post(RESUME_URL, {"kind": "retired/email/old_notice"}).status_code == 302
    assert not EmailOptOut.objects.exists()


def test_receiving_an_email_again_from_the_list(client, civil):
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    client.force_login(civil)
    response = client.post(RESUME_URL, {"kind": KIND}, follow=True)
    assert response.redirect_chain == [(LIST_URL, 302)]
    assert f"You will receive these emails again: “{KIND_NAME}”." in response.text
    assert "Emails you stopped" not in response.text
    assert not EmailOptOut.objects.exists()
    entry = AuditEntry.objects.for_object(civil).get(action="email.opted_in")
    assert entry.actor == civil and entry.data == {"kind": KIND, "via": "subscription list"}


def test_each_role_receives_again_only_its_own_emails(role_client, request, civil):
    role, client = role_client
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    response = client.post(RESUME_URL, {"kind": KIND})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "civil":
        assert response.status_code == 302 and response["Location"] == LIST_URL
        assert not EmailOptOut.objects.exists()
        return
    else:
        # Only one's own opt-outs are read: civil's row stays.
        assert response.status_code == 302 and response["Location"] == LIST_URL
        assert "You already receive these emails." in client.get(LIST_URL).text
        user = request.getfixturevalue(role)
        EmailOptOut.objects.stop(user, KIND, via="email link")
        assert "Emails you stopped" in client.get(LIST_URL).text
        assert client.post(RESUME_URL, {"kind": KIND}).status_code == 302
        assert not EmailOptOut.objects.filter(user=user).exists()
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [(civil.pk, KIND)]
    assert not AuditEntry.objects.for_object(civil).filter(action="email.opted_in").exists()


def test_others_do_not_see_what_a_user_stopped(client, civil, poc):
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    client.force_login(poc)
    assert "Emails you stopped" not in client.get(LIST_URL).text


def test_a_double_submit_resumes_once(client, civil):
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    client.force_login(civil)
    assert client.post(RESUME_URL, {"kind": KIND}).status_code == 302
    second = client.post(RESUME_URL, {"kind": KIND}, follow=True)
    assert "You already receive these emails." in second.text
    assert AuditEntry.objects.for_object(civil).filter(action="email.opted_in").count() == 1


@pytest.mark.parametrize("data", [{}, {"kind": ""}, {"kind": "members/email/no_such_email"}, {"kind": "x" * 500}])
def test_an_unknown_kind_changes_nothing(client, civil, data):
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    client.force_login(civil)
    response = client.post(RESUME_URL, data, follow=True)
    assert response.status_code == 200 and "You already receive these emails." in response.text
    assert list(EmailOptOut.objects.values_list("kind", flat=True)) == [KIND]
    assert not AuditEntry.objects.filter(action="email.opted_in").exists()


def test_receiving_again_is_post_only(client, civil):
    EmailOptOut.objects.stop(civil, KIND, via="email link")
    client.force_login(civil)
    assert client.get(RESUME_URL, {"kind": KIND}).status_code == 405
    assert EmailOptOut.objects.exists()


# --- Follow buttons on plan and commitment pages ----------------------------------------------


def test_following_a_plan_from_its_page(role_client, plan):
    role, client = role_client
    page = client.get(plan.get_absolute_url())
    follow = client.post(reverse("members:plan-follow", args=[plan.pk]))
    assert follow.status_code == 302
    if role == "anonymous":
        assert "Follow this plan by email" not in page.text
        assert "/accounts/login/" in follow["Location"] and not Subscription.objects.exists()
        return
    assert "Follow this plan by email" in page.text
    assert follow["Location"] == plan.get_absolute_url()
    assert Subscription.objects.get().plan == plan
    assert client.post(reverse("members:plan-unfollow", args=[plan.pk])).status_code == 302
    assert not Subscription.objects.exists()


def test_following_a_commitment_from_its_page(role_client, commitment):
    role, client = role_client
    page = client.get(commitment.get_absolute_url())
    url = reverse("members:commitment-follow", args=[commitment.plan_id, commitment.pk])
    response = client.post(url)
    if role == "anonymous":
        assert response.status_code == 302 and not Subscription.objects.exists()
        return
    assert "Follow this commitment by email" in page.text
    assert response["Location"] == commitment.get_absolute_url()
    assert Subscription.objects.get().commitment == commitment
    unfollow = reverse("members:commitment-unfollow", args=[commitment.plan_id, commitment.pk])
    assert client.post(unfollow).status_code == 302 and not Subscription.objects.exists()


def test_follow_views_are_post_only(client, civil, plan):
    client.force_login(civil)
    assert client.get(reverse("members:plan-follow", args=[plan.pk])).status_code == 405
    assert not Subscription.objects.exists()


def test_a_draft_commitment_never_published_cannot_be_followed(client, civil, government):
    plan = ActionPlanFactory(government=government)  # in co-creation: the public reads published versions only
    draft = CommitmentFactory(plan=plan)
    client.force_login(civil)
    assert client.post(reverse("members:commitment-follow", args=[plan.pk, draft.pk])).status_code == 404
    PlanVersion.objects.create(plan=plan, number=1, snapshot={"commitments": [{"id": draft.pk}]})
    assert client.post(reverse("members:commitment-follow", args=[plan.pk, draft.pk])).status_code == 302
    assert Subscription.objects.get().commitment == draft


def test_a_commitment_of_another_plan_is_404(client, civil, commitment, government):
    client.force_login(civil)
    other = ActionPlanFactory(government=government)
    assert client.post(reverse("members:commitment-follow", args=[other.pk, commitment.pk])).status_code == 404
