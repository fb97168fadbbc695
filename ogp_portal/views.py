from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.models import Government


def home(request: HttpRequest) -> HttpResponse:
    members = Government.objects.members()
    context = {
        "national_member_count": members.national().count(),
        "local_member_count": members.local().count(),
    }
    return render(request, "home.html", context)
