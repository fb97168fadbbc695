"""Shadow action plans: civil society's own proposals for a government."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from members.models import Government


def government_shadow_plans_context(request: HttpRequest, government: Government) -> dict[str, Any]:
    """What the government page's shadow plans section (`includes/_government_shadow_plans.html`) needs."""
    return {}
