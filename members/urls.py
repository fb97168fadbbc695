from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("governments/", views.government_list, name="government-list"),
    path("governments/<slug:slug>/", views.government_detail, name="government-detail"),
    path("governments/<slug:slug>/edit/", views.government_update, name="government-update"),
    path("governments/<slug:slug>/status/", views.government_status_change, name="government-status-change"),
]
