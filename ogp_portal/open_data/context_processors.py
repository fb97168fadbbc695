from django.conf import settings
from django.http import HttpRequest


def site_url(request: HttpRequest) -> dict[str, str]:
    """`SITE_URL` for the Open Graph include: og:url names the canonical site, not the host a request came by."""
    return {"SITE_URL": settings.SITE_URL.rstrip("/")}
