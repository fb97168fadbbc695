"""The public commitment explorer: full-text search and filters over the commitments of public plans."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..filters import CommitmentFilter, latest_published_score, public_commitments
from ..models import PolicyArea
from ..search import commitment_search, highlighted_excerpt

PAGE_SIZE = 20
# The IRM indicators each result shows, from the latest published review that scored them.
SHOWN_SCORES = ("completion", "early_results", "starred", "promising")


def commitment_explorer(request: HttpRequest) -> HttpResponse:
    """Anyone may search; drafts never appear (see `public_commitments`). A fixed number of queries a page."""
    commitments = (
        public_commitments()
        .select_related("plan", "plan__government")
        .prefetch_related(Prefetch("policy_areas", queryset=PolicyArea.objects.order_by("name")))
        .annotate(**{f"irm_{name}": latest_published_score(name) for name in SHOWN_SCORES})
        .order_by("plan__government__name", "-plan__cycle_year", "plan_id", "number")
    )
    commitment_filter = CommitmentFilter(request.GET or None, queryset=commitments)
    page = Paginator(commitment_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    results = list(page.object_list)
    text = commitment_filter.form.cleaned_data.get("q") if commitment_filter.is_bound else ""
    if text:
        commitment_search(text).highlight(results)
    else:
        for commitment in results:
            commitment.highlight = highlighted_excerpt(commitment.description or commitment.problem, [])
    for commitment in results:
        # An object the irm_badges tags read like an assessment; None where nothing is published.
        scores = {name: getattr(commitment, f"irm_{name}") for name in SHOWN_SCORES}
        commitment.irm = SimpleNamespace(**scores) if any(value is not None for value in scores.values()) else None
    context = {
        "filter": commitment_filter,
        "page_obj": page,
        "commitments": results,
        "search_text": text,
    }
    return render(request, "action_plans/commitment_explorer.html", context)
