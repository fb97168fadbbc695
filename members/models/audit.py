"""Who did what to which object, and when."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryManager(models.Manager["AuditEntry"]):
    def log(self, obj: models.Model, action: str, *, actor: Any = None, **data: Any) -> AuditEntry:
        return self.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            action=action,
            actor=actor if actor is not None and actor.is_authenticated else None,
            data=data,
        )

    def for_object(self, obj: models.Model) -> models.QuerySet[AuditEntry]:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class AuditEntry(models.Model):
    """Who did what to which object, and when: the answer OGP reviewers ask for."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
