"""Procedural review: two consecutive cycles contrary to process, and the Steering Committee's decisions on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from members.constraints import choices_constraint
from members.fields import HttpsURLField
from members.models import AuditEntry, Government

if TYPE_CHECKING:
    from members.models import User


class ProceduralReviewStatus(models.TextChoices):
    OPEN = "open", _("Under procedural review")
    LIFTED = "lifted", _("Review lifted")
    INACTIVE = "inactive", _("Designated inactive")


# Where a government may be placed under procedural review from: members, including those under
# eligibility review (membership status is one field: procedural review then replaces it).
ESCALATION_FROM = (Government.Status.MEMBER, Government.Status.UNDER_ELIGIBILITY_REVIEW)


class ProceduralReviewQuerySet(models.QuerySet["ProceduralReview"]):
    def open(self) -> ProceduralReviewQuerySet:
        return self.filter(status=ProceduralReviewStatus.OPEN)


class ProceduralReview(models.Model):
    """A government placed under procedural review for two consecutive cycles contrary to process.

    Opened automatically (never by hand) by `irm.accountability`; closed by a Steering Committee
    decision staff record: lift it (the member rectified the later cycle) or designate the member inactive.
    """

    Status = ProceduralReviewStatus

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="procedural_reviews", verbose_name=_("government")
    )
    first_cycle_year = models.PositiveSmallIntegerField(_("first cycle contrary to process"))
    second_cycle_year = models.PositiveSmallIntegerField(_("second cycle contrary to process"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProceduralReviewStatus.choices, default=ProceduralReviewStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.TextField(_("Steering Committee decision"), blank=True)
    resolution_url = HttpsURLField(_("link to the resolution"), blank=True)

    objects = ProceduralReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("procedural review")
        verbose_name_plural = _("procedural reviews")
        constraints = [
            choices_constraint("status", ProceduralReviewStatus, "procedural_review_status_valid"),
            # The same pair of cycles never opens two reviews, however often the daily task runs.
            models.UniqueConstraint(
                fields=["government", "second_cycle_year"], name="procedural_review_once_per_cycle"
            ),
            models.UniqueConstraint(
                fields=["government"], condition=Q(status="open"), name="procedural_review_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.first_cycle_year}–{self.second_cycle_year}"

    @property
    def is_open(self) -> bool:
        return self.status == ProceduralReviewStatus.OPEN

    @classmethod
    def open_for(cls, government: Government, first_cycle_year: int, second_cycle_year: int) -> ProceduralReview | None:
        """Place a member under procedural review for two cycles; None, doing nothing, if already done.

        The status change (with its reason) is on the government's timeline and emails its points of contact.
        """
        from ogp_portal.i18n import site_language

        with transaction.atomic():
            locked = Government.objects.select_for_update().get(pk=government.pk)
            if locked.status not in ESCALATION_FROM:
                return None
            if cls.objects.filter(
                Q(government=locked)
                & (Q(status=ProceduralReviewStatus.OPEN) | Q(second_cycle_year__gte=second_cycle_year))
            ).exists():
                return None
            review = cls.objects.create(
                government=locked, first_cycle_year=first_cycle_year, second_cycle_year=second_cycle_year
            )
            locked.change_status(
                Government.Status.UNDER_PROCEDURAL_REVIEW,
                reason=site_language(
                    gettext_noop(
                        "Acted contrary to process in %(count)d consecutive action plan cycles "
                        "(%(first)s to %(second)s)."
                    ),
                    count=settings.PROCEDURAL_REVIEW_CONSECUTIVE_CYCLES,
                    first=first_cycle_year,
                    second=second_cycle_year,
                ),
            )
            AuditEntry.objects.log(
                locked,
                "procedural_review.opened",
                procedural_review=review.pk,
                first_cycle_year=first_cycle_year,
                second_cycle_year=second_cycle_year,
            )
        government.status = locked.status
        return review

    def _decide(self, to_status: str, government_status: str, *, by: User, decision: str, resolution_url: str) -> None:
        if not (decision or "").strip():
            raise ValidationError(_("Record the Steering Committee's decision."), code="decision_required")
        resolution_url = (resolution_url or "").strip()
        if resolution_url and not resolution_url.lower().startswith("https://"):
            raise ValidationError(_("The link to the resolution must start with https://."), code="not_https")
        with transaction.atomic():
            locked = ProceduralReview.objects.select_for_update().select_related("government").get(pk=self.pk)
            if not locked.is_open:
                raise ValidationError(
                    _("This procedural review was already decided (“%(status)s”)."),
                    code="already_decided",
                    params={"status": locked.get_status_display()},
                )
            locked.status, locked.decided_at, locked.decided_by = to_status, timezone.now(), by
            locked.decision, locked.resolution_url = decision.strip(), resolution_url
            locked.save()
            if locked.government.status == Government.Status.UNDER_PROCEDURAL_REVIEW:
                locked.government.change_status(government_status, reason=locked.decision, by=by)
            AuditEntry.objects.log(
                locked.government,
                f"procedural_review.{to_status}",
                actor=by,
                procedural_review=locked.pk,
                decision=locked.decision,
                resolution_url=locked.resolution_url,
            )
        for field in ("status", "decided_at", "decided_by_id", "decision", "resolution_url"):
            setattr(self, field, getattr(locked, field))

    def lift(self, *, by: User, decision: str, resolution_url: str = "") -> None:
        """The Steering Committee lifts the review: the member is active again."""
        self._decide(
            ProceduralReviewStatus.LIFTED,
            Government.Status.MEMBER,
            by=by,
            decision=decision,
            resolution_url=resolution_url,
        )

    def designate_inactive(self, *, by: User, decision: str, resolution_url: str = "") -> None:
        """The Steering Committee designates the member inactive."""
        self._decide(
            ProceduralReviewStatus.INACTIVE,
            Government.Status.INACTIVE,
            by=by,
            decision=decision,
            resolution_url=resolution_url,
        )


__all__: list[Any] = ["ProceduralReview", "ProceduralReviewStatus"]
