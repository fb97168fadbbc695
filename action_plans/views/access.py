"""Object access for every action plan view: outsiders get 404, read-only users 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import ActionPlan, Commitment


def get_plan_for_user(request: HttpRequest, pk: int, *, perm: str | None = None) -> ActionPlan:
    """The plan (public to read); with `perm`, the user must hold it on the plan or gets 403."""
    plan = get_object_or_404(ActionPlan.objects.select_related("government", "government__parent"), pk=pk)
    if perm is not None and not request.user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def get_commitment_for_user(request: HttpRequest, plan_pk: int, pk: int, *, perm: str | None = None) -> Commitment:
    """A commitment of that plan (404 for one of another plan); `perm` is checked on its plan."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("plan", "plan__government", "plan__government__parent"),
        plan_id=plan_pk,
        pk=pk,
    )
    if perm is not None and not request.user.has_perm(perm, commitment.plan):
        raise PermissionDenied
    return commitment
