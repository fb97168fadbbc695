"""Reading an indicator source: an http(s) address or a file path."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings


def fetch_source(location: str, *, timeout: float) -> bytes:
    """The bytes of an indicator source: an http(s) address, or a file path (relative to the project)."""
    if location.startswith(("http://", "https://")):
        request = urllib.request.Request(location, headers={"User-Agent": "OGP Portal eligibility refresh"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            error.close()  # An HTTP error carries the open response; don't leave the socket to the GC.
            raise
    path = Path(location)
    return (path if path.is_absolute() else Path(settings.BASE_DIR) / path).read_bytes()
