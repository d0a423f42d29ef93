"""The web and worker processes run as the app role, through the connection pool."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.db import connection, transaction
with connection.cursor() as cur:
    cur.execute("select current_user")
    print(cur.fetchone()[0])
try:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("delete from consultations_event")
except Exception as exc:
    print("refused:", type(exc).__name__)
"""


@pytest.mark.django_db(transaction=True)
def test_app_processes_act_as_the_append_only_role():
    call_command("db_app_role")
    db = settings.DATABASES["default"]
    env = dict(
        os.environ,
        DB_ASSUME_ROLE="landtracker_app",
        DB_POOL="true",
        DATABASE_URL=f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}",
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert lines[0] == "landtracker_app"
    assert "refused:" in out.stdout and "ProgrammingError" in out.stdout
