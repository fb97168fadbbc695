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
    path("emails/stop/<str:token>/", subscriptions.email_opt_out, name="email-opt-out"),
    path("subscriptions/", subscriptions.subscription_list, name="subscription-list"),
    # --- Letters of intent (views/letters.py) ---
    path("letters/", letters.letter_list, name="letter-list"),
    path("governments/<slug:slug>/letters/new/", letters.letter_create, name="letter-create"),
    path("letters/<int:pk>/", letters.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/edit/", letters.letter_update, name="letter-update"),
    path("letters/<int:pk>/submit/", letters.letter_submit, name="letter-submit"),
    path("letters/<int:pk>/signed.pdf", letters.letter_file, name="letter-file"),
    path("staff/letters/", letters.letter_review_queue, name="letter-review-queue"),
    path("staff/letters/<int:pk>/start-review/", letters.letter_start_review, name="letter-start-review"),
    path("staff/letters/<int:pk>/accept/", letters.letter_accept, name="letter-accept"),
    path("staff/letters/<int:pk>/return/", letters.letter_return, name="letter-return"),
    path("staff/letters/<int:pk>/publish/", letters.letter_publish, name="letter-publish"),
    # --- Participation: point-of-contact requests, organisations, forums, subscriptions (views/participation.py) ---
    path("governments/<slug:slug>/represent/", participation.poc_request_create, name="poc-request-create"),
    path("staff/point-of-contact-requests/", participation.poc_request_list, name="poc-request-list"),
    path(
        "staff/point-of-contact-requests/<int:pk>/approve/",
        participation.poc_request_approve,
        name="poc-request-approve",
    ),
    path(
        "staff/point-of-contact-requests/<int:pk>/refuse/", participation.poc_request_refuse, name="poc-request-refuse"
    ),
    path("organisations/", participation.organisation_list, name="organisation-list"),
    path("organisations/new/", participation.organisation_create, name="organisation-create"),
    path("organisations/<slug:slug>/", participation.organisation_detail, name="organisation-detail"),
    path("organisations/<slug:slug>/edit/", participation.organisation_update, name="organisation-update"),
    path("organisations/<slug:slug>/join/", participation.organisation_join, name="organisation-join"),
    path("organisations/<slug:slug>/leave/", participation.organisation_leave, name="organisation-leave"),
    path("organisations/<slug:slug>/verify/", participation.organisation_verify, name="organisation-verify"),
    path("organisations/<slug:slug>/unverify/", participation.organisation_unverify, name="organisation-unverify"),
    path("governments/<slug:slug>/forum/edit/", participation.forum_edit, name="forum-edit"),
    path("governments/<slug:slug>/forum/join/", participation.forum_join, name="forum-join"),
    path(
        "governments/<slug:slug>/forum/requests/<int:pk>/accept/",
        participation.forum_membership_accept,
        name="forum-membership-accept",
    ),
    path(
        "governments/<slug:slug>/forum/requests/<int:pk>/decline/",
        participation.forum_membership_decline,
        name="forum-membership-decline",
    ),
    path(
        "governments/<slug:slug>/forum/meetings/new/", participation.forum_meeting_create, name="forum-meeting-create"
    ),
    path("governments/<slug:slug>/subscribe/", participation.government_subscribe, name="government-subscribe"),
    path("governments/<slug:slug>/unsubscribe/", participation.government_unsubscribe, name="government-unsubscribe"),
    path("unsubscribe/digest/<str:token>/", subscriptions.digest_unsubscribe, name="digest-unsubscribe"),
    path("subscriptions/<int:pk>/", subscriptions.subscription_update, name="subscription-update"),
    path("subscriptions/<int:pk>/delete/", subscriptions.subscription_delete, name="subscription-delete"),
    path("subscriptions/emails/resume/", subscriptions.email_opt_in, name="email-opt-in"),
    path("subscriptions/plans/<int:pk>/follow/", subscriptions.plan_follow, name="plan-follow"),
    path("subscriptions/plans/<int:pk>/unfollow/", subscriptions.plan_unfollow, name="plan-unfollow"),
    path(
        "subscriptions/plans/<int:plan_pk>/commitments/<int:pk>/follow/",
        subscriptions.commitment_follow,
        name="commitment-follow",
    ),
    path(
        "subscriptions/plans/<int:plan_pk>/commitments/<int:pk>/unfollow/",
        subscriptions.commitment_unfollow,
        name="commitment-unfollow",
    ),
    # --- OGP Local applications (views/local_applications.py) ---
    path("ogp-local/", local_applications.local_about, name="local-about"),
    path("ogp-local/apply/", local_applications.local_application_create, name="local-application-create"),
    path(
        "ogp-local/applications/<int:pk>/",
        local_applications.local_application_detail,
        name="local-application-detail",
    ),
    path(
        "ogp-local/applications/<int:pk>/letter-of-support.pdf",
        local_applications.local_application_letter,
        name="local-application-letter",
    ),
    path(
        "ogp-local/applications/<int:pk>/accept/",
        local_applications.local_application_accept,
        name="local-application-accept",
    ),
    path(
        "ogp-local/applications/<int:pk>/decline/",
        local_applications.local_application_decline,
        name="local-application-decline",
    ),
    path("staff/ogp-local/", local_applications.local_application_queue, name="local-application-queue"),
]
