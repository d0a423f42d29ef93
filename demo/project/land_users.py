"""The demo's land users, their sensitive data and what they hold, written by the generators'
bulk path (demo/bulk.py): rows by COPY with their history rows (who, why) as the services
(`land_user_create`, `land_user_sensitive_set`, `holding_create`) write them, the trigram
search names by `landcases.services.land_users_index_names`, and one register change naming
every parcel and land user (`landcases.changes.registers_changed`, as each service call would
have recorded), which the case record applies (demo.history does, first).

Who holds what follows the parcel's role: private lots to households and individuals (some
holding several lots, some lots inherited jointly by two households), a pagoda, a village
shrine's community, the commune's public land, an aquaculture company, occupants of unused
land, and a few lots nobody has claimed yet.
"""

from __future__ import annotations

from decimal import Decimal

from landcases.changes import registers_changed
from landcases.models import (
    Holding,
    LandUser,
    LandUserKind,
    LandUserSensitive,
    Parcel,
    Tenure,
    Vulnerability,
)
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
from .parcels import ParcelPlan
from .people import Codes, Draft, household, lower, new_person, new_phone
from .places import NEW_COMMUNES, OLD_COMMUNES, REASON


def create_land_users(project, parcels, plans, rng, actor) -> tuple[int, int]:
    # As stored (Decimal, rounded in PostGIS): (recovered, legal, geometric) area per parcel.
    measured = {
        pk: (recovered, legal, geometric)
        for pk, recovered, legal, geometric in Parcel.objects.filter(pk__in=parcels).values_list(
            "pk", "recovered_area_m2", "legal_area_m2", "geometric_area_m2"
        )
    }
    drafts: list[Draft] = []
    recent: dict[int, list[Draft]] = {}
    singletons: dict[str, Draft] = {}

    def single(key: str, make) -> Draft:
        if key not in singletons:
            singletons[key] = make()
            drafts.append(singletons[key])
        return singletons[key]

    def new_private(plan: ParcelPlan, commune_now: str) -> Draft:
        kind = LandUserKind.INDIVIDUAL if rng.random() < 0.06 else LandUserKind.HOUSEHOLD
        draft = household(rng, plan.village, commune_now, kind=kind)
        drafts.append(draft)
        recent.setdefault(plan.area_index, []).append(draft)
        return draft

    for idx, plan in enumerate(plans):
        commune = OLD_COMMUNES[plan.area_index]
        commune_now = NEW_COMMUNES[commune.successor]
        role = plan.role
        if role == "nobody":
            continue
        if role == "pagoda":
            pagoda = single(
                "pagoda",
                lambda plan=plan, commune_now=commune_now: Draft(
                    kind=LandUserKind.RELIGIOUS,
                    name="Chùa Phước Hải",
                    representative="Đại đức Thích Minh Tịnh (trụ trì)",
                    address=f"{plan.village}, {lower(commune_now)}, tỉnh Lâm Đồng",
                    phone=new_phone(rng),
                ),
            )
            pagoda.holdings.append((idx, Tenure.CERTIFICATE_HOLDER, Decimal(100)))
        elif role == "community":
            community = single(
                "community",
                lambda plan=plan, commune_now=commune_now: Draft(
                    kind=LandUserKind.COMMUNITY,
                    name=f"Cộng đồng dân cư {lower(plan.village)}",
                    representative=f"Trưởng thôn {new_person(rng, female=False).name}",
                    address=f"{plan.village}, {lower(commune_now)}, tỉnh Lâm Đồng",
                    phone=new_phone(rng),
                ),
            )
            community.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))
        elif role == "commune":
            ubnd = single(
                f"commune-{commune.successor}",
                lambda plan=plan, commune_now=commune_now: Draft(
                    kind=LandUserKind.COMMUNE,
                    name=f"Ủy ban nhân dân {lower(commune_now)}",
                    representative=f"Chủ tịch UBND: {new_person(rng, ethnicity='Kinh').name}",
                    address=f"Trụ sở UBND {lower(commune_now)}, tỉnh Lâm Đồng",
                    phone="0252" + "".join(rng.choices("0123456789", k=7)),
                ),
            )
            ubnd.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))
        elif role == "company":
            company = single(
                "company",
                lambda: Draft(
                    kind=LandUserKind.ORGANISATION,
                    name="Công ty TNHH Nuôi trồng Thủy sản Biển Xanh Kê Gà",
                    representative=f"Giám đốc {new_person(rng, female=False).name}",
                    address="Thôn Kê Gà, xã Tân Thành, tỉnh Lâm Đồng",
                    phone="0252" + "".join(rng.choices("0123456789", k=7)),
                ),
            )
            company.holdings.append((idx, Tenure.LESSEE, Decimal(100)))
        elif role == "occupant":
            occupant = household(rng, plan.village, commune_now, kind=LandUserKind.OCCUPANT)
            drafts.append(occupant)
            occupant.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))
        else:
            pool = recent.get(plan.area_index, [])[-6:]
            if pool and rng.random() < 0.35:
                owner = rng.choice(pool)
            else:
                owner = new_private(plan, commune_now)
            if rng.random() < 0.09:  # inherited jointly: two households, half each
                other = new_private(plan, commune_now)
                owner.holdings.append((idx, Tenure.CO_USER, Decimal(50)))
                other.holdings.append((idx, Tenure.CO_USER, Decimal(50)))
            elif plan.has_certificate and rng.random() < 0.03:
                owner.holdings.append((idx, Tenure.LESSEE, Decimal(100)))  # leased from the State
            elif plan.has_certificate:
                owner.holdings.append((idx, Tenure.CERTIFICATE_HOLDER, Decimal(100)))
            else:
                owner.holdings.append((idx, Tenure.WITHOUT_CERTIFICATE, Decimal(100)))

    drafts = [d for d in drafts if d.holdings]
    lookup = Codes(rng)
    codes = [lookup.lookup_code() for _ in drafts]
    while clash := set(  # codes other projects already use: draw again
        LandUser.objects.filter(lookup_code__in=codes).values_list("lookup_code", flat=True)
    ):
        codes = [lookup.lookup_code() if c in clash else c for c in codes]
    ids = Codes(rng)
    user_ids = new_ids("landcases_landuser", len(drafts))
    users, sensitive, holdings = [], [], []
    for d, code, user_id in zip(drafts, codes, user_ids, strict=True):
        # Loses most of a residential plot and has no other one in the commune (made up: 1 in 4).
        eligible = (
            d.kind in (LandUserKind.HOUSEHOLD, LandUserKind.INDIVIDUAL)
            and any(
                plans[i].code == "ONT"
                and measured[parcels[i]][0] >= Decimal("0.7") * measured[parcels[i]][2]
                for i, _t, _s in d.holdings
            )
            and rng.random() < 0.25
        )
        users.append(
            (
                user_id,
                project.id,
                d.kind,
                d.name,
                d.representative,
                d.members,
                d.address,
                d.phone,
                code,
                eligible,
                "",
            )
        )
        if d.person is not None and d.kind in (LandUserKind.HOUSEHOLD, LandUserKind.INDIVIDUAL):
            sensitive.append(
                (
                    user_id,
                    ids.citizen_id(d.person),
                    d.person.ethnicity,
                    list(d.vulnerabilities),
                    "Khuyết tật vận động, cần hỗ trợ đi lại"
                    if Vulnerability.DISABLED in d.vulnerabilities
                    else "",
                    f"Agribank {rng.randrange(10**12, 10**13)}" if rng.random() < 0.5 else "",
                )
            )
        for i, tenure, share in d.holdings:
            recovered, legal, _geometric = measured[parcels[i]]
            holdings.append((user_id, parcels[i], tenure, share, min(recovered, legal)))
    holding_ids = new_ids("landcases_holding", len(holdings))
    copy_rows("landcases_landuser", LAND_USER_COLUMNS, users)
    copy_rows("landcases_landusersensitive", SENSITIVE_COLUMNS, sensitive)
    copy_rows(
        "landcases_holding",
        HOLDING_COLUMNS,
        ((h, *row) for h, row in zip(holding_ids, holdings, strict=True)),
    )
    copy_history(LandUser, user_ids, actor=actor, reason=REASON)
    copy_history(LandUserSensitive, [s[0] for s in sensitive], actor=actor, reason=REASON)
    copy_history(Holding, holding_ids, actor=actor, reason=REASON)
    land_users_index_names(project_id=project.id)
    registers_changed(project_id=project.id, parcels=parcels, land_users=user_ids)
    analyze("landcases_landuser", "landcases_landusersensitive", "landcases_holding")
    return len(drafts), len(holdings)
