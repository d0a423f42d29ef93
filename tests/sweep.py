"""The machinery of the bad-input sweeps (issue 9, part 7): the bad values, the table digest,
and a runner that posts them to a form and says what went wrong. Used by
tests/landcases/test_bad_input.py (register and set-up forms) and the case-record sweep.

API:
- `digest() -> dict[str, tuple]`: a digest (row count, md5 of the rows) of every table of ours
  (sessions and PostGIS's spatial_ref_sys left out). `changed(before, after)` names the tables
  that differ.
- `bad_values(*, other_project_id) -> dict[str, str]`: name → value as posted: "empty", "huge"
  (100k characters), "nul", "future", "ancient" (0001-01-01), "wrong_type", "other_project"
  (an id of another project's object), "huge_int" (2**63), "other_digits" (12
  Arabic-Indic digits, for numbers and codes), "nested" (JSON nested 100,000 deep) and
  "nested_text" (an attendance row whose remarks are an object).
- `sweep(client, url, *, fields, baseline=None, values, other_project_id, ignore=())`
  posts, for each bad value, the form with every field in `fields` set to it (over
  `baseline`), and returns a list of problems ("<value>: status 500", "<value>: wrote to
  {tables}"); an empty list is a pass. `ignore` names tables a refused POST may touch (none
  by default).
- `sweep_fields(client, url, *, baseline, fields, values, field_values=None, ignore=())`: one
  field at a time (the others valid, from `baseline`): `fields` maps each field to the names
  of the values it must refuse; `field_values` overrides a value for one field (e.g. the id of
  another project's area for "other_project").
- `writes(client, url, data) -> bool`: the POST was accepted and wrote: proves a baseline is
  valid, so that the refusals above are the bad value's doing.
"""

import json
from collections.abc import Iterable
from datetime import timedelta

from django.db import connection
from django.utils import timezone

HUGE = 100_000
EXCLUDED_TABLES = ("spatial_ref_sys", "django_session")


def digest() -> dict[str, tuple]:
    """A digest (row count, md5 of the rows in order) of every table of ours, in one query."""
    with connection.cursor() as cur:
        cur.execute(
            "select tablename from pg_tables where schemaname = 'public' "
            "and tablename <> all(%s) order by tablename",
            [list(EXCLUDED_TABLES)],
        )
        tables = [r[0] for r in cur.fetchall()]
        parts = [
            f"select '{t}', count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), "
            f"'')) from {t} t"
            for t in tables
        ]
        cur.execute(" union all ".join(parts))  # noqa: S608 - table names from the catalogue
        return {name: (n, md5) for name, n, md5 in cur.fetchall()}


def changed(before: dict, after: dict, *, ignore: Iterable[str] = ()) -> set[str]:
    skip = set(ignore)
    return {t for t in after if before.get(t) != after[t] and t not in skip}


def bad_values(*, other_project_id: int) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "empty": "",
        "huge": "x" * HUGE,
        "nul": "a\x00b",
        "future": (today + timedelta(days=400)).isoformat(),
        "ancient": "0001-01-01",
        "wrong_type": "not-a-number",
        "other_project": str(other_project_id),
        "huge_int": str(2**63),
        # 12 Arabic-Indic digits: str.isdigit() says yes, PostgreSQL's [0-9] says no.
        "other_digits": "٠٦٠٩٨٧٦٥٤٣٢١",
        # JSON nested past Python's recursion limit (json.loads raises RecursionError).
        "nested": "[" * 100_000 + "]" * 100_000,
        "nested_text": json.dumps([{"id": 1, "concerns": {"a": 1}}]),
    }


def _post(client, url, data) -> tuple[int, set[str], str]:
    before = digest()
    response = client.post(url, data)
    after = digest()
    return response.status_code, changed(before, after), response.get("Location", "")


def sweep(client, url, *, fields, values: dict[str, str], baseline=None, ignore=()) -> list[str]:
    problems = []
    for name, value in values.items():
        data = {**(baseline or {}), **dict.fromkeys(fields, value)}
        status, wrote, _location = _post(client, url, data)
        wrote -= set(ignore)
        if status >= 500:
            problems.append(f"{name}: status {status}")
        if wrote:
            problems.append(f"{name}: wrote to {sorted(wrote)}")
    return problems


def sweep_fields(
    client,
    url,
    *,
    baseline: dict,
    fields: dict[str, Iterable[str]],
    values: dict[str, str],
    field_values: dict[str, dict[str, str]] | None = None,
    ignore=(),
) -> list[str]:
    """`fields` maps a field to the names of the values it must refuse; `field_values` gives a
    field its own value for a name (e.g. "other_project": the id of another project's area)."""
    problems = []
    for field, names in fields.items():
        for name in names:
            value = (field_values or {}).get(field, {}).get(name, values[name])
            status, wrote, _location = _post(client, url, {**baseline, field: value})
            wrote -= set(ignore)
            if status >= 500:
                problems.append(f"{field}={name}: status {status}")
            if wrote:
                problems.append(f"{field}={name}: wrote to {sorted(wrote)}")
    return problems


def writes(client, url, data) -> bool:
    """Whether a POST of `data` is accepted and writes (to prove a baseline valid)."""
    status, wrote, _location = _post(client, url, data)
    return status in (200, 302) and bool(wrote)
