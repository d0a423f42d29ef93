"""Set-up of the benchmark database, as the owner role (run by bench/run.py in a process of
its own, so that the owner's credentials never reach the benchmarks nor the web server they
start): create the database, migrate it, grant the application role, mark it `bench` (the only
kind, with demo and test, that accepts seeded histories) and generate the project once.

    python -m bench.prepare --parcels N --app-role ROLE [--regenerate]   (OWNER_DATABASE_URL set)
"""

from __future__ import annotations

import argparse
import io
import os
import sys

from .db import check_bench_database, ensure_database, use_bench_settings
from .table import log


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.prepare")
    p.add_argument("--parcels", type=int, required=True)
    p.add_argument("--app-role", required=True)
    p.add_argument("--regenerate", action="store_true")
    options = p.parse_args(argv)
    owner_url = os.environ.pop("OWNER_DATABASE_URL", "")
    if not owner_url:
        log("[bench] OWNER_DATABASE_URL is not set (bin/bench reads it from .env.owner)")
        return 2
    use_bench_settings(ensure_database(owner_url, drop=options.regenerate, log=log))

    import django

    django.setup()
    from django.core.management import call_command

    check_bench_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("db_app_role", role=options.app_role, stdout=io.StringIO())
    call_command("db_kind", "bench", stdout=io.StringIO())
    # The baseline `ogr2ogr` of the parcel-import row writes a table of its own: in a scratch
    # schema of the bench database only (the app role creates nothing in `public`).
    from django.db import connection

    with connection.cursor() as cur:
        role = connection.ops.quote_name(options.app_role)
        cur.execute("create schema if not exists bench_scratch")
        cur.execute(f"grant usage, create on schema bench_scratch to {role}")
    from demo.bench import ensure_project

    ensure_project(options.parcels, log=log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
