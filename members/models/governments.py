"""National and local governments, their membership status and its history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..constraints import choices_constraint
from ..fields import HttpsURLField
from .audit import AuditEntry
from .people import PointOfContact, User


class Region(models.TextChoices):
    """OGP's four regions."""

    AFRICA_MIDDLE_EAST = "africa_middle_east", _("Africa and the Middle East")
    AMERICAS = "americas", _("Americas")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")


class GovernmentQuerySet(models.QuerySet["Government"]):
    def national(self) -> GovernmentQuerySet:
        return self.filter(kind=Government.Kind.NATIONAL)

    def local(self) -> GovernmentQuerySet:
        return self.filter(kind=Government.Kind.LOCAL)

    def members(self) -> GovernmentQuerySet:
        return self.filter(status__in=Government.MEMBER_STATUSES)


class GovernmentKind(models.TextChoices):
    NATIONAL = "national", _("National government")
    LOCAL = "local", _("Local government")


class MembershipStatus(models.TextChoices):
    NOT_MEMBER = "not_member", _("Not a member")
    ELIGIBLE = "eligible", _("Eligible")
    LETTER_SUBMITTED = "letter_submitted", _("Letter of intent submitted")
    MEMBER = "member", _("Member (active)")
    UNDER_ELIGIBILITY_REVIEW = "under_eligibility_review", _("Under eligibility review")
    UNDER_PROCEDURAL_REVIEW = "under_procedural_review", _("Under procedural review")
    INACTIVE = "inactive", _("Inactive")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Cohort(models.TextChoices):
    """Members deliver action plans in odd or in even years."""

    ODD = "odd", _("Odd years")
    EVEN = "even", _("Even years")


S = MembershipStatus
# The moves the membership process allows (see docs: state machine of a
# national member). Anything else is refused, whoever asks.
ALLOWED_STATUS_CHANGES: dict[str, set[str]] = {
    # not_member -> member: a local government joins when its OGP Local application is accepted.
    S.NOT_MEMBER: {S.ELIGIBLE, S.MEMBER},
    S.ELIGIBLE: {S.NOT_MEMBER, S.LETTER_SUBMITTED},
    S.LETTER_SUBMITTED: {S.ELIGIBLE, S.NOT_MEMBER, S.MEMBER},
    S.MEMBER: {S.UNDER_ELIGIBILITY_REVIEW, S.UNDER_PROCEDURAL_REVIEW, S.INACTIVE, S.SUSPENDED, S.WITHDRAWN},
    S.UNDER_ELIGIBILITY_REVIEW: {S.MEMBER, S.UNDER_PROCEDURAL_REVIEW, S.INACTIVE, S.SUSPENDED, S.WITHDRAWN},
    S.UNDER_PROCEDURAL_REVIEW: {S.MEMBER, S.INACTIVE, S.SUSPENDED, S.WITHDRAWN},
    S.INACTIVE: {S.MEMBER, S.SUSPENDED, S.WITHDRAWN},
    S.SUSPENDED: {S.MEMBER, S.INACTIVE, S.WITHDRAWN},
    S.WITHDRAWN: {S.NOT_MEMBER, S.ELIGIBLE},
}


