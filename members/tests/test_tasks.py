import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.utils import timezone

from members.models import PointOfContact
from members.tasks import clear_expired_sessions, send_point_of_contact_granted_notice
from ogp_portal.celery import app as celery_app


def make_session(*, expired: bool) -> str:
    store = SessionStore()
    store["note"] = "kept" if not expired else "stale"
    store.create()
    if expired:
        Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    return store.session_key


@pytest.mark.django_db
def test_clear_expired_sessions_twice_removes_each_expired_session_once():
    stale, fresh = make_session(expired=True), make_session(expired=False)
    assert clear_expired_sessions() == 1
    assert clear_expired_sessions() == 0
    assert list(Session.objects.values_list("pk", flat=True)) == [fresh]
    assert stale != fresh


@pytest.mark.django_db
def test_point_of_contact_notice_is_skipped_when_the_role_is_gone(poc, staff):
    contact = PointOfContact.objects.get(user=poc)
    mail.outbox.clear()
    contact.revoke(by=staff)
    send_point_of_contact_granted_notice(contact.pk)
    assert mail.outbox == []


def test_beat_schedule_names_real_tasks():
    from ogp_portal.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def database_url_for_test_database() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_from_redis_and_changes_the_database():
    """A separate `celery worker` process takes the task from Redis and writes to the test database."""
    reason = None
    if not settings.REDIS_URL:
        reason = "REDIS_URL is not set"
    elif connection.vendor != "postgresql":
        reason = "a worker process cannot reach an in-memory SQLite test database"
    if reason:
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)

    celery_app.conf.task_always_eager = False  # conftest restores it after the test
    stale = make_session(expired=True)
    queue = f"test-{uuid.uuid4().hex}"  # a queue of its own: no other worker can steal the task
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_test_database(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ogp_portal", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--queues", queue],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        clear_expired_sessions.apply_async(queue=queue)
        deadline = time.monotonic() + 60
        while Session.objects.filter(pk=stale).exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        assert not Session.objects.filter(pk=stale).exists(), "the worker did not run the task"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "clear_expired_sessions" in output and "succeeded" in output
