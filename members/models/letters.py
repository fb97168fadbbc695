"""Letters of intent: how a national government asks to join OGP."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ogp_portal.i18n import site_language

from ..constraints import choices_constraint
from ..storage import private_storage
from .audit import AuditEntry
from .governments import Government, MembershipStatus

if TYPE_CHECKING:
    from .eligibility import EligibilityAssessment
    from .people import User


def letter_upload_to(instance: LetterOfIntent | None, filename: str) -> str:
    """A random name: the original one may reveal more than the letter, and must not be guessable."""
    return f"letters/{uuid.uuid4().hex}.pdf"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("letter of intent status", "Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", pgettext_lazy("letter of intent status", "Published")


# A returned letter keeps its own status (and `return_reason`) rather than going back to
# "draft": the government sees why it came back, and it is edited and submitted again
# exactly like a draft.
EDITABLE_STATUSES = (LetterStatus.DRAFT, LetterStatus.RETURNED)
# Letters that stop a government from starting another one.
OPEN_STATUSES = (
    LetterStatus.DRAFT,
    LetterStatus.RETURNED,
    LetterStatus.SUBMITTED,
    LetterStatus.UNDER_REVIEW,
    LetterStatus.ACCEPTED,
)
# The fields of the draft form, in the order of the form. `save_draft` writes these only.
CONTENT_FIELDS = (
    "addressed_to",
    "signatory_name",
    "signatory_title",
    "signatory_is_minister_level",
    "has_head_of_government_authorisation",
    "endorses_declaration",
    "past_reforms",
    "lead_agency",
    "responsible_person_name",
    "responsible_person_title",
    "responsible_person_email",
    "signed_letter",
)
# What a letter must contain before it can be submitted (OGP's "how to join" page).
REQUIRED_FOR_SUBMISSION = (
    "addressed_to",
    "signatory_name",
    "signatory_title",
    "signatory_is_minister_level",
    "has_head_of_government_authorisation",
    "endorses_declaration",
    "past_reforms",
    "lead_agency",
    "responsible_person_name",
    "signed_letter",
)


class LetterVersionConflict(ValidationError):
    """Someone else saved the draft after this user loaded it; `current` is the letter as now saved."""

    def __init__(self, current: LetterOfIntent) -> None:
        super().__init__(
            _("Someone else saved this letter while you were editing it. Your changes have not been saved."),
            code="version_conflict",
        )
        self.current = current


class LetterOfIntentQuerySet(models.QuerySet["LetterOfIntent"]):
    def published(self) -> LetterOfIntentQuerySet:
        return self.filter(status=LetterStatus.PUBLISHED)

    def waiting_for_review(self) -> LetterOfIntentQuerySet:
        return self.filter(status__in=[LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW])

    def open(self) -> LetterOfIntentQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, user: Any) -> LetterOfIntentQuerySet:
        """Published letters for everyone; every letter of their government for its points of contact; all for staff."""
        if user.is_authenticated and user.is_support_unit:
            return self.all()
        visible = Q(status=LetterStatus.PUBLISHED)
        contact = user.point_of_contact if user.is_authenticated and user.is_active else None
        if contact is not None:
            visible |= Q(government_id=contact.government_id)
        return self.filter(visible)

    def create_draft(self, government: Government, data: Mapping[str, Any], *, by: User) -> LetterOfIntent:
        """Start a government's letter from the form's cleaned data; audited.

        One open letter per government: the government row is locked so two tabs cannot
        both start one, and a second one is refused with a ValidationError.
        """
        upload = data.get("signed_letter")
        stored = _store_upload(upload) if upload else ""
        try:
            with transaction.atomic():
                Government.objects.select_for_update().get(pk=government.pk)
                if government.kind != Government.Kind.NATIONAL:
                    raise ValidationError(
                        _("Only national governments join OGP with a letter of intent."), code="not_national"
                    )
                if self.filter(government=government).open().exists():
                    raise ValidationError(
                        _("%(government)s already has a letter of intent in progress."),
                        code="letter_in_progress",
                        params={"government": government},
                    )
                letter = LetterOfIntent(government=government, created_by=by)
                for name in CONTENT_FIELDS:
                    if name in data and name != "signed_letter":
                        setattr(letter, name, data[name])
                letter.signed_letter.name = stored
                letter.save()
                AuditEntry.objects.log(letter, "letter.created", actor=by, to_status=letter.status)
        except BaseException:
            _discard_file(stored)
            raise
        return letter


def _store_upload(upload: Any) -> str:
    """Store an uploaded PDF in private storage under a random name; returns the stored name."""
    return private_storage().save(letter_upload_to(None, upload.name), upload)


def _discard_file(name: str) -> None:
    if name:
        private_storage().delete(name)


class LetterOfIntent(models.Model):
    """A government's letter of intent to join OGP, from draft to publication.

    Lifecycle: draft -> submitted -> under review -> accepted or returned (back to draft,
    with the reviewer's reasons); accepted -> published.
    """

    Status = LetterStatus

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="letters_of_intent", verbose_name=_("government")
    )
    status = models.CharField(_("status"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    # Bumped by every save of the draft, so that a save based on an older version is refused
    # instead of silently overwriting someone else's text.
    version = models.PositiveIntegerField(default=1)

    addressed_to = models.CharField(
        _("addressed to"),
        max_length=200,
        default="The co-chairs of the Open Government Partnership",
        help_text=_("Letters of intent are addressed to the OGP co-chairs."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signatory_is_minister_level = models.BooleanField(
        _("the signatory is a minister-level official"),
        default=False,
        help_text=_("OGP requires the letter to be signed by a minister-level official of any government body."),
    )
    has_head_of_government_authorisation = models.BooleanField(
        _("the signing body is authorised by the head of state or government to join OGP"), default=False
    )
    endorses_declaration = models.BooleanField(
        _("the government endorses the Open Government Declaration"),
        default=False,
        help_text=_("Every member endorses the principles of the Open Government Declaration."),
    )
    past_reforms = models.TextField(
        _("past open government reforms"),
        blank=True,
        help_text=_("Describe the government's past reforms for transparency, participation and accountability."),
    )
    lead_agency = models.CharField(
        _("lead ministry or agency"),
        max_length=200,
        blank=True,
        help_text=_("Ideally one that coordinates across the whole of government."),
    )
    responsible_person_name = models.CharField(_("person responsible for OGP"), max_length=200, blank=True)
    responsible_person_title = models.CharField(_("their title"), max_length=200, blank=True)
    responsible_person_email = models.EmailField(_("their email"), blank=True)
    signed_letter = models.FileField(
        _("signed letter (PDF)"),
        storage=private_storage,
        upload_to=letter_upload_to,
        blank=True,
        help_text=_("The signed letter as a PDF file of at most 10 MB."),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    review_started_at = models.DateTimeField(_("review started at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reasons for returning the letter"), blank=True)
    support_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Support Unit country-support contact"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = LetterOfIntentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")
        constraints = [choices_constraint("status", LetterStatus, "letter_status_valid")]

    def __str__(self) -> str:
        return f"{self.government} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:letter-detail", args=[self.pk])

    # --- Questions templates and views ask -------------------------------------------------

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status in (LetterStatus.SUBMITTED, LetterStatus.UNDER_REVIEW)

    def missing_fields(self) -> list[str]:
        """Labels of what the letter still lacks before it can be submitted."""
        return [
            str(self._meta.get_field(name).verbose_name) for name in REQUIRED_FOR_SUBMISSION if not getattr(self, name)
        ]

    def latest_assessment(self) -> EligibilityAssessment | None:
        return self.government.eligibility_assessments.order_by("-year").first()

    def content_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    # --- Transitions: one method each, audited, notified after commit -----------------------

    def _locked(self) -> LetterOfIntent:
        return LetterOfIntent.objects.select_for_update().select_related("government").get(pk=self.pk)

    def _log(self, locked: LetterOfIntent, verb: str, by: User | None, from_status: str, **data: Any) -> None:
        AuditEntry.objects.log(
            locked, f"letter.{verb}", actor=by, from_status=from_status, to_status=locked.status, **data
        )

    def _refresh_from(self, locked: LetterOfIntent) -> None:
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(locked, field.attname))

    def _refuse(self, locked: LetterOfIntent, message: Any, code: str) -> None:
        raise ValidationError(message, code=code, params={"status": locked.get_status_display()})

    def save_draft(self, data: Mapping[str, Any], *, expected_version: int, by: User) -> None:
        """Save the draft form's cleaned data, if nobody else saved it since `expected_version`; audited.

        The conditional UPDATE (`WHERE version = expected`) is what guarantees that a save based
        on an old version changes nothing, on every database; a refused save raises
        `LetterVersionConflict` carrying the letter as it is now.
        """
        upload = data.get("signed_letter")
        stored = _store_upload(upload) if upload else ""
        try:
            with transaction.atomic():
                locked = self._locked()
                if not locked.is_editable:
                    self._refuse(
                        locked, _("A letter that is “%(status)s” can no longer be edited."), code="not_editable"
                    )
                values = {name: data[name] for name in CONTENT_FIELDS if name in data and name != "signed_letter"}
                if stored:
                    values["signed_letter"] = stored
                changed = sorted(name for name, value in values.items() if getattr(locked, name) != value)
                updated = LetterOfIntent.objects.filter(pk=self.pk, version=expected_version).update(
                    **values, version=F("version") + 1, updated_at=timezone.now()
                )
                if updated != 1:
                    raise LetterVersionConflict(locked)
                AuditEntry.objects.log(
                    locked, "letter.edited", actor=by, version=expected_version + 1, changed_fields=changed
                )
                replaced = locked.signed_letter.name if stored else ""
                if replaced:
                    transaction.on_commit(lambda: _discard_file(replaced))
        except BaseException:
            _discard_file(stored)
            raise
        self.refresh_from_db()

    def submit(self, by: User) -> bool:
        """Send a complete draft (or returned letter) of an eligible government to the Support Unit.

        Returns False, doing nothing, when the letter is already submitted: a double click or a
        second tab submits once. The government moves from "eligible" to "letter submitted".
        """
        from ..tasks import send_letter_submitted_notice

        with transaction.atomic():
            locked = self._locked()
            if locked.status == LetterStatus.SUBMITTED:
                self._refresh_from(locked)
                return False
            if not locked.is_editable:
                self._refuse(locked, _("A letter that is “%(status)s” cannot be submitted."), code="not_submittable")
            errors = []
            missing = locked.missing_fields()
            if missing:
                errors.append(
                    ValidationError(
                        _("The letter is not complete. Still missing: %(fields)s."),
                        code="incomplete",
                        params={"fields": ", ".join(missing)},
                    )
                )
            assessment = locked.latest_assessment()
            if assessment is None:
                errors.append(
                    ValidationError(
                        _(
                            "%(government)s has no eligibility assessment yet, so it cannot submit a letter of "
                            "intent. Please contact the Support Unit."
                        ),
                        code="no_assessment",
                        params={"government": locked.government},
                    )
                )
            elif not assessment.eligible:
                errors.append(
                    ValidationError(
                        _(
                            "%(government)s is not eligible to join OGP according to its latest eligibility "
                            "assessment (%(year)s)."
                        ),
                        code="not_eligible",
                        params={"government": locked.government, "year": assessment.year},
                    )
                )
            if errors:
                raise ValidationError(errors)
            from_status = locked.status
            locked.status = LetterStatus.SUBMITTED
            locked.submitted_at, locked.submitted_by = timezone.now(), by
            locked.save(update_fields=["status", "submitted_at", "submitted_by"])
            self._log(locked, "submitted", by, from_status, assessment_year=assessment.year)
            government = Government.objects.select_for_update().get(pk=locked.government_id)
            # A government still "not a member" (no refresh ran since it became eligible) is left as
            # it is: the Support Unit decides on acceptance.
            if government.status == MembershipStatus.ELIGIBLE:
                government.change_status(
                    MembershipStatus.LETTER_SUBMITTED,
                    reason=site_language("The government submitted its letter of intent."),
                    by=by,
                )
            send_letter_submitted_notice.delay_on_commit(locked.pk)
        self._refresh_from(locked)
        return True

    def start_review(self, by: User) -> None:
        """Support Unit: take a submitted letter up for review; the points of contact are told."""
        from ..tasks import send_letter_review_started_notice

        with transaction.atomic():
            locked = self._locked()
            if locked.status != LetterStatus.SUBMITTED:
                self._refuse(
                    locked,
                    _("Only a submitted letter can be reviewed; this one is “%(status)s”."),
                    code="not_submitted",
                )
            from_status = locked.status
            locked.status = LetterStatus.UNDER_REVIEW
            locked.reviewer, locked.review_started_at = by, timezone.now()
            locked.save(update_fields=["status", "reviewer", "review_started_at"])
            self._log(locked, "review_started", by, from_status)
            send_letter_review_started_notice.delay_on_commit(locked.pk)
        self._refresh_from(locked)

    def accept(self, by: User, support_contact: User) -> None:
        """Support Unit: accept a letter under review; the government becomes a member.

        A government still "eligible" (its status was changed by hand meanwhile) is first moved
        to "letter submitted", so its timeline tells the whole story; any other status is refused.
        """
        from ..tasks import send_letter_accepted_notice

        with transaction.atomic():
            locked = self._locked()
            if locked.status != LetterStatus.UNDER_REVIEW:
                self._refuse(
                    locked,
                    _("Only a letter under review can be accepted; this one is “%(status)s”."),
                    code="not_under_review",
                )
            if support_contact is None or not support_contact.is_support_unit:
                raise ValidationError(
                    _("Choose a member of the Support Unit as the country-support contact."),
                    code="not_support_unit",
                )
            government = Government.objects.select_for_update().get(pk=locked.government_id)
            if government.status not in (MembershipStatus.ELIGIBLE, MembershipStatus.LETTER_SUBMITTED):
                raise ValidationError(
                    _("%(government)s cannot become a member from the status “%(status)s”."),
                    code="government_status",
                    params={"government": government, "status": government.get_status_display()},
                )
            if government.status == MembershipStatus.ELIGIBLE:
                government.change_status(
                    MembershipStatus.LETTER_SUBMITTED,
                    reason=site_language("The government submitted its letter of intent."),
                    by=by,
                )
            government.change_status(
                MembershipStatus.MEMBER,
                reason=site_language("The Support Unit accepted the government's letter of intent."),
                by=by,
            )
            if government.member_since is None:
                government.member_since = timezone.now().year
                government.save(update_fields=["member_since"])
            from_status = locked.status
            locked.status = LetterStatus.ACCEPTED
            locked.decided_at, locked.support_contact = timezone.now(), support_contact
            locked.save(update_fields=["status", "decided_at", "support_contact"])
            self._log(locked, "accepted", by, from_status, support_contact=support_contact.username)
            send_letter_accepted_notice.delay_on_commit(locked.pk)
        self._refresh_from(locked)

    def return_to_government(self, by: User, reason: str) -> None:
        """Support Unit: send a submitted letter back with reasons; it becomes editable again.

        The government goes back from "letter submitted" to "eligible".
        """
        from ..tasks import send_letter_returned_notice

        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(_("Give the reasons for returning the letter."), code="reason_required")
        with transaction.atomic():
            locked = self._locked()
            if not locked.is_waiting:
                self._refuse(
                    locked,
                    _("Only a submitted letter or one under review can be returned; this one is “%(status)s”."),
                    code="not_returnable",
                )
            from_status = locked.status
            locked.status = LetterStatus.RETURNED
            locked.return_reason, locked.decided_at = reason, timezone.now()
            locked.save(update_fields=["status", "return_reason", "decided_at"])
            self._log(locked, "returned", by, from_status, reason=reason)
            government = Government.objects.select_for_update().get(pk=locked.government_id)
            if government.status == MembershipStatus.LETTER_SUBMITTED:
                government.change_status(
                    MembershipStatus.ELIGIBLE,
                    reason=site_language("The Support Unit returned the letter of intent: %(reason)s")
                    % {"reason": reason},
                    by=by,
                )
            send_letter_returned_notice.delay_on_commit(locked.pk)
        self._refresh_from(locked)

    def publish(self, by: User) -> None:
        """Support Unit: publish an accepted letter on the portal; points of contact and followers are told."""
        from ..tasks import send_letter_published_notice

        with transaction.atomic():
            locked = self._locked()
            if locked.status != LetterStatus.ACCEPTED:
                self._refuse(
                    locked,
                    _("Only an accepted letter can be published; this one is “%(status)s”."),
                    code="not_accepted",
                )
            from_status = locked.status
            locked.status = LetterStatus.PUBLISHED
            locked.published_at = timezone.now()
            locked.save(update_fields=["status", "published_at"])
            self._log(locked, "published", by, from_status)
            send_letter_published_notice.delay_on_commit(locked.pk)
        self._refresh_from(locked)
