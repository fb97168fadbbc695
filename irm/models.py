"""The Independent Reporting Mechanism: researchers and, later, their reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import AuditEntry, Government


class ResearcherAssignment(models.Model):
    """An IRM researcher's assignment to one government, with a conflict-of-interest declaration."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="irm_assignments", verbose_name=_("researcher")
    )
    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="irm_assignments", verbose_name=_("government")
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

    class Meta:
        verbose_name = _("IRM researcher assignment")
        verbose_name_plural = _("IRM researcher assignments")
        constraints = [models.UniqueConstraint(fields=["user", "government"], name="irm_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.government}"

    @classmethod
    def assign(cls, user, government: Government, *, by, conflict_of_interest: str = "") -> ResearcherAssignment:
        """Assign a researcher to a government; audited. Assigning twice keeps the first assignment."""
        with transaction.atomic():
            assignment, created = cls.objects.get_or_create(
                user=user,
                government=government,
                defaults={"assigned_by": by, "conflict_of_interest": conflict_of_interest},
            )
            if created:
                AuditEntry.objects.log(government, "irm_researcher.assigned", actor=by, user=user.username)
        return assignment
