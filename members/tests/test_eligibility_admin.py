"""The eligibility admin: records are read-only; overrides go through their audited model methods."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import AuditEntry, CriterionOverride, EligibilityAssessment, IndicatorObservation, RefreshRun

pytestmark = pytest.mark.django_db

MODELS = ["indicatorimport", "indicatorobservation", "eligibilityassessment", "refreshrun", "criterionoverride"]


@pytest.mark.parametrize("model", MODELS)
def test_each_eligibility_admin_lists_its_records(admin_client, government, model):
    IndicatorObservation.objects.create(government=government, indicator="ati_law", year=2025, value="law")
    EligibilityAssessment.objects.recompute(2025)
    RefreshRun.objects.create(year=2025)

    response = admin_client.get(reverse(f"admin:members_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["indicatorimport", "indicatorobservation", "eligibilityassessment", "refreshrun"])
def test_records_cannot_be_added_by_hand(admin_client, model):
    assert admin_client.get(reverse(f"admin:members_{model}_add")).status_code == 403


def test_adding_an_override_in_the_admin_audits_and_recomputes(admin_client, admin_user, government):
    IndicatorObservation.objects.create(government=government, indicator="ati_law", year=2025, value="none")

    response = admin_client.post(
        reverse("admin:members_criterionoverride_add"),
        {
            "government": government.pk,
            "year": 2025,
            "criterion": "access_to_information",
            "points": 3,
            "justification": "Constitutional right to information.",
            "evidence_url": "",
        },
    )

    assert response.status_code == 302
    override = CriterionOverride.objects.get()
    assert (override.points, override.created_by) == (3, admin_user)
    assert EligibilityAssessment.objects.get(government=government, year=2025).access_to_information == 3
    assert AuditEntry.objects.get(action="criterion_override.set").actor == admin_user

    response = admin_client.post(reverse("admin:members_criterionoverride_delete", args=[override.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not CriterionOverride.objects.exists()
    assert EligibilityAssessment.objects.get(government=government, year=2025).access_to_information == 0
    assert AuditEntry.objects.get(action="criterion_override.withdrawn").actor == admin_user


def test_the_confirm_action_records_the_review(admin_client, admin_user, government):
    EligibilityAssessment.objects.recompute(2025)
    assessment = EligibilityAssessment.objects.get()

    response = admin_client.post(
        reverse("admin:members_eligibilityassessment_changelist"),
        {"action": "confirm_assessments", "_selected_action": [assessment.pk]},
    )

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.reviewed_by == admin_user
    assert AuditEntry.objects.get(action="eligibility_assessment.confirmed").actor == admin_user
