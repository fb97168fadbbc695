"""The Celery app. Configured from Django settings (the `CELERY_*` names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")

# DjangoTask gives every task `delay_on_commit`, so nothing is queued for a
# transaction that rolls back.
app = Celery("ogp_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
