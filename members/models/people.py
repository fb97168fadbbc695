"""People and their roles: users, points of contact, civil society organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
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
    def irm_assignment_scope(self) -> frozenset[tuple[int, int | None]]:
        """(government id, plan id) pairs the user is assigned to as an IRM researcher; plan None is every plan."""
        from irm.models import ResearcherAssignment

        return frozenset(ResearcherAssignment.objects.filter(user=self).values_list("government_id", "plan_id"))

    @property
    def irm_government_ids(self) -> frozenset[int]:
        return frozenset(government_id for government_id, _plan_id in self.irm_assignment_scope)

    def is_irm_researcher_for_plan(self, plan: Any) -> bool:
        scope = self.irm_assignment_scope
        return (plan.government_id, None) in scope or (plan.government_id, plan.pk) in scope

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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:organisation-detail", args=[self.slug])

    @classmethod
    def found(cls, *, by: User, **fields: Any) -> Organisation:
        """Create an organisation with a unique slug; its creator is its first member; audited."""
        from django.utils.text import slugify

        base = slugify(fields["name"])[:90] or "organisation"
        if base == "new":  # `organisations/new/` is the creation page
            base = "new-organisation"
        with transaction.atomic():
            slug, index = base, 1
            while cls.objects.filter(slug=slug).exists():
                index += 1
                slug = f"{base}-{index}"
            organisation = cls.objects.create(slug=slug, created_by=by, **fields)
            OrganisationMembership.objects.create(user=by, organisation=organisation)
            AuditEntry.objects.log(organisation, "organisation.created", actor=by, name=organisation.name)
        return organisation

    def has_member(self, user: Any) -> bool:
        return user.is_authenticated and OrganisationMembership.objects.filter(organisation=self, user=user).exists()

    def join(self, user: User) -> bool:
        """Add `user` as a member; idempotent (False if already a member), audited when it changes."""
        with transaction.atomic():
            _membership, created = OrganisationMembership.objects.get_or_create(user=user, organisation=self)
            if created:
                AuditEntry.objects.log(self, "organisation.joined", actor=user)
        return created

    def leave(self, user: User) -> bool:
        """Remove `user` from the members; idempotent (False if not a member), audited when it changes."""
        with transaction.atomic():
            deleted, _details = OrganisationMembership.objects.filter(user=user, organisation=self).delete()
            if deleted:
                AuditEntry.objects.log(self, "organisation.left", actor=user)
        return bool(deleted)

    def _set_verified(self, verified: bool, by: User, action: str) -> None:
        with transaction.atomic():
            locked = Organisation.objects.select_for_update().get(pk=self.pk)
            if locked.is_verified == verified:
                if verified:
                    raise ValidationError(_("This organisation is already verified."), code="already_verified")
                raise ValidationError(_("This organisation is not verified."), code="not_verified")
            locked.is_verified = self.is_verified = verified
            locked.save(update_fields=["is_verified"])
            AuditEntry.objects.log(self, action, actor=by, from_verified=not verified, to_verified=verified)

    def verify(self, *, by: User) -> None:
        """The Support Unit vouches for the organisation (a badge on its pages); audited."""
        self._set_verified(True, by, "organisation.verified")

    def unverify(self, *, by: User) -> None:
        """Withdraw the Support Unit's badge; audited."""
        self._set_verified(False, by, "organisation.unverified")


class OrganisationMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="organisation_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.organisation}"
