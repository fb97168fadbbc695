"""The admin: every action plan model is registered; statuses are read-only; policy areas are the
managed list staff edit; versions and comments are records, not editable.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from action_plans.models import ActionPlan, PlanVersion, PolicyArea

from .factories import ActionPlanFactory, CommentFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    from members.tests.factories import UserFactory

    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def test_every_action_plan_model_is_registered():
    models = apps.get_app_config("action_plans").get_models()
    assert [model.__name__ for model in models if model not in admin.site._registry] == []


def test_every_changelist_and_change_page_loads(admin_client_, staff):
    commitment = CommitmentFactory()
    MilestoneFactory(commitment=commitment)
    CommentFactory(plan=commitment.plan, commitment=commitment)
    commitment.plan.publish_version(by=staff)
    for model in apps.get_app_config("action_plans").get_models():
        info = model._meta.app_label, model._meta.model_name
        assert admin_client_.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
        obj = model.objects.first()
        if obj is not None:
            assert admin_client_.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200


def test_plan_status_cannot_be_changed_in_the_admin(admin_client_):
    plan = ActionPlanFactory()
    url = reverse("admin:action_plans_actionplan_change", args=[plan.pk])
    page = admin_client_.get(url)
    assert 'name="status"' not in page.text
    admin_client_.post(url, {"status": "ended", "title": "Hacked"})
    plan.refresh_from_db()
    assert plan.status == "co_creation" and plan.title != "Hacked"
    assert admin_client_.get(reverse("admin:action_plans_actionplan_add")).status_code == 403


def test_versions_are_read_only(admin_client_, staff):
    plan = ActionPlanFactory()
    version = plan.publish_version(by=staff)
    url = reverse("admin:action_plans_planversion_change", args=[version.pk])
    admin_client_.post(url, {"note": "Rewritten", "snapshot": "{}"})
    version.refresh_from_db()
    assert version.note == "" and version.snapshot["commitments"] == []
    assert admin_client_.post(reverse("admin:action_plans_planversion_delete", args=[version.pk])).status_code == 403
    assert PlanVersion.objects.filter(pk=version.pk).exists()


def test_staff_manage_the_policy_area_list(admin_client_):
    response = admin_client_.post(
        reverse("admin:action_plans_policyarea_add"),
        {
            "slug": "open-contracting",
            "name": "Open contracting",
            "name_fr": "Commande publique ouverte",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    area = PolicyArea.objects.get(slug="open-contracting")
    assert area.name_fr == "Commande publique ouverte"


def test_plan_changelist_filters_by_status(admin_client_):
    ActionPlanFactory(title="Drafting plan")
    ActionPlanFactory(title="Submitted plan", status="submitted")
    response = admin_client_.get(reverse("admin:action_plans_actionplan_changelist"), {"status__exact": "submitted"})
    assert "Submitted plan" in response.text and "Drafting plan" not in response.text
    assert ActionPlan.objects.count() == 2
