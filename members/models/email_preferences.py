"""Which kinds of portal email a user asked to stop, from the one-click link in each email."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .audit import AuditEntry

# Every email the portal sends, by template prefix (`templates/<prefix>_subject.txt` / `_body.txt`), named as its
# reader gets it: only emails that are not subscriptions carry the "stop emails like this one" link, so the plan
# and review events read as their commenters and points of contact receive them. The weekly digest is left out: it
# has its own unsubscribe. A test fails when a template has no name here.
EMAIL_KINDS: dict[str, Promise] = {
    "action_plans/email/comment_answered": _("A government answered your comment on an action plan"),
    "action_plans/email/overdue_digest": _("Weekly list of your government's overdue milestones"),
    "action_plans/email/plan_comment_period_opened": _("An action plan you commented on is open for public comment"),
    "action_plans/email/plan_ended": _("An action plan you commented on ended"),
    "action_plans/email/plan_implementation_started": _("An action plan you commented on is in implementation"),
    "action_plans/email/plan_missed_deadline": _("An action plan you commented on was not delivered in time"),
    "action_plans/email/plan_self_assessment_published": _(
        "The self-assessment of an action plan you commented on is open for public comment"
    ),
    "action_plans/email/plan_submitted": _("An action plan you commented on was submitted"),
    "action_plans/email/process_finding": _("Your government was found to act contrary to process"),
    "irm/email/comment_answered": _("The IRM answered your comment on a draft report"),
    "irm/email/review_overdue": _("An IRM report is overdue"),
    "irm/email/review_public_comment_opened": _("A draft IRM report is open for public comment"),
    "irm/email/review_published": _("The IRM published a report on an action plan"),
    "irm/email/review_shared": _("The IRM shared a draft report with your government"),
    "members/email/forum_join_requested": _("Someone asks to join your government's forum"),
    "members/email/forum_meeting_recorded": _("The forum of a government you follow met"),
    "members/email/forum_membership_decided": _("Your request to join a forum was answered"),
    "members/email/letter_accepted": _("Your government's letter of intent was accepted"),
    "members/email/letter_published": _("Your government's letter of intent was published"),
    "members/email/letter_returned": _("Your government's letter of intent was returned"),
    "members/email/letter_review_started": _("The Support Unit started reviewing your government's letter of intent"),
    "members/email/letter_submitted": _("A letter of intent waits for the Support Unit's review"),
    "members/email/local_application_accepted": _("Your OGP Local application was accepted"),
    "members/email/local_application_declined": _("Your OGP Local application was declined"),
    "members/email/poc_request_refused": _("Your request to become a point of contact was not approved"),
    "members/email/point_of_contact_granted": _("You were made a point of contact of a government"),
    "members/email/status_change": _("Your government's membership status changed"),
}

# An opt-out outlives a renamed or retired template; it is still listed, under this name, so it can be undone.
UNKNOWN_EMAIL_KIND = _("Another kind of portal email")


def email_kind_name(kind: str) -> Promise:
    """Plain words for a template prefix, translated when rendered (in the reader's language)."""
    return EMAIL_KINDS.get(kind, UNKNOWN_EMAIL_KIND)


class EmailOptOutQuerySet(models.QuerySet["EmailOptOut"]):
    def stop(self, user: Any, kind: str, *, via: str) -> bool:
        """Stop `kind` of email for `user`; idempotent (False if already stopped), audited when it changes."""
        with transaction.atomic():
            _opt_out, created = self.get_or_create(user=user, kind=kind)
            if created:
                AuditEntry.objects.log(user, "email.opted_out", actor=user, kind=kind, via=via)
        return created

    def resume(self, user: Any, kind: str, *, via: str) -> bool:
        """Send `kind` of email to `user` again; idempotent (False if it was not stopped), audited when it changes."""
        with transaction.atomic():
            # The delete's row lock makes a concurrent second call delete nothing, so it writes no second audit row.
            deleted, _details = self.filter(user=user, kind=kind).delete()
            if deleted:
                AuditEntry.objects.log(user, "email.opted_in", actor=user, kind=kind, via=via)
        return bool(deleted)


class EmailOptOut(models.Model):
    """One user no longer wants one kind of email; `kind` is the email's template prefix.

    Change them only through `EmailOptOut.objects.stop()` / `.resume()`, which audit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs", verbose_name=_("user")
    )
    kind = models.CharField(_("kind of email"), max_length=200)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = EmailOptOutQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once_per_kind")]
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"

    @property
    def name(self) -> Promise:
        return email_kind_name(self.kind)
