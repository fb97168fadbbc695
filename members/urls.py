from django.urls import path

from . import views
from .views import letters, local_applications, participation, subscriptions  # noqa: F401 (routes below)

app_name = "members"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("governments/", views.government_list, name="government-list"),
    path("governments/<slug:slug>/", views.government_detail, name="government-detail"),
    path("governments/<slug:slug>/edit/", views.government_update, name="government-update"),
    path("governments/<slug:slug>/status/", views.government_status_change, name="government-status-change"),
    path("eligibility/", views.eligibility_latest, name="eligibility-latest"),
    path("eligibility/<int:year>/", views.eligibility_table, name="eligibility-table"),
    path("eligibility/<int:year>.csv", views.eligibility_csv, name="eligibility-csv"),
    path("staff/eligibility/imports/", views.indicator_import, name="indicator-import"),
    path("staff/eligibility/refresh/", views.refresh_list, name="refresh-list"),
    path("staff/eligibility/refresh/<int:pk>/", views.refresh_detail, name="refresh-detail"),
    path("staff/eligibility/refresh/<int:pk>/status.json", views.refresh_status, name="refresh-status"),
    path("staff/eligibility/review/<int:year>/", views.review_queue, name="eligibility-review"),
    path("staff/eligibility/assessments/<int:pk>/confirm/", views.assessment_confirm, name="assessment-confirm"),
    path("staff/eligibility/assessments/<int:pk>/override/", views.criterion_override, name="criterion-override"),
    path("staff/", views.staff_home, name="staff-home"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    # --- Letters of intent (views/letters.py) ---
    # --- Participation: point-of-contact requests, organisations, forums, subscriptions (views/participation.py) ---
    # --- OGP Local applications (views/local_applications.py) ---
]
