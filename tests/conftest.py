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
def _celery_worker_session(django_db_setup, django_db_blocker, celery_test_queue):
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
            f"--hostname={worker_name(queue)}",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if app.control.ping(destination=[worker_name(queue)], timeout=0.5):
                break
            if proc.poll() is not None:
                raise RuntimeError("the Celery worker exited at start")
        else:
            raise RuntimeError("the Celery worker did not answer within 30 s")
        yield queue
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def celery_worker_process(_celery_worker_session):
    """The session's worker for one test. At the test's end, wait until the worker has done
    every task the test left it (a write enqueues the derived-data task after the task the
    test waited for): a task still running when a transactional test's flush starts
    deadlocks with it."""
    yield _celery_worker_session
    wait_until_idle(_celery_worker_session)


def worker_name(queue: str) -> str:
    return f"{queue}@localhost"


def wait_until_idle(queue: str, timeout: float = 60) -> None:
    from config.celery import app

    deadline = time.monotonic() + timeout
    idle = 0
    while time.monotonic() < deadline:
        inspect = app.control.inspect(destination=[worker_name(queue)], timeout=1)
        # The solo pool answers between tasks only: no answer means a task is running.
        active, reserved = inspect.active(), inspect.reserved()
        with app.connection_for_write() as conn:  # after the answer: nothing queued since
            waiting = conn.default_channel.client.llen(queue)
        busy = not active or not reserved or any(active.values()) or any(reserved.values())
        idle = 0 if waiting or busy else idle + 1
        if idle == 2:  # twice in a row: a task queued by the last one was seen
            return
        time.sleep(0.2)
    raise RuntimeError(f"the Celery worker was still busy {timeout} s after the test")
