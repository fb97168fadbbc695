"""How people take part: requests to represent a government, multi-stakeholder forums, subscriptions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..fields import HttpsURLField
from .audit import AuditEntry
from .governments import Government
from .people import Organisation, PointOfContact

if TYPE_CHECKING:
    from .people import User


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PointOfContactRequestQuerySet(models.QuerySet["PointOfContactRequest"]):
    def pending(self) -> PointOfContactRequestQuerySet:
        return self.filter(status=RequestStatus.PENDING)

    def file(
        self, *, user: User, government: Government, agency: str, title: str, official_email: str, justification: str
    ) -> PointOfContactRequest:
        """File a request to represent `government`; audited.

        Refused for a user who already is a point of contact or already waits for an answer. The
        partial unique constraint is the last word: a double submit that races past the check
        becomes the same "already pending" error, not a crash.
        """
        already_pending = ValidationError(
            _("You already have a request waiting for the Support Unit's answer."), code="already_pending"
        )
        if PointOfContact.objects.filter(user=user).exists():
            raise ValidationError(_("You already are a point of contact."), code="already_point_of_contact")
        if self.pending().filter(user=user).exists():
            raise already_pending
        try:
            with transaction.atomic():
                request = self.create(
                    user=user,
                    government=government,
                    agency=agency,
                    title=title,
                    official_email=official_email,
                    justification=justification,
                )
                AuditEntry.objects.log(
                    request, "point_of_contact_request.filed", actor=user, government=government.slug
                )
        except IntegrityError as error:
            raise already_pending from error
        return request


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

    objects = PointOfContactRequestQuerySet.as_manager()

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

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    def _lock_pending(self, by: User) -> PointOfContactRequest:
        locked = PointOfContactRequest.objects.select_for_update().get(pk=self.pk)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError(
                _("This request has already been decided (%(status)s)."),
                code="already_decided",
                params={"status": locked.get_status_display()},
            )
        if locked.user_id == by.pk:
            raise ValidationError(_("You cannot decide your own request."), code="own_request")
        return locked

    def _decide(self, locked: PointOfContactRequest, status: str, by: User, reason: str = "") -> None:
        locked.status = self.status = status
        locked.decided_by = self.decided_by = by
        locked.decided_at = self.decided_at = timezone.now()
        locked.refusal_reason = self.refusal_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])

    def approve(self, *, by: User) -> PointOfContact:
        """Make the requester the government's point of contact, in the same transaction; audited.

        The one email for this event is the grant's own notice (sent after commit by
        `grant_point_of_contact`); nothing else is sent here.
        """
        with transaction.atomic():
            locked = self._lock_pending(by)
            contact = locked.government.grant_point_of_contact(locked.user, by=by, title=locked.title)
            self._decide(locked, RequestStatus.APPROVED, by)
            AuditEntry.objects.log(
                self, "point_of_contact_request.approved", actor=by, from_status="pending", to_status="approved"
            )
        return contact

    def refuse(self, *, by: User, reason: str) -> None:
        """Refuse the request with a reason (required); audited, and the requester is emailed after commit."""
        from ..tasks import send_point_of_contact_request_refused_notice

        if not reason.strip():
            raise ValidationError(_("Give the reason for refusing this request."), code="reason_required")
        with transaction.atomic():
            locked = self._lock_pending(by)
            self._decide(locked, RequestStatus.REFUSED, by, reason.strip())
            AuditEntry.objects.log(
                self,
                "point_of_contact_request.refused",
                actor=by,
                from_status="pending",
                to_status="refused",
                reason=reason.strip(),
            )
            send_point_of_contact_request_refused_notice.delay_on_commit(self.pk)


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

    def ask_to_join(self, user: User, *, organisation: Organisation | None = None, motivation: str = "") -> bool:
        """Ask to join the forum; returns False when the user already is a member or already waits.

        A declined user may ask again: the same row goes back to pending (one row per user and forum).
        """
        from ..tasks import send_forum_join_request_notice

        with transaction.atomic():
            membership, created = ForumMembership.objects.select_for_update().get_or_create(
                forum=self, user=user, defaults={"organisation": organisation, "motivation": motivation}
            )
            if not created:
                if membership.status != ForumMembershipStatus.DECLINED:
                    return False
                membership.status = ForumMembershipStatus.PENDING
                membership.organisation, membership.motivation = organisation, motivation
                membership.created_at, membership.decided_by, membership.decided_at = timezone.now(), None, None
                membership.save(
                    update_fields=["status", "organisation", "motivation", "created_at", "decided_by", "decided_at"]
                )
            AuditEntry.objects.log(
                membership,
                "forum_membership.requested",
                actor=user,
                organisation=organisation.name if organisation else "",
            )
            send_forum_join_request_notice.delay_on_commit(membership.pk)
        return True

    def record_meeting(
        self, *, date: datetime.date, by: User, summary: str = "", minutes_url: str = ""
    ) -> ForumMeeting:
        """Record a meeting that took place (never a future one); audited, and subscribers are emailed after commit."""
        from ..tasks import send_forum_meeting_notice

        if date > timezone.localdate():
            raise ValidationError(_("A meeting can only be recorded once it has taken place."), code="future_date")
        with transaction.atomic():
            meeting = ForumMeeting.objects.create(
                forum=self, date=date, summary=summary, minutes_url=minutes_url, recorded_by=by
            )
            AuditEntry.objects.log(self, "forum.meeting_recorded", actor=by, meeting=meeting.pk, date=date.isoformat())
            send_forum_meeting_notice.delay_on_commit(meeting.pk)
        return meeting


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

    @property
    def is_pending(self) -> bool:
        return self.status == ForumMembershipStatus.PENDING

    def _decide(self, status: str, by: User, action: str) -> None:
        from ..tasks import send_forum_membership_decision

        with transaction.atomic():
            locked = ForumMembership.objects.select_for_update().get(pk=self.pk)
            if locked.status != ForumMembershipStatus.PENDING:
                raise ValidationError(
                    _("This request to join has already been answered (%(status)s)."),
                    code="already_decided",
                    params={"status": locked.get_status_display()},
                )
            locked.status = self.status = status
            locked.decided_by = self.decided_by = by
            locked.decided_at = self.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_by", "decided_at"])
            AuditEntry.objects.log(self, action, actor=by, from_status="pending", to_status=status)
            send_forum_membership_decision.delay_on_commit(self.pk)

    def accept(self, *, by: User) -> None:
        """Accept a pending request to join; audited, and the requester is emailed after commit."""
        self._decide(ForumMembershipStatus.ACCEPTED, by, "forum_membership.accepted")

    def decline(self, *, by: User) -> None:
        """Decline a pending request to join; audited, and the requester is emailed after commit."""
        self._decide(ForumMembershipStatus.DECLINED, by, "forum_membership.declined")


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


class SubscriptionFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("An email for each update")
    WEEKLY = "weekly", _("A weekly digest")


def _target_field(target: models.Model) -> str:
    """The Subscription field that holds `target`: government, plan or commitment."""
    fields = {"government": "government", "actionplan": "plan", "commitment": "commitment"}
    try:
        return fields[target._meta.model_name]
    except KeyError:
        raise TypeError(f"cannot follow a {type(target).__name__}") from None


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def follow(self, user: User, target: models.Model, *, frequency: str = SubscriptionFrequency.IMMEDIATE) -> bool:
        """Follow a government, a plan or a commitment; idempotent (False if already followed), audited when it
        changes. An existing subscription keeps its frequency: following again is not a change of mind."""
        with transaction.atomic():
            _subscription, created = self.get_or_create(
                user=user, **{_target_field(target): target}, defaults={"frequency": frequency}
            )
            if created:
                AuditEntry.objects.log(target, "subscription.started", actor=user, frequency=frequency)
        return created

    def unfollow(self, user: User, target: models.Model, *, via: str) -> bool:
        """Stop following `target`; idempotent (False if nothing to end), audited when it changes."""
        with transaction.atomic():
            deleted, _details = self.filter(user=user, **{_target_field(target): target}).delete()
            if deleted:
                AuditEntry.objects.log(target, "subscription.ended", actor=user, via=via)
        return bool(deleted)

    def is_following(self, user: Any, target: models.Model) -> bool:
        """Whether `user` (maybe anonymous) follows `target`; what a follow button shows."""
        return user.is_authenticated and self.filter(user=user, **{_target_field(target): target}).exists()

    def subscribe(self, user: User, government: Government) -> bool:
        """Follow a government's updates; idempotent (False if already subscribed), audited when it changes."""
        return self.follow(user, government)

    def unsubscribe(self, user: User, government: Government) -> bool:
        """Stop following a government's updates; idempotent (False if nothing to end), audited when it changes."""
        return self.unfollow(user, government, via="government page")

    def covering(self, government: Government, *, plan: Any = None, commitment: Any = None) -> SubscriptionQuerySet:
        """Who hears about an event of `government` (and of `plan` / `commitment` when it is about one)."""
        wanted = Q(government=government)
        if plan is not None:
            wanted |= Q(plan=plan)
        if commitment is not None:
            wanted |= Q(commitment=commitment)
        return self.filter(wanted)

    def with_targets(self) -> SubscriptionQuerySet:
        return self.select_related("government", "plan", "plan__government", "commitment", "commitment__plan")


