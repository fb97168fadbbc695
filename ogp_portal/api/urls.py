"""The read-only JSON API, at /api/v1/ (no language prefix): a documentation page, then one list and detail
route per resource."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("governments", views.GovernmentViewSet, basename="government")
router.register("eligibility-assessments", views.EligibilityAssessmentViewSet, basename="eligibility-assessment")
router.register("action-plans", views.PlanViewSet, basename="plan")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("irm-assessments", views.IRMAssessmentViewSet, basename="irm-assessment")
router.register("comments", views.CommentViewSet, basename="comment")

urlpatterns = [
    path("", views.documentation, name="documentation"),
    *router.urls,
]
