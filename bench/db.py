"""The benchmark database: `landtracker_bench` on the server of DATABASE_URL, never the dev or
test database. Created here (as the owner role of DATABASE_URL, with PostGIS), migrated, and
kept between runs."""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

BENCH_DB = "landtracker_bench"
DEFAULT_URL = "postgis://landtracker:landtracker@127.0.0.1:5432/landtracker"


def _conninfo(url: str, dbname: str) -> dict:
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "dbname": dbname,
        "connect_timeout": 10,
    }


def bench_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", parts.query, parts.fragment))


def ensure_database(*, drop: bool = False, log=print) -> str:
    """Create landtracker_bench (dropped first when `drop`) with PostGIS; return its URL."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    info = _conninfo(url, "postgres")
    owner = info["user"]
    with psycopg.connect(**info, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [BENCH_DB]).fetchone()
        if exists and drop:
            log(f"[bench] dropping database {BENCH_DB} (--regenerate)")
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(BENCH_DB)))
            exists = None
        if not exists:
            log(f"[bench] creating database {BENCH_DB} (owner {owner})")
            conn.execute(
                sql.SQL("create database {} owner {}").format(
                    sql.Identifier(BENCH_DB), sql.Identifier(owner)
                )
            )
    with psycopg.connect(**_conninfo(url, BENCH_DB), autocommit=True) as conn:
        conn.execute("set client_min_messages = warning")
        conn.execute("create extension if not exists postgis")
    return bench_url(url)


def setup_django(*, drop: bool = False, log=print) -> None:
    """Point Django at the bench database (before django.setup()) and migrate it."""
    os.environ["DATABASE_URL"] = ensure_database(drop=drop, log=log)
    # Keep the bench's cache keys and Celery tasks away from the dev ones on the same Redis.
    os.environ["CACHE_PREFIX"] = "lt-bench"
    os.environ["CELERY_QUEUE"] = "landtracker-bench"
    # Generation writes (and --regenerate drops) as the owner, not as the append-only app role.
    os.environ.pop("DB_ASSUME_ROLE", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if name != BENCH_DB:  # settings must have taken our URL: never write anywhere else
        raise SystemExit(f"[bench] refusing to run: Django points at {name!r}, not {BENCH_DB!r}")
    call_command("migrate", interactive=False, verbosity=0)
