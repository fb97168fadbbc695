from django.http import HttpRequest, HttpResponse


def minimal(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: the whole middleware stack, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")
