"""Views: see members/urls.py for the routes."""

from __future__ import annotations
