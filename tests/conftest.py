import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as bin/setup leaves the real one: the app role's grants, and a test
    database (seeded histories allowed)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("db_app_role", verbosity=0)
        call_command("db_kind", "test", verbosity=0)
        # Loaded by a migration, emptied by the flush of a transactional test of an earlier
        # run (--reuse-db): load it once here rather than in every test.
        from landcases.models import LandUseCode
        from landcases.services import land_use_codes_sync

        if not LandUseCode.objects.exists():
            land_use_codes_sync()


def app_database_url() -> str:
    """The application role's URL for the test database (bin/test exports APP_DATABASE_URL)."""
    from django.conf import settings

    base = os.environ.get("APP_DATABASE_URL", "")
    assert base, "APP_DATABASE_URL is not set: run the tests with bin/test"
    prefix = base.rsplit("/", 1)[0]
    return f"{prefix}/{settings.DATABASES['default']['NAME']}"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


QUEUE = f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session", autouse=True)
def celery_test_queue():
    """Tasks enqueued by tests go to a queue of this session only (never the dev worker's),
    consumed by the test worker when a test asks for it, purged at the end."""
    from config.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE
    yield QUEUE
    app.conf.task_default_queue = previous
    with contextlib.suppress(Exception), app.connection_for_write() as conn:
        conn.default_channel.queue_delete(QUEUE)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, celery_test_queue):
    """A real Celery worker on its own queue, pointed at the test database."""
    from config.celery import app

    queue = celery_test_queue
    env = dict(os.environ)
    env["DATABASE_URL"] = app_database_url()  # the worker logs in as the application's role
    env["CELERY_QUEUE"] = queue
    env["DB_POOL"] = "false"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5):
                break
            if proc.poll() is not None:
                raise RuntimeError("the Celery worker exited at start")
        else:
            raise RuntimeError("the Celery worker did not answer within 30 s")
        yield queue
    finally:
        proc.terminate()
        proc.wait(timeout=20)