class Government(models.Model):
    Kind = GovernmentKind
    Status = MembershipStatus

    # Statuses of a government that has joined and not left: reviews and
    # sanctions happen to members.
    MEMBER_STATUSES = (
        MembershipStatus.MEMBER,
        MembershipStatus.UNDER_ELIGIBILITY_REVIEW,
        MembershipStatus.UNDER_PROCEDURAL_REVIEW,
        MembershipStatus.INACTIVE,
        MembershipStatus.SUSPENDED,
    )

    kind = models.CharField(_("kind"), max_length=16, choices=GovernmentKind.choices, default=GovernmentKind.NATIONAL)
    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso3 = models.CharField(
        _("ISO 3166 alpha-3 code"), max_length=3, blank=True, help_text=_("National governments only.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_governments",
        limit_choices_to={"kind": GovernmentKind.NATIONAL},
        verbose_name=_("country"),
        help_text=_("The national member a local government belongs to."),
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)
    status = models.CharField(
        _("membership status"), max_length=32, choices=MembershipStatus.choices, default=MembershipStatus.NOT_MEMBER
    )
    cohort = models.CharField(_("action plan cohort"), max_length=8, choices=Cohort.choices, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    is_un_member = models.BooleanField(_("UN member state"), default=False)
    is_founding_member = models.BooleanField(_("founding member (2011)"), default=False)
    member_since = models.PositiveSmallIntegerField(_("member since (year)"), null=True, blank=True)
    lead_agency = models.CharField(
        _("lead ministry or agency"),
        max_length=200,
        blank=True,
        help_text=_("Coordinates the government's OGP process and is the official contact point for OGP."),
    )
    website = HttpsURLField(
        _("OGP website"), blank=True, help_text=_("The government's public page on its OGP process.")
    )

    objects = GovernmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        constraints = [
            choices_constraint("kind", GovernmentKind, "government_kind_valid"),
            choices_constraint("status", MembershipStatus, "government_status_valid"),
            choices_constraint("region", Region, "government_region_valid"),
            models.CheckConstraint(condition=Q(cohort__in=["", *Cohort.values]), name="government_cohort_valid"),
            models.UniqueConstraint(fields=["iso3"], condition=~Q(iso3=""), name="government_iso3_unique"),
            # A national government has an ISO code and no parent; a local one the reverse.
            models.CheckConstraint(
                condition=(Q(kind="national", parent__isnull=True) & ~Q(iso3=""))
                | (Q(kind="local", parent__isnull=False, iso3="")),
                name="government_kind_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.localized_name

    def get_absolute_url(self) -> str:
        return reverse("members:government-detail", args=[self.slug])

    @property
    def localized_name(self) -> str:
        """The name in the active language, falling back to English."""
        return getattr(self, f"name_{get_language()}", "") or self.name

    @property
    def is_member(self) -> bool:
        return self.status in self.MEMBER_STATUSES

    def is_editable_by(self, user: Any) -> bool:
        return user.has_perm("members.change_government", self)

    def grant_point_of_contact(self, user: User, *, by: User, title: str = "") -> PointOfContact:
        """Make `user` this government's point of contact; audited, and the user is emailed after commit.

        A user represents one government at most; granting a second one is refused.
        """
        from ..tasks import send_point_of_contact_granted_notice

        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            existing = PointOfContact.objects.filter(user=user).select_related("government").first()
            if existing is not None:
                raise ValidationError(
                    _("%(user)s is already the point of contact of %(government)s."),
                    code="already_point_of_contact",
                    params={"user": user.display_name, "government": existing.government},
                )
            contact = PointOfContact.objects.create(user=user, government=self, title=title, granted_by=by)
            AuditEntry.objects.log(self, "point_of_contact.granted", actor=by, user=user.username, title=title)
            send_point_of_contact_granted_notice.delay_on_commit(contact.pk)
        return contact

    def change_status(self, new_status: str, *, reason: str, by: User | None = None) -> StatusChange:
        """Move the membership status along an allowed edge, with a reason; recorded on the timeline.

        `by` is None for automatic changes (the yearly eligibility refresh). The
        government's points of contact are emailed after commit.
        """
        from ..tasks import send_status_change_notice

        if not reason.strip():
            raise ValidationError(_("Give the reason for this status change."), code="reason_required")
        with transaction.atomic():
            locked = Government.objects.select_for_update().get(pk=self.pk)
            if new_status not in ALLOWED_STATUS_CHANGES[locked.status]:
                raise ValidationError(
                    _("A government cannot go from “%(from)s” to “%(to)s”."),
                    code="status_change_not_allowed",
                    params={"from": locked.get_status_display(), "to": MembershipStatus(new_status).label},
                )
            change = StatusChange.objects.create(
                government=locked, from_status=locked.status, to_status=new_status, reason=reason, actor=by
            )
            locked.status = self.status = new_status
            locked.save(update_fields=["status"])
            send_status_change_notice.delay_on_commit(change.pk)
        return change

    def move_to_other_cohort(self, *, reason: str, by: User | None = None, current: str = "") -> str:
        """Odd-year members become even-year ones and back (a plan not delivered by 1 January); audited.

        `current` is the cohort to move from when none is recorded yet (the late plan's cycle year
        tells); a government with neither is left as it is. Returns the cohort it now has.
        """
        from .audit import AuditEntry

        with transaction.atomic():
            locked = Government.objects.select_for_update().get(pk=self.pk)
            previous = locked.cohort or current
            if not previous:
                return ""
            locked.cohort = self.cohort = Cohort.EVEN if previous == Cohort.ODD else Cohort.ODD
            locked.save(update_fields=["cohort"])
            AuditEntry.objects.log(
                locked,
                "government.cohort_changed",
                actor=by,
                from_cohort=previous,
                to_cohort=locked.cohort,
                reason=reason,
            )
        return locked.cohort

    def active_contact_users(self) -> list[User]:
        """The government's points of contact who can still sign in: the people told of what happens to it."""
        return [contact.user for contact in self.points_of_contact.filter(user__is_active=True).select_related("user")]

    def allowed_status_changes(self) -> list[MembershipStatus]:
        return [status for status in MembershipStatus if status in ALLOWED_STATUS_CHANGES[self.status]]


class StatusChange(models.Model):
    """One step of a government's membership timeline: from, to, why, who, when."""

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("government")
    )
    from_status = models.CharField(_("from"), max_length=32, choices=MembershipStatus.choices)
    to_status = models.CharField(_("to"), max_length=32, choices=MembershipStatus.choices)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("Empty for automatic changes."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            choices_constraint("from_status", MembershipStatus, "status_change_from_valid"),
            choices_constraint("to_status", MembershipStatus, "status_change_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.government}: {self.from_status} → {self.to_status}"


class GovernmentContact(models.Model):
    """A person to contact about the government's OGP process, listed on its public page."""

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("government")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    agency = models.CharField(_("ministry or agency"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
