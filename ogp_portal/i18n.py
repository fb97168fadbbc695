"""Texts stored in the database (reasons, findings, notes) are written in the site language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def site_language(message: str, **params: Any) -> str:
    """`message` (marked with gettext_noop where it is written) translated to the site language, whoever's
    request or task writes it, with `params` filled in."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text
