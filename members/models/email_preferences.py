"""Which kinds of portal email a user asked to stop, from the one-click link in each email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailOptOut(models.Model):
    """One user no longer wants one kind of email; `kind` is the email's template prefix."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs", verbose_name=_("user")
    )
    kind = models.CharField(_("kind of email"), max_length=200)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once_per_kind")]
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
