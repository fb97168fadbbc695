"""People, governments and organisations, and the roles that tie them together."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .fields import HttpsURLField


def choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    """A database check that `field` holds one of `choices`: choices alone don't constrain data."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class User(AbstractUser):
    is_civil_society = models.BooleanField(
        _("civil society participant"),
        default=False,
        help_text=_(
            "Take part as civil society (as an individual or for an organisation): comment on "
            "draft action plans, follow their implementation and join multi-stakeholder forums."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    # Role look-ups are cached per request-bound user object, so rendering a page
    # that asks several permission questions costs one query per role, not one
    # per question.
    @cached_property
    def is_support_unit(self) -> bool:
        if not self.is_active:
            return False
        return self.is_superuser or self.groups.filter(name=settings.SUPPORT_UNIT_GROUP).exists()

    @cached_property
    def point_of_contact(self) -> PointOfContact | None:
        return PointOfContact.objects.filter(user=self).select_related("government").first()

    @cached_property
    def irm_government_ids(self) -> frozenset[int]:
        from irm.models import ResearcherAssignment

        return frozenset(ResearcherAssignment.objects.filter(user=self).values_list("government_id", flat=True))

    @property
    def is_irm_researcher(self) -> bool:
        return bool(self.irm_government_ids)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


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
            models.UniqueConstraint(fields=["iso3"], condition=~Q(iso3=""), name="government_iso3_unique"),
            # A national government has an ISO code and no parent; a local one the reverse.
            models.CheckConstraint(
                condition=(Q(kind="national", parent__isnull=True) & ~Q(iso3=""))
                | (Q(kind="local", parent__isnull=False, iso3="")),
                name="government_kind_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:government-detail", args=[self.slug])

    @property
    def is_member(self) -> bool:
        return self.status in self.MEMBER_STATUSES

    def is_editable_by(self, user: Any) -> bool:
        return user.has_perm("members.change_government", self)

    def grant_point_of_contact(self, user: User, *, by: User, title: str = "") -> PointOfContact:
        """Make `user` this government's point of contact; audited, and the user is emailed after commit.

        A user represents one government at most; granting a second one is refused.
        """
        from .tasks import send_point_of_contact_granted_notice

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


class PointOfContact(models.Model):
    """A user's right to act for one government, granted by Support Unit staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="points_of_contact", verbose_name=_("government")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")

    def __str__(self) -> str:
        return f"{self.user} → {self.government}"

    def revoke(self, *, by: User) -> None:
        """Withdraw the role; audited."""
        with transaction.atomic():
            AuditEntry.objects.log(self.government, "point_of_contact.revoked", actor=by, user=self.user.username)
            self.delete()


class Organisation(models.Model):
    """A civil society organisation. Joining OGP needs no formal step for these."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.ForeignKey(
        Government,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": Government.Kind.NATIONAL},
        verbose_name=_("country"),
    )
    website = HttpsURLField(_("website"), blank=True)
    focus_areas = models.CharField(_("focus areas"), max_length=300, blank=True)
    is_verified = models.BooleanField(_("verified by the Support Unit"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="organisation_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.organisation}"


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
