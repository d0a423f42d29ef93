"""The household list as a workbook (landcases/xlsx.py, streamed): one row per holding — each
land user with every parcel they hold, its tenure, share and affected area — and the stage of
their case; a land user holding nothing has one row of their own.

Columns by role: names, representative, address, phone and lookup code only for roles that may
read names (Can.READ_PERSONAL); citizen ID, ethnicity and vulnerabilities only for roles that
may read sensitive data, only when asked with a purpose, read through the gate that logs each
record read (landcases.access.read_sensitive_of_project)."""

from collections.abc import Iterator

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landcases.models import LandUserKind, Tenure, Vulnerability
from landcases.xlsx import Column, Sheet, stream_workbook

from .consent_export import _Labels
from .rules.vocabulary import OVERLAYS

_SQL = """
    select lu.id, lu.kind, lu.lookup_code, lu.name, lu.representative, lu.members, lu.address,
           lu.phone, lu.resettlement_eligible, coalesce(c.stage, 'identified'),
           coalesce(c.opinion, ''), coalesce(c.overlays, '{}'), pa.id, pa.sheet_no,
           pa.parcel_no, u.name, pa.land_use_id, pa.legal_area_m2, h.tenure, h.share_pct,
           h.affected_area_m2
    from landcases_landuser lu
    left join consultations_case c on c.land_user_id = lu.id
    left join landcases_holding h on h.land_user_id = lu.id
    left join landcases_parcel pa on pa.id = h.parcel_id
    left join landcases_administrativeunit u on u.id = pa.commune_at_survey_id
    where lu.project_id = %(project)s
    order by lu.id, pa.sheet_no, pa.parcel_no, pa.id
"""


def household_sheet(*, with_names: bool, with_sensitive: bool) -> Sheet:
    columns = [
        Column("id", _("Land user #"), "int", width=10),
        Column("kind", _("Kind"), width=16),
    ]
    if with_names:
        columns += [
            Column("code", _("Lookup code"), width=14),
            Column("name", _("Name"), width=30),
            Column("representative", _("Head / representative"), width=24),
            Column("address", _("Address"), width=30),
            Column("phone", _("Phone"), width=14),
        ]
    columns += [Column("members", _("Household members"), "int", width=10)]
    if with_sensitive:
        columns += [
            Column("citizen_id", _("Citizen ID (CCCD)"), width=14),
            Column("ethnicity", _("Ethnicity"), width=12),
            Column("vulnerabilities", _("Vulnerability"), width=24),
        ]
    columns += [
        Column("resettlement", _("Eligible for resettlement"), "bool", width=10),
        Column("stage", _("Stage"), width=16),
        Column("opinion", _("Opinion on the plan"), width=14),
        Column("overlays", _("Overlays"), width=18),
        Column("parcel_id", _("Parcel #"), "int", width=10),
        Column("parcel", _("Sheet / parcel"), width=12),
        Column("commune", _("Commune at survey"), width=20),
        Column("land_use", _("Land-use code"), width=8),
        Column("legal_m2", _("Legal area (m²)"), "decimal", width=12),
        Column("tenure", _("Tenure"), width=18),
        Column("share", _("Share (%)"), "decimal", width=8),
        Column("affected_m2", _("Affected area (m²)"), "decimal", width=12),
    ]
    return Sheet(_("Households"), columns)


def household_lines(project, *, with_names: bool, sensitive: dict | None) -> Iterator[list]:
    """The rows of the sheet; `sensitive` is what the gate answered (None: no such columns)."""
    kinds = {k: str(v) for k, v in LandUserKind.choices}
    tenures = {k: str(v) for k, v in Tenure.choices}
    vulnerabilities = {k: str(v) for k, v in Vulnerability.choices}
    stages, opinions, overlays = _Labels("stage"), _Labels("opinion"), _Labels("overlay")
    with connection.cursor() as cur:
        cur.execute(_SQL, {"project": project.id})
        while batch := cur.fetchmany(5000):
            for r in batch:
                line: list = [r[0], kinds.get(r[1], r[1])]
                if with_names:
                    line += [r[2], r[3], r[4], r[6], r[7]]
                line.append(r[5])
                if sensitive is not None:
                    s = sensitive.get(r[0])
                    line += (
                        [
                            s.citizen_id,
                            s.ethnicity,
                            ", ".join(vulnerabilities.get(v, v) for v in s.vulnerabilities),
                        ]
                        if s is not None
                        else ["", "", ""]
                    )
                line += [
                    r[8],
                    stages[r[9]],
                    opinions[r[10]] if r[10] else "",
                    ", ".join(overlays[o] for o in r[11] if o in OVERLAYS),
                    r[12],
                    f"{r[13]}/{r[14]}" if r[12] is not None else "",
                    r[15],
                    r[16],
                    r[17],
                    tenures.get(r[18], r[18]) if r[18] else "",
                    r[19],
                    r[20],
                ]
                yield line


def household_workbook(project, *, with_names: bool, sensitive: dict | None, out=None) -> bytes:
    sheet = household_sheet(with_names=with_names, with_sensitive=sensitive is not None)
    lines = household_lines(project, with_names=with_names, sensitive=sensitive)
    return stream_workbook([(sheet, lines)], out=out)


def export_name(project) -> str:
    return f"danh-sach-ho-{project.code}-{timezone.localdate():%Y%m%d}.xlsx"
