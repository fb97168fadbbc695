"""How people take part: requests to represent a government, multi-stakeholder forums, subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..fields import HttpsURLField
from .governments import Government
from .people import Organisation


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PointOfContactRequest(models.Model):
    """A signed-in user asks to act for a government; Support Unit staff approve or refuse it."""

    Status = RequestStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="point_of_contact_requests"
    )
    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="point_of_contact_requests", verbose_name=_("government")
    )
    agency = models.CharField(_("ministry or agency"), max_length=200)
    title = models.CharField(_("your title"), max_length=200)
    official_email = models.EmailField(
        _("official email"), help_text=_("Your address at the ministry or agency; the Support Unit may check it.")
    )
    justification = models.TextField(
        _("why you should represent this government"),
        help_text=_("Your role in the government's OGP process, and who in government can confirm it."),
    )
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("point of contact request")
        verbose_name_plural = _("point of contact requests")
        constraints = [
            choices_constraint("status", RequestStatus, "poc_request_status_valid"),
            # One open request per user: a second click or tab cannot file two.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="poc_request_one_pending_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.government} ({self.status})"


class Forum(models.Model):
    """A government's multi-stakeholder forum: government and civil society in ongoing dialogue."""

    government = models.OneToOneField(
        Government, on_delete=models.CASCADE, related_name="forum", verbose_name=_("government")
    )
    name = models.CharField(_("name"), max_length=200)
    rules = models.TextField(
        _("rules of participation"), blank=True, help_text=_("Public: who may take part, and how decisions are made.")
    )
    rules_url = HttpsURLField(_("link to the rules"), blank=True)

    class Meta:
        verbose_name = _("multi-stakeholder forum")
        verbose_name_plural = _("multi-stakeholder forums")

    def __str__(self) -> str:
        return self.name


class ForumMembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ForumMembership(models.Model):
    """A request to join a forum, accepted or declined by the government's points of contact."""

    Status = ForumMembershipStatus

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("forum"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_memberships",
        verbose_name=_("on behalf of"),
    )
    motivation = models.TextField(_("why you want to join"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ForumMembershipStatus.choices, default=ForumMembershipStatus.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("forum membership")
        verbose_name_plural = _("forum memberships")
        constraints = [
            choices_constraint("status", ForumMembershipStatus, "forum_membership_status_valid"),
            models.UniqueConstraint(fields=["forum", "user"], name="forum_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.forum} ({self.status})"


class ForumMeeting(models.Model):
    """A meeting of the forum, recorded by a point of contact; the IRM checks they happen every six months."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum"))
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    minutes_url = HttpsURLField(_("link to the minutes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def __str__(self) -> str:
        return f"{self.forum} {self.date}"


class Subscription(models.Model):
    """A user follows a government's updates (the portal's mailing list); every email has an unsubscribe link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("government")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "government"], name="subscription_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.government}"
