"""The benchmark database: `landtracker_bench` (or $BENCH_DB) on the server of the owner's URL,
never the dev or test database.

Two roles, as in production (architecture.md §6): the owner creates the database (it has
CREATEDB; PostGIS comes from template1), migrates it, grants the application role its
privileges, marks it `bench` and generates the data (prepare.py, in a process of its own); the
benchmarks and any web server they start log in as the application role.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

BENCH_DB = os.environ.get("BENCH_DB", "landtracker_bench")


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
    """The same server and role, the bench database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", parts.query, parts.fragment))


def role_of(url: str) -> str:
    return unquote(urlsplit(url).username or "")


def ensure_database(owner_url: str, *, drop: bool = False, log=print) -> str:
    """Create the bench database as the owner (dropped first when `drop`); return its URL."""
    info = _conninfo(owner_url, "postgres")
    owner = info["user"]
    with psycopg.connect(**info, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [BENCH_DB]).fetchone()
        if exists and drop:
            log(f"[bench] dropping database {BENCH_DB} (--regenerate)")
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(BENCH_DB)))
            exists = None
        if not exists:
            log(f"[bench] creating database {BENCH_DB} (owner {owner}; PostGIS from template1)")
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(BENCH_DB)))
    with psycopg.connect(**_conninfo(owner_url, BENCH_DB), autocommit=True) as conn:
        conn.execute("set client_min_messages = warning")
        conn.execute("create extension if not exists postgis")  # a no-op: from template1
    return bench_url(owner_url)


def use_bench_settings(url: str) -> None:
    """Point Django at the bench database (before django.setup()), its cache keys and Celery
    tasks away from the dev ones on the same Redis."""
    os.environ["DATABASE_URL"] = url
    os.environ["CACHE_PREFIX"] = "lt-bench"
    os.environ["CELERY_QUEUE"] = "landtracker-bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def check_bench_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if name != BENCH_DB:  # settings must have taken our URL: never write anywhere else
        raise SystemExit(f"[bench] refusing to run: Django points at {name!r}, not {BENCH_DB!r}")
