import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    from django.conf import settings

    from config.celery import app

    queue = celery_test_queue
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
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
