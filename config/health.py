"""/healthz: the database with PostGIS, Redis, and a Celery round trip through a real worker."""

import time

from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .celery import ping

CELERY_TIMEOUT_S = 5.0


def _check_database() -> dict:
    with connection.cursor() as cur:
        cur.execute("select version(), postgis_lib_version()")
        pg, postgis = cur.fetchone()
    return {"ok": True, "postgres": pg.split(" on ")[0], "postgis": postgis}


def _check_redis() -> dict:
    key = "healthz:probe"
    cache.set(key, "1", 10)
    return {"ok": cache.get(key) == "1"}


def _check_celery() -> dict:
    started = time.monotonic()
    result = ping.apply_async(expires=CELERY_TIMEOUT_S)
    try:
        answer = result.get(timeout=CELERY_TIMEOUT_S)
    except CeleryTimeout:
        result.forget()
        return {"ok": False, "error": f"no worker answered within {CELERY_TIMEOUT_S:.0f} s"}
    return {"ok": answer == "pong", "round_trip_ms": round((time.monotonic() - started) * 1000)}


CHECKS = {"database": _check_database, "redis": _check_redis, "celery": _check_celery}


@never_cache
def healthz(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # noqa: BLE001 - a health probe reports every failure
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    ok = all(part["ok"] for part in report.values())
    return JsonResponse({"ok": ok, **report}, status=200 if ok else 503)
