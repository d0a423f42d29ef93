"""Benchmark: 50,000 land-user rows from a workbook into a project (issue 14), end to end —
reading (calamine), the row-by-row checks, the set-based write with history rows, the search
names and the register change — vs the naive way: a row-by-row ORM save of each land user, its
sensitive record and its holding (simple_history writing each history row), sampled and
extrapolated (labelled so). Both in a project of 50,000 parcels copied from one of the bench
project's (made once, kept); every import is rolled back (the deferred foreign-key checks of the
commit forced inside the timing).
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from django.db import connection, transaction

from landcases.land_user_xlsx import LAND_USERS, read_land_user_workbook
from landcases.models import Holding, LandUser, LandUserSensitive, Parcel, Project
from landcases.services.land_user_import import land_users_import
from landcases.xlsx import stream_workbook

from .case_record import _board_user
from .table import Context, Row

ROWS = 50_000
SAMPLE = 2_000
TARGET_S = 15.0
REASON = "Nhập danh sách kiểm đếm (đo hiệu năng)"
ETHNIC = ["Kinh"] * 24 + ["Chăm", "Raglai"]


class _Rollback(Exception):
    pass


def _project_with_parcels(project, n: int) -> Project:
    """A project of n parcels (one of the bench project's shapes each, numbered 1…1000 on
    sheets B1…), written set-based once and kept between runs (the parcels are there before
    an import, as in a real project; the imports are rolled back)."""
    code = f"bench-land-users-{n}"
    found = Project.objects.filter(code=code).first()
    if found is not None and Parcel.objects.filter(project=found).count() == n:
        return found
    with transaction.atomic():
        copy = Project.objects.create(
            code=code,
            name=f"Nhập người sử dụng đất, {n} thửa (đo hiệu năng)",
            province_id=project.province_id,
            boundary=project.boundary,
            source_srid=project.source_srid,
        )
        source = Parcel.objects.filter(project=project).order_by("id").first()
        with connection.cursor() as cur:
            cur.execute(
                """
                insert into landcases_parcel (project_id, area_id, commune_at_survey_id,
                    survey_date, map_kind, sheet_no, parcel_no, land_use_id, legal_area_m2,
                    geometric_area_m2, recovered_area_m2, certificate_no, origin, address, geom,
                    geom_web, source_srid)
                select %s, null, p.commune_at_survey_id, p.survey_date, p.map_kind,
                    'B' || (g / 1000 + 1), (g %% 1000 + 1)::text, p.land_use_id, 600, 600, 600,
                    '', '', '', p.geom, p.geom_web, p.source_srid
                from landcases_parcel p, generate_series(0, %s - 1) g where p.id = %s
                """,
                [copy.pk, n, source.pk],
            )
    with connection.cursor() as cur:
        cur.execute("analyze landcases_parcel")
    return copy


def _rows(n: int, seed: int = 14) -> list[list]:
    rng = random.Random(seed)
    keys = [c.key for c in LAND_USERS.columns]
    out = []
    for i in range(n):
        v = {
            "key": str(i + 1),
            "kind": "Hộ gia đình" if i % 20 else "Cá nhân",
            "name": f"Hộ ông Nguyễn Văn {i + 1}",
            "representative": f"Nguyễn Văn {i + 1}",
            "members": rng.randint(1, 8),
            "address": f"Thôn {rng.randint(1, 9)}, xã Tân Thành",
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
            "citizen_id": f"{60_000_000_000 + i:012d}",
            "ethnicity": rng.choice(ETHNIC),
            "v_poor": "x" if rng.random() < 0.05 else None,
            "sheet_no": f"B{i // 1000 + 1}",
            "parcel_no": i % 1000 + 1,
            "tenure": "Người có giấy chứng nhận",
            "share_pct": 100,
            "affected_area_m2": 250,
        }
        out.append([v.get(k) for k in keys])
    return out


def _deferred_checks() -> None:
    with connection.cursor() as cur:
        cur.execute("set constraints all immediate")


def _orm_saves(project, rows: list[list], actor) -> None:
    """The naive way: each land user, its sensitive record and its holding saved one by one
    (the parcel found by its natural key), history by simple_history on each save."""
    keys = [c.key for c in LAND_USERS.columns]
    for i, raw in enumerate(rows):
        v = dict(zip(keys, raw, strict=True))
        lu = LandUser(
            project=project,
            kind="household",
            name=v["name"],
            representative=v["representative"],
            members=v["members"],
            address=v["address"],
            phone=v["phone"],
            lookup_code=f"BENCH{i:011d}"[:16],
        )
        lu._history_user, lu._change_reason = actor, REASON
        lu.save()
        s = LandUserSensitive(land_user=lu, citizen_id=v["citizen_id"], ethnicity=v["ethnicity"])
        s._history_user, s._change_reason = actor, REASON
        s.save()
        parcel = Parcel.objects.get(
            project=project, sheet_no=v["sheet_no"], parcel_no=str(v["parcel_no"])
        )
        h = Holding(
            land_user=lu,
            parcel=parcel,
            tenure="certificate",
            share_pct=Decimal(100),
            affected_area_m2=Decimal(250),
        )
        h._history_user, h._change_reason = actor, REASON
        h.save()


def import_50000(ctx: Context) -> list[Row]:
    actor = _board_user(ctx.project)
    rows = _rows(ROWS)
    data = stream_workbook([(LAND_USERS, rows)])
    ctx.say(f"[bench] land-user workbook: {ROWS:,} rows, {len(data) / 2**20:.1f} MB")
    ours = baseline = None
    result: dict = {}
    phases = ""
    try:
        project = _project_with_parcels(ctx.project, ROWS)
        with transaction.atomic():
            # import_workbook's two steps, timed apart (the same calls, in the same order)
            t0 = time.perf_counter()
            book = read_land_user_workbook(data, project=project)
            t1 = time.perf_counter()
            if not book.ok:
                raise SystemExit(f"[bench] the land-user workbook was refused: {book.refused}")
            result = land_users_import(
                project=project, actor=actor, reason=REASON, land_users=book.land_users
            )
            t2 = time.perf_counter()
            _deferred_checks()  # what the commit would do: the foreign keys' checks
            ours = time.perf_counter() - t0
            phases = f"read+check {t1 - t0:.1f} s, write {t2 - t1:.1f} s, FK checks "
            phases += f"{ours - (t2 - t0):.1f} s"
            raise _Rollback
    except _Rollback:
        pass
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            _orm_saves(project, rows[:SAMPLE], actor)
            _deferred_checks()
            baseline = (time.perf_counter() - t0) * ROWS / SAMPLE
            raise _Rollback
    except _Rollback:
        pass
    return [
        Row(
            f"land users from XLSX, {ROWS:,} rows",
            ours,
            baseline,
            target=f"≤ {TARGET_S:.0f} s",
            passed=ours is not None and ours <= TARGET_S,
            notes=(
                f"{result.get('land_users', 0):,} land users, {result.get('holdings', 0):,} "
                f"holdings ({phases}); baseline: row-by-row ORM saves, {SAMPLE:,} rows "
                "sampled and extrapolated (reading not counted)"
            ),
        )
    ]
