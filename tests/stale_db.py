"""Prints `--create-db` when the kept test database (pytest --reuse-db) holds migrations this
checkout does not have: a database migrated by another branch keeps their tables, and a flush
between tests then fails on them. Run by bin/test before pytest; prints nothing otherwise."""

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    import psycopg
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    db = settings.DATABASES["default"]
    name = db.get("TEST", {}).get("NAME") or f"test_{db['NAME']}"
    try:
        conn = psycopg.connect(
            dbname=name,
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"] or 5432,
        )
    except psycopg.OperationalError:
        return  # no kept database: pytest creates one
    with conn:
        try:
            applied = set(conn.execute("select app, name from django_migrations").fetchall())
        except psycopg.Error:
            print("--create-db")
            return
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if applied - on_disk:
        print("--create-db")


if __name__ == "__main__":
    main()
