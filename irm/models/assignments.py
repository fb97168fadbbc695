"""IRM researchers' assignments: to one action plan of a government (or, for older rows, to all its plans)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import AuditEntry, Government

if TYPE_CHECKING:
    from action_plans.models import ActionPlan


class ResearcherAssignmentQuerySet(models.QuerySet["ResearcherAssignment"]):
    def covering(self, plan: ActionPlan) -> ResearcherAssignmentQuerySet:
        """Assignments that let a researcher work on `plan`: to the plan itself or to all its government's plans."""
        return self.filter(Q(plan=plan) | Q(plan__isnull=True, government_id=plan.government_id))


class ResearcherAssignment(models.Model):
    """An IRM researcher's assignment, with a conflict-of-interest declaration made when assigned."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="irm_assignments", verbose_name=_("researcher")
    )
    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="irm_assignments", verbose_name=_("government")
    )
    plan = models.ForeignKey(
        "action_plans.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="irm_assignments",
        verbose_name=_("action plan"),
        help_text=_("Empty: every action plan of the government."),
    )
    conflict_of_interest = models.TextField(
        _("conflict of interest declaration"),
        blank=True,
        help_text=_("Any tie to the government or to organisations involved in its OGP process; empty if none."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    objects = ResearcherAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("IRM researcher assignment")
        verbose_name_plural = _("IRM researcher assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "plan"], condition=Q(plan__isnull=False), name="irm_assignment_unique_plan"
            ),
            models.UniqueConstraint(
                fields=["user", "government"], condition=Q(plan__isnull=True), name="irm_assignment_unique_government"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.plan or self.government}"

    @classmethod
    def assign(
        cls,
        user: Any,
        government: Government,
        *,
        by: Any,
        plan: ActionPlan | None = None,
        conflict_of_interest: str = "",
    ) -> ResearcherAssignment:
        """Assign a researcher to one plan (or all plans) of a government; audited. Assigning twice keeps the first.

        A government's point of contact cannot review their own government (`own_government`).
        """
        if plan is not None and plan.government_id != government.pk:
            raise ValidationError(_("This action plan belongs to another government."), code="plan_of_other_government")
        contact = user.point_of_contact
        if contact is not None and contact.government_id == government.pk:
            raise ValidationError(
                _("%(user)s is a point of contact of %(government)s and cannot review it."),
                code="own_government",
                params={"user": user.display_name, "government": government},
            )
        with transaction.atomic():
            assignment, created = cls.objects.get_or_create(
                user=user,
                government=government,
                plan=plan,
                defaults={"assigned_by": by, "conflict_of_interest": conflict_of_interest},
            )
            if created:
                AuditEntry.objects.log(
                    plan or government,
                    "irm_researcher.assigned",
                    actor=by,
                    user=user.username,
                    plan=plan.pk if plan else None,
                    conflict_of_interest=conflict_of_interest,
                )
        return assignment
