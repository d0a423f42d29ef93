import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.celery
def test_healthz_green_with_real_services(client, celery_worker_process):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["ok"] is True
    assert body["database"]["postgis"].startswith("3.")
    assert body["redis"]["ok"] is True
    assert body["celery"]["ok"] is True


@pytest.fixture
def deaf_queue():
    from config.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = "nobody-listens-here"
    yield
    app.conf.task_default_queue = previous


def test_healthz_503_when_no_worker_answers(client, monkeypatch, deaf_queue):
    from config import health

    monkeypatch.setattr(health, "CELERY_TIMEOUT_S", 0.5)
    # A queue no worker consumes: the round trip cannot complete.
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["celery"]["ok"] is False
    assert body["database"]["ok"] is True


def test_healthz_503_when_redis_is_unreachable(client, monkeypatch, deaf_queue):
    from config import health

    monkeypatch.setattr(health, "CELERY_TIMEOUT_S", 0.5)
    dead = "redis://127.0.0.1:1/0"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=caches):  # Django resets its cache handlers on this change
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["redis"]["ok"] is False
