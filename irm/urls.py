from django.urls import path

from .views import accountability, assignments, comments, response_policy, reviews

app_name = "irm"

urlpatterns = [
    # Reviews: the public list, the researchers' and staff's workspace, and a review's lifecycle.
    path("reviews/", reviews.review_list, name="review-list"),
    path("work/", reviews.workspace, name="workspace"),
    path("plans/<int:plan_pk>/reviews/new/", reviews.review_start, name="review-start"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review-edit"),
    path("reviews/<int:pk>/commitments/<int:commitment_pk>/", reviews.assessment_edit, name="assessment-edit"),
    path("reviews/<int:pk>/share/", reviews.review_share, name="review-share"),
    path("reviews/<int:pk>/public-comment/", reviews.review_open_comment, name="review-open-comment"),
    path("reviews/<int:pk>/finalise/", reviews.review_finalise, name="review-finalise"),
    path("reviews/<int:pk>/publish/", reviews.review_publish, name="review-publish"),
    path("assignments/", assignments.assignment_list, name="assignment-list"),
    path("assignments/new/", assignments.assignment_create, name="assignment-create"),
    # Comments on drafts and the IRM's answers.
    path("reviews/<int:pk>/comments/new/", comments.comment_create, name="comment-create"),
    path("comments/<int:pk>/answer/", comments.comment_answer, name="comment-answer"),
    # Accountability: procedural review and Response Policy cases.
    path("accountability/", accountability.dashboard, name="accountability"),
    path(
        "procedural-reviews/<int:pk>/decide/",
        accountability.procedural_review_decide,
        name="procedural-review-decide",
    ),
    path("response-policy/", response_policy.case_list, name="case-list"),
    path("response-policy/new/", response_policy.case_create, name="case-create"),
    path("response-policy/<int:pk>/", response_policy.case_detail, name="case-detail"),
    path("response-policy/<int:pk>/advance/", response_policy.case_advance, name="case-advance"),
]
