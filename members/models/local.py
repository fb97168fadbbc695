"""OGP Local: applications from local governments of member countries."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..constraints import choices_constraint
from ..storage import private_storage
from .audit import AuditEntry
from .governments import Government, GovernmentKind, MembershipStatus
from .people import Organisation, PointOfContact, User

# OGP Local is open to local jurisdictions of member countries "in good standing". We read that
# as an active member, or one whose eligibility is being reviewed (a review is not a sanction):
# procedural review, inactivity, suspension and withdrawal all end good standing.
GOOD_STANDING_STATUSES = (MembershipStatus.MEMBER, MembershipStatus.UNDER_ELIGIBILITY_REVIEW)

# The local eligibility criteria (OGP Local handbook).
MIN_TERM_MONTHS = 16
REFORM_YEARS_BACK = 3

ACCEPTANCE_REASON = "OGP Local application accepted"


def support_letter_upload_to(instance: LocalApplication, filename: str) -> str:
    return f"local-applications/{uuid.uuid4().hex}.pdf"


class LocalApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("OGP Local application status", "Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


def is_in_good_standing(country: Government) -> bool:
    """Whether local jurisdictions of this country may apply to OGP Local."""
    return country.kind == GovernmentKind.NATIONAL and country.status in GOOD_STANDING_STATUSES


class LocalApplicationQuerySet(models.QuerySet["LocalApplication"]):
    def submitted(self) -> LocalApplicationQuerySet:
        return self.filter(status=LocalApplicationStatus.SUBMITTED)

    def for_jurisdiction(self, country: Government, jurisdiction: str) -> LocalApplicationQuerySet:
        return self.filter(country=country, jurisdiction__iexact=jurisdiction.strip())

    def visible_to(self, user: Any) -> LocalApplicationQuerySet:
        """The applicant sees their own applications; the Support Unit sees them all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_support_unit:
            return self
        return self.filter(applicant=user)

    def submit(self, *, applicant: User, partners: Any, **fields: Any) -> LocalApplication:
        """File a new application; audited. Refused if the jurisdiction already has an open one or is a member.

        The country row is locked, so two simultaneous applications for one jurisdiction cannot both pass.
        """
        with transaction.atomic():
            country = Government.objects.select_for_update().get(pk=fields.pop("country").pk)
            check_jurisdiction_can_apply(country, fields["jurisdiction"])
            application = self.create(applicant=applicant, country=country, **fields)
            application.partners.set(partners)
            AuditEntry.objects.log(
                application,
                "local_application.submitted",
                actor=applicant,
                to_status=application.status,
                jurisdiction=application.jurisdiction,
                country=country.slug,
                partners=[partner.name for partner in application.partners.all()],
            )
        return application


def check_jurisdiction_can_apply(country: Government, jurisdiction: str) -> None:
    """The rules about the country and the jurisdiction itself, shared by the form and `submit()`."""
    check_country_in_good_standing(country)
    check_no_open_application(country, jurisdiction)
    check_not_already_local_member(country, jurisdiction)


def check_no_open_application(country: Government, jurisdiction: str) -> None:
    """Only one application per jurisdiction waits for a decision at a time (names compared case-insensitively)."""
    name = jurisdiction.strip()
    if LocalApplication.objects.submitted().for_jurisdiction(country, name).exists():
        raise ValidationError(
            _("%(jurisdiction)s (%(country)s) already has an application waiting for a decision."),
            code="application_already_open",
            params={"jurisdiction": name, "country": country},
        )


def check_country_in_good_standing(country: Government) -> None:
    if not is_in_good_standing(country):
        raise ValidationError(
            _(
                "%(country)s is not an OGP member in good standing (its status is “%(status)s”): "
                "only local governments of member countries in good standing can apply."
            ),
            code="country_not_in_good_standing",
            params={"country": country, "status": country.get_status_display()},
        )


def check_not_already_local_member(country: Government, jurisdiction: str) -> None:
    name = jurisdiction.strip()
    if Government.objects.local().members().filter(parent=country, name__iexact=name).exists():
        raise ValidationError(
            _("%(jurisdiction)s (%(country)s) is already an OGP Local member."),
            code="already_local_member",
            params={"jurisdiction": name, "country": country},
        )