class Subscription(models.Model):
    """A user follows a government, an action plan or a commitment (exactly one); every email has an
    unsubscribe link. `government` is set only for a government's followers, so `government.subscriptions`
    keeps meaning "the government's followers" for every caller."""

    Frequency = SubscriptionFrequency

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    government = models.ForeignKey(
        Government,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("government"),
    )
    plan = models.ForeignKey(
        "action_plans.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("action plan"),
    )
    commitment = models.ForeignKey(
        "action_plans.Commitment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("commitment"),
    )
    frequency = models.CharField(
        _("how often"), max_length=16, choices=SubscriptionFrequency.choices, default=SubscriptionFrequency.IMMEDIATE
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(government__isnull=False, plan__isnull=True, commitment__isnull=True)
                    | Q(government__isnull=True, plan__isnull=False, commitment__isnull=True)
                    | Q(government__isnull=True, plan__isnull=True, commitment__isnull=False)
                ),
                name="subscription_one_target",
            ),
            choices_constraint("frequency", SubscriptionFrequency, "subscription_frequency_valid"),
            # NULLs are distinct in unique constraints: each holds only for its own kind of target.
            models.UniqueConstraint(fields=["user", "government"], name="subscription_unique"),
            models.UniqueConstraint(fields=["user", "plan"], name="subscription_plan_unique"),
            models.UniqueConstraint(fields=["user", "commitment"], name="subscription_commitment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def target(self) -> models.Model:
        return self.government or self.plan or self.commitment

    @property
    def kind(self) -> str:
        return "government" if self.government_id else "plan" if self.plan_id else "commitment"

    @property
    def target_name(self) -> str:
        """What the user follows, as a reader names it (a commitment by number: its live title may be a draft)."""
        if self.government_id:
            return self.government.localized_name
        if self.plan_id:
            return self.plan.title
        return gettext("Commitment %(number)s of %(plan)s") % {
            "number": self.commitment.number,
            "plan": self.commitment.plan.title,
        }

    @property
    def is_weekly(self) -> bool:
        return self.frequency == SubscriptionFrequency.WEEKLY

    def change_frequency(self, frequency: str, *, by: User) -> bool:
        """Switch between an email per update and the weekly digest; audited when it changes. Items already
        queued for the digest still go out in the next one."""
        if frequency not in SubscriptionFrequency.values:
            raise ValidationError(_("Choose how often you receive these updates."), code="invalid_frequency")
        with transaction.atomic():
            locked = Subscription.objects.select_for_update().get(pk=self.pk)
            if locked.frequency == frequency:
                return False
            AuditEntry.objects.log(
                self.target,
                "subscription.frequency_changed",
                actor=by,
                from_frequency=locked.frequency,
                to_frequency=frequency,
            )
            locked.frequency = self.frequency = frequency
            locked.save(update_fields=["frequency"])
        return True

    def end(self, *, by: User | None, via: str) -> None:
        """Stop this subscription (its queued digest items go with it); audited."""
        with transaction.atomic():
            AuditEntry.objects.log(self.target, "subscription.ended", actor=by, via=via)
            self.delete()


class DigestItem(models.Model):
    """An update waiting for a weekly subscriber's digest; `sent_at` is the claim that sends it once."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digest_items")
    subject = models.CharField(max_length=300)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "subscription"], name="digest_item_unsent")]

    def __str__(self) -> str:
        return self.subject
