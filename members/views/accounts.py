from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import ProfileForm, SignUpForm
from ..models import Government
from .participation import profile_participation_context


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("members:profile")
    form = SignUpForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect("members:profile")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:profile")
    context = {
        "form": form,
        "organisations": request.user.organisations.all(),
        "irm_governments": Government.objects.filter(pk__in=request.user.irm_government_ids),
        **profile_participation_context(request.user),
    }
    return render(request, "members/user_profile.html", context)
