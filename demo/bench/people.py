"""The benchmark project's land users and holdings, by COPY with their history rows (bulk.py),
and their cases, made by the case record itself."""

from __future__ import annotations

import random
from collections import defaultdict

from consultations import projection
from consultations.models import Case
from landcases.models import Holding, LandUser, LandUserSensitive, Parcel, Tenure
from landcases.services import land_users_index_names

from ..bulk import (
    HOLDING_COLUMNS,
    LAND_USER_COLUMNS,
    SENSITIVE_COLUMNS,
    analyze,
    copy_history,
    copy_rows,
    new_ids,
)
from ..project.people import new_person, vulnerabilities
from .registers import FAMILY, GIVEN, MIDDLE, PRICE_VND_M2, REASON, Bench, Holder
from .shapes import Layout

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _name(rng: random.Random) -> tuple[str, bool]:
    middle = rng.choice(MIDDLE)
    female = middle in ("Thị", "Kim") or (middle == "Ngọc" and rng.random() < 0.5)
    return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}", female


def write_people(bench: Bench, layout: Layout, seed: int) -> str:
    """Land users (~0.9 per parcel) and holdings; then the case record makes the cases."""
    rng = random.Random(seed + 1)
    project_id = bench.project.id
    measured = {
        pk: min(recovered, legal)
        for pk, recovered, legal in Parcel.objects.filter(project=bench.project).values_list(
            "pk", "recovered_area_m2", "legal_area_m2"
        )
    }
    users: list[dict] = []  # kind, area, sheet, holdings [(parcel index, tenure, share)]
    heads = random.Random(seed + 5)  # ethnicity and vulnerabilities (the sensitive register)
    recent: dict[int, list[int]] = defaultdict(list)

    def new_user(area: int, sheet: str) -> int:
        roll = rng.random()
        kind = (
            "household"
            if roll < 0.90
            else "individual"
            if roll < 0.96
            else "occupant"
            if roll < 0.98
            else "organisation"
        )
        users.append({"kind": kind, "area": area, "sheet": sheet, "holdings": []})
        recent[area].append(len(users) - 1)
        return len(users) - 1

    for i in range(len(layout.grid)):
        if rng.random() < 0.04:
            continue  # nobody: public or unclaimed land
        area, sheet = int(layout.area_of[i]), layout.sheet[i]
        if rng.random() < 0.08:  # inherited jointly: two co-users, half each
            a, b = new_user(area, sheet), new_user(area, sheet)
            users[a]["holdings"].append((i, "co_user", 50))
            users[b]["holdings"].append((i, "co_user", 50))
            continue
        pool = recent[area][-6:]
        owner = rng.choice(pool) if pool and rng.random() < 0.15 else new_user(area, sheet)
        roll = rng.random()
        tenure = "certificate" if roll < 0.8 else "no_certificate" if roll < 0.97 else "lessee"
        users[owner]["holdings"].append((i, tenure, 100))

    sensitive = []
    for u_i, u in enumerate(users):
        u["members"], u["flags"], u["customary"] = 1, [], False
        if u["kind"] not in ("household", "individual"):
            continue
        person = new_person(heads)
        u["members"] = heads.choices((1, 2, 3, 4, 5, 6, 7), (6, 12, 20, 26, 18, 10, 8))[0]
        flags, alone = vulnerabilities(heads, person)
        if alone:
            u["members"] = 1
        u["flags"], u["ethnicity"] = [str(v) for v in flags], person.ethnicity
        sensitive.append(u_i)
        u["customary"] = person.ethnicity != "Kinh" and heads.random() < 0.5
        if u["customary"]:  # land held by custom
            u["holdings"] = [(i, Tenure.CUSTOMARY.value, s) for i, _t, s in u["holdings"]]

    prefix = "".join(LOOKUP_ALPHABET[(project_id // 32**j) % 32] for j in (1, 0))
    seen: set[str] = set()

    def lookup() -> str:
        while True:
            code = prefix + "".join(rng.choices(LOOKUP_ALPHABET, k=8))
            if code not in seen:
                seen.add(code)
                return code

    user_ids = new_ids("landcases_landuser", len(users))

    def user_rows():
        for u_i, u in enumerate(users):
            name, female = _name(rng)
            kind = u["kind"]
            title = "bà" if female else "ông"
            if kind == "organisation":
                display, rep, members = f"Công ty TNHH {name.split()[-1]} {u_i}", name, None
            elif kind == "individual":
                display, rep, members = f"{title.capitalize()} {name}", "", None
            else:
                display, rep, members = f"Hộ {title} {name}", name, rng.randint(1, 7)
            codes = [str(bench.land_use[i]) for i, _t, _s in u["holdings"]]
            eligible = kind in ("household", "individual") and "ONT" in codes
            u["eligible"] = eligible and rng.random() < 0.25
            phone = "09" + "".join(rng.choices("0123456789", k=8)) if rng.random() < 0.9 else ""
            yield (
                user_ids[u_i],
                project_id,
                kind,
                display,
                rep,
                members,
                f"{u['sheet']}, tỉnh Bình Thuận",
                phone,
                lookup(),
                u["eligible"],
                "",
            )

    copy_rows("landcases_landuser", LAND_USER_COLUMNS, user_rows())
    holdings = [
        (user_ids[u_i], bench.parcels[i], tenure, share, measured[bench.parcels[i]])
        for u_i, u in enumerate(users)
        for i, tenure, share in u["holdings"]
    ]
    holding_ids = new_ids("landcases_holding", len(holdings))
    copy_rows(
        "landcases_holding",
        HOLDING_COLUMNS,
        ((h, *row) for h, row in zip(holding_ids, holdings, strict=True)),
    )
    copy_rows(
        "landcases_landusersensitive",
        SENSITIVE_COLUMNS,
        (
            (user_ids[u_i], "", users[u_i]["ethnicity"], users[u_i]["flags"], "", "")
            for u_i in sensitive
        ),
    )
    copy_history(LandUser, user_ids, actor=bench.board, reason=REASON)
    copy_history(
        LandUserSensitive, [user_ids[u_i] for u_i in sensitive], actor=bench.board, reason=REASON
    )
    copy_history(Holding, holding_ids, actor=bench.board, reason=REASON)
    land_users_index_names(project_id=project_id)  # the attendee search's trigram names
    analyze("landcases_landuser", "landcases_landusersensitive", "landcases_holding")
    # The case record's own first step of a rebuild after a bulk load: a case (`identified`)
    # per land user; its projection is computed once, at the end, by projection.rebuild.
    projection._create_cases(project_id, None)
    case_of = dict(Case.objects.filter(project_id=project_id).values_list("land_user_id", "id"))
    for u, user_id in zip(users, user_ids, strict=True):
        parcels = [(bench.parcels[i], share) for i, _t, share in u["holdings"]]
        amount = sum(
            float(measured[p]) * share / 100 * PRICE_VND_M2[str(bench.land_use[i])]
            for (p, share), (i, _t, _s) in zip(parcels, u["holdings"], strict=True)
        )
        affected = sum(float(measured[p]) * share / 100 for p, share in parcels)
        bench.cases.append(
            (case_of[user_id], u["area"], u["sheet"], max(1_000_000, round(amount, -3)), affected)
        )
        bench.holders[case_of[user_id]] = Holder(
            u["kind"],
            u["members"],
            u["eligible"],
            u["flags"],
            [
                (p, str(bench.land_use[i]), float(measured[p]) * share / 100)
                for (p, share), (i, _t, _s) in zip(parcels, u["holdings"], strict=True)
            ],
            u["customary"],
        )
    return (
        f"{len(users)} land users ({len(users) / len(layout.grid):.2f}/parcel), "
        f"{len(holdings)} holdings, {len(case_of)} cases"
    )