class LocalApplication(models.Model):
    """A joint application of a local government and at least one non-governmental partner."""

    Status = LocalApplicationStatus

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="local_applications",
        verbose_name=_("filed by"),
    )
    country = models.ForeignKey(
        Government,
        on_delete=models.CASCADE,
        related_name="local_applications",
        limit_choices_to={"kind": "national"},
        verbose_name=_("country"),
    )
    jurisdiction = models.CharField(_("local government"), max_length=200)
    applicant_title = models.CharField(_("your title in the local government"), max_length=200)
    partners = models.ManyToManyField(
        Organisation,
        related_name="local_applications",
        verbose_name=_("non-governmental partners"),
        help_text=_("At least one non-governmental organisation applies jointly with the local government."),
    )
    letter_of_support = models.FileField(
        _("letter of support (PDF)"),
        storage=private_storage,
        upload_to=support_letter_upload_to,
        help_text=_("Signed by the head of the local government; a PDF of at most 10 MB."),
    )
    reform_example = models.TextField(
        _("an open government reform or co-creation example"),
        help_text=_("One from the past three years: what was done, with whom, and what changed."),
    )
    reform_year = models.PositiveSmallIntegerField(_("year of that reform"))
    term_months_remaining = models.PositiveSmallIntegerField(
        _("months left in the administration's term"), help_text=_("At least 16 months are needed.")
    )
    staff_and_resources = models.TextField(
        _("staff and resources"),
        help_text=_("The people in government and civil society who will lead the work, and their resources."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LocalApplicationStatus.choices, default=LocalApplicationStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    government = models.OneToOneField(
        Government,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_application",
        verbose_name=_("local member created on acceptance"),
    )

    objects = LocalApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("OGP Local application")
        verbose_name_plural = _("OGP Local applications")
        constraints = [choices_constraint("status", LocalApplicationStatus, "local_application_status_valid")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} ({self.country})"

    def get_absolute_url(self) -> str:
        return reverse("members:local-application-detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == LocalApplicationStatus.SUBMITTED

    def is_viewable_by(self, user: Any) -> bool:
        return user.has_perm("members.view_local_application", self)

    def can_be_decided_by(self, user: Any) -> bool:
        return user.has_perm("members.decide_local_application", self)

    @property
    def applicant_is_point_of_contact(self) -> bool:
        """Whether the applicant became the point of contact of the local member created on acceptance."""
        if self.government_id is None or self.applicant_id is None:
            return False
        return PointOfContact.objects.filter(user_id=self.applicant_id, government_id=self.government_id).exists()

    def _lock_undecided(self) -> LocalApplication:
        locked = (
            LocalApplication.objects.select_for_update(of=("self",))
            .select_related("country", "applicant")
            .get(pk=self.pk)
        )
        if locked.status != LocalApplicationStatus.SUBMITTED:
            raise ValidationError(
                _("This application has already been decided (%(status)s)."),
                code="already_decided",
                params={"status": locked.get_status_display()},
            )
        return locked

    def accept(self, *, by: User, reason: str = "") -> Government:
        """Accept: create the local member (with its timeline's first step) and make the applicant its contact.

        The applicant is emailed after commit. A second decision is refused and sends nothing. If the
        applicant already acts for another government, the role is not granted (a user represents one).
        """
        from ..tasks import send_local_application_decision

        with transaction.atomic():
            locked = self._lock_undecided()
            country = locked.country
            # The country may have lost its good standing while the application waited.
            check_country_in_good_standing(country)
            check_not_already_local_member(country, locked.jurisdiction)
            government = Government.objects.create(
                kind=GovernmentKind.LOCAL,
                name=locked.jurisdiction,
                parent=country,
                region=country.region,
                slug=_unique_local_slug(country, locked.jurisdiction),
                status=MembershipStatus.NOT_MEMBER,
                member_since=timezone.localdate().year,
            )
            # The membership starts on the new member's public timeline, with who decided it.
            government.change_status(MembershipStatus.MEMBER, reason=ACCEPTANCE_REASON, by=by)
            granted = False
            if locked.applicant is not None:
                try:
                    government.grant_point_of_contact(locked.applicant, by=by, title=locked.applicant_title)
                    granted = True
                except ValidationError as error:
                    # Raised before anything is written: the acceptance goes on without the role.
                    if error.code != "already_point_of_contact":
                        raise
            locked.status = self.status = LocalApplicationStatus.ACCEPTED
            locked.decided_by = self.decided_by = by
            locked.decided_at = self.decided_at = timezone.now()
            locked.decision_reason = self.decision_reason = reason.strip()
            locked.government = self.government = government
            locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "government"])
            AuditEntry.objects.log(
                locked,
                "local_application.accepted",
                actor=by,
                from_status=LocalApplicationStatus.SUBMITTED,
                to_status=LocalApplicationStatus.ACCEPTED,
                reason=locked.decision_reason,
                government=government.slug,
                point_of_contact_granted=granted,
            )
            send_local_application_decision.delay_on_commit(locked.pk)
        return government

    def decline(self, *, by: User, reason: str) -> None:
        """Decline with the reasons, which the applicant is emailed after commit. A second decision is refused."""
        from ..tasks import send_local_application_decision

        if not reason.strip():
            raise ValidationError(_("Give the reasons for declining the application."), code="reason_required")
        with transaction.atomic():
            locked = self._lock_undecided()
            locked.status = self.status = LocalApplicationStatus.DECLINED
            locked.decided_by = self.decided_by = by
            locked.decided_at = self.decided_at = timezone.now()
            locked.decision_reason = self.decision_reason = reason.strip()
            locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
            AuditEntry.objects.log(
                locked,
                "local_application.declined",
                actor=by,
                from_status=LocalApplicationStatus.SUBMITTED,
                to_status=LocalApplicationStatus.DECLINED,
                reason=locked.decision_reason,
            )
            send_local_application_decision.delay_on_commit(locked.pk)


def _unique_local_slug(country: Government, jurisdiction: str) -> str:
    """`<iso3>-<jurisdiction>`, with `-2`, `-3`… when taken (two towns may share a name)."""
    base = f"{country.iso3.lower()}-{slugify(jurisdiction) or 'local'}"[:90].strip("-")
    slug, number = base, 1
    while Government.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
