from django.urls import path  # noqa: F401 (each section adds its routes)

from .views import (  # noqa: F401 (routes below)
    comments,
    deadlines,
    drafting,
    explorer,
    implementation,
    responses,
    self_assessment,
    shadow,
    submission,
)

app_name = "action_plans"

# Each topic keeps its routes in its own section (and its views in views/<topic>.py).
urlpatterns = [
    # --- Drafting: plans, commitments, milestones, versions and comparison, documents (views/drafting.py) ---
    path("", drafting.plan_list, name="plan-list"),
    # --- The public commitment explorer: full-text search and filters (views/explorer.py) ---
    path("commitments/", explorer.commitment_explorer, name="commitment-explorer"),
    path("start/<slug:slug>/", drafting.plan_create, name="plan-create"),
    path("<int:pk>/", drafting.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", drafting.plan_update, name="plan-update"),
    path("<int:pk>/commitments/new/", drafting.commitment_create, name="commitment-create"),
    path("<int:plan_pk>/commitments/<int:pk>/", drafting.commitment_detail, name="commitment-detail"),
    path("<int:plan_pk>/commitments/<int:pk>/edit/", drafting.commitment_update, name="commitment-update"),
    path("<int:plan_pk>/commitments/<int:pk>/delete/", drafting.commitment_delete, name="commitment-delete"),
    path("<int:pk>/versions/", drafting.version_list, name="version-list"),
    path("<int:pk>/versions/publish/", drafting.version_publish, name="version-publish"),
    path("<int:pk>/versions/compare/", drafting.version_compare, name="version-compare"),
    path("<int:pk>/versions/<int:number>/", drafting.version_detail, name="version-detail"),
    path("<int:pk>/documents/new/", drafting.document_create, name="document-create"),
    path("<int:plan_pk>/documents/<int:pk>/delete/", drafting.document_delete, name="document-delete"),
    path("<int:plan_pk>/documents/<int:pk>/file/", drafting.document_file, name="document-file"),
    # --- The comment period and submission (views/submission.py) ---
    path("<int:pk>/comment-period/", submission.plan_comment_period, name="plan-comment-period"),
    path("<int:pk>/submit/", submission.plan_submit, name="plan-submit"),
    # --- Comments, replies, reports and moderation (views/comments.py) ---
    path("<int:pk>/comments/", comments.comment_list, name="comment-list"),
    path("<int:pk>/comments/new/", comments.comment_create, name="comment-create"),
    path("<int:pk>/comments/moderation/", comments.plan_moderation, name="plan-moderation"),
    path("<int:plan_pk>/comments/<int:pk>/", comments.comment_detail, name="comment-detail"),
    path("<int:plan_pk>/comments/<int:pk>/reply/", comments.comment_reply, name="comment-reply"),
    path("<int:plan_pk>/comments/<int:pk>/report/", comments.comment_report, name="comment-report"),
    path("<int:plan_pk>/comments/<int:pk>/moderate/", comments.comment_moderate, name="comment-moderate"),
    # --- Reasoned responses and their report (views/responses.py) ---
    path("<int:plan_pk>/comments/<int:pk>/respond/", responses.comment_respond, name="comment-respond"),
    path("<int:pk>/responses/", responses.plan_responses, name="plan-responses"),
    # --- The self-assessment (views/self_assessment.py) ---
    path("<int:pk>/self-assessment/", self_assessment.self_assessment_detail, name="self-assessment-detail"),
    path(
        "<int:pk>/self-assessment/publish/",
        self_assessment.self_assessment_publish,
        name="self-assessment-publish",
    ),
    path("<int:pk>/self-assessment/file/", self_assessment.self_assessment_file, name="self-assessment-file"),
    path(
        "<int:pk>/self-assessment/comments/new/",
        self_assessment.self_assessment_comment_create,
        name="self-assessment-comment-create",
    ),
    # --- Implementation: progress, civil society assessments, CSV updates (views/implementation.py) ---
    path("<int:pk>/progress/", implementation.plan_progress, name="plan-progress"),
    path("<int:pk>/progress/upload/", implementation.progress_upload, name="progress-upload"),
    path("<int:plan_pk>/progress/<int:pk>/evidence/", implementation.progress_evidence, name="progress-evidence"),
    path("<int:plan_pk>/milestones/<int:pk>/progress/", implementation.progress_report, name="milestone-progress"),
    path(
        "<int:plan_pk>/commitments/<int:pk>/progress/", implementation.commitment_progress, name="commitment-progress"
    ),
    path(
        "<int:plan_pk>/commitments/<int:pk>/assessments/new/",
        implementation.assessment_create,
        name="assessment-create",
    ),
    # --- Shadow plans (views/shadow.py) ---
    path("shadow-plans/new/<slug:slug>/", shadow.shadow_create, name="shadow-create"),
    path("shadow-plans/<int:pk>/", shadow.shadow_detail, name="shadow-detail"),
    path("shadow-plans/<int:pk>/edit/", shadow.shadow_update, name="shadow-update"),
    path("shadow-plans/<int:pk>/publish/", shadow.shadow_publish, name="shadow-publish"),
    path("shadow-plans/<int:pk>/commitments/new/", shadow.shadow_commitment_create, name="shadow-commitment-create"),
    path(
        "shadow-plans/<int:pk>/commitments/<int:commitment_pk>/edit/",
        shadow.shadow_commitment_update,
        name="shadow-commitment-update",
    ),
    path(
        "shadow-plans/<int:pk>/commitments/<int:commitment_pk>/delete/",
        shadow.shadow_commitment_delete,
        name="shadow-commitment-delete",
    ),
    # --- Deadlines and findings (views/deadlines.py) ---
]
