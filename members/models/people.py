"""People and their roles: users, points of contact, civil society organisations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..fields import HttpsURLField
from .audit import AuditEntry


class User(AbstractUser):
    is_civil_society = models.BooleanField(
        _("civil society participant"),
        default=False,
        help_text=_(
            "Take part as civil society (as an individual or for an organisation): comment on "
            "draft action plans, follow their implementation and join multi-stakeholder forums."
        ),
    )

    language = models.CharField(
        _("email language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the portal sends you."),
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


class PointOfContact(models.Model):
    """A user's right to act for one government, granted by Support Unit staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    government = models.ForeignKey(
        "members.Government", on_delete=models.CASCADE, related_name="points_of_contact", verbose_name=_("government")
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
        "members.Government",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": "national"},
        verbose_name=_("country"),
    )
    website = HttpsURLField(_("website"), blank=True)
    focus_areas = models.CharField(_("focus areas"), max_length=300, blank=True)
    is_verified = models.BooleanField(_("verified by the Support Unit"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
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
