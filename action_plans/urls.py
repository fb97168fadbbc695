from django.urls import path  # noqa: F401 (each section adds its routes)

from .views import comments, deadlines, drafting, implementation, shadow  # noqa: F401 (routes below)

app_name = "action_plans"

# Each topic keeps its routes in its own section (and its views in views/<topic>.py).
urlpatterns = [
    # --- Drafting: plans, commitments, milestones, versions and comparison, documents (views/drafting.py) ---
    path("<int:pk>/", drafting.plan_detail, name="plan-detail"),
    # --- Comments, moderation, reasoned responses, comment period, submission, self-assessment (views/comments.py) ---
    # --- Implementation: progress, civil society assessments, CSV updates (views/implementation.py) ---
    # --- Shadow plans (views/shadow.py) ---
    # --- Deadlines and findings (views/deadlines.py) ---
]
