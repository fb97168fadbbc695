"""The plan's public document repository: files and links."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.fields import HttpsURLField
from members.models import AuditEntry

from .plans import ActionPlan

if TYPE_CHECKING:
    from members.models import User


def document_upload_to(instance: PlanDocument | None, filename: str) -> str:
    """A random folder keeps the original name readable without letting two files collide."""
    return f"plan-documents/{uuid.uuid4().hex}/{filename}"


class PlanDocument(models.Model):
    """One item of the plan's public document repository: a file or a link."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    url = HttpsURLField(_("link"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")), name="plan_document_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def remove(self, *, by: User) -> None:
        """Take the document out of the repository (and its file off the disk, after commit); audited."""
        with transaction.atomic():
            plan = ActionPlan.objects.select_for_update().get(pk=self.plan_id)
            stored = self.file.name
            storage = self.file.storage
            AuditEntry.objects.log(
                plan, "action_plan.document_deleted", actor=by, document=self.pk, title=self.title, link=self.url
            )
            self.delete()
            if stored:
                transaction.on_commit(lambda: storage.delete(stored))
