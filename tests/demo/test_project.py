"""The demo project's registers: real shapes from the repository, written by the generators'
bulk path with the histories the services would write, consistent, and the same for the same
seed."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum

from demo import project as demo
from demo import sources
from demo.project.layout import layout_parcels
from demo.project.places import REASON
from landcases.models import (
    AdministrativeUnit,
    Holding,
    LandUser,
    LandUserSensitive,
    Parcel,
    Project,
    ProjectArea,
    ProjectMembership,
    RegisterChange,
    Role,
    UnitLevel,
)

pytestmark = pytest.mark.django_db

N = 100
PASSWORD = "mat-khau-mau-1"


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Project,
            ProjectArea,
            Parcel,
            LandUser,
            LandUserSensitive,
            Holding,
            AdministrativeUnit,
            ProjectMembership,
            get_user_model(),
        )
    }


def fingerprint(project):
    parcels = Parcel.objects.filter(project=project).order_by(
        "commune_at_survey__code", "map_kind", "sheet_no", "parcel_no"
    )
    return (
        [(p.label, p.land_use_id, p.legal_area_m2, bytes(p.geom.wkb)) for p in parcels],
        list(
            LandUser.objects.filter(project=project)
            .order_by("lookup_code")
            .values_list("name", "lookup_code", "resettlement_eligible")
        ),
        sorted(
            Holding.objects.filter(parcel__project=project).values_list(
                "land_user__lookup_code", "parcel__sheet_no", "parcel__parcel_no", "share_pct"
            )
        ),
    )


def check_consistent(result):
    project = result.project
    assert result.created
    parcels = Parcel.objects.filter(project=project)
    assert parcels.count() == N == result.counts["parcels"]

    # The attribution of the real shapes travels with the data.
    assert "DGFiP / Etalab" in project.purpose and "Licence Ouverte 2.0" in project.purpose
    assert project.source_srid == 9218
    assert project.boundary.valid and project.chainage_line is not None
    assert project.rule_packs == ["vn-2024", "democracy-3406", "complaints-2011", "lender-ess5"]

    # Geometry: valid multipolygons that the recovery boundary crosses, measured in PostGIS,
    # surveyed in VN-2000.
    assert not parcels.filter(geom__isvalid=False).exists()
    assert parcels.filter(geom__intersects=project.boundary).count() == N
    assert set(parcels.values_list("source_srid", flat=True)) == {9218}
    for parcel in parcels:
        assert parcel.geom.geom_type == "MultiPolygon"
        assert parcel.geometric_area_m2 > 0
        assert 0 < parcel.recovered_area_m2 <= parcel.geometric_area_m2
    assert parcels.exclude(area=None).count() == N
    assert ProjectArea.objects.filter(project=project).count() == 4

    # Written as the services would: every register row has its history (who, why), and the
    # case record is told what changed.
    board = get_user_model().objects.get(username="canbo.ban")
    for model in (Parcel, LandUser, Holding):
        rows = model.objects.filter(
            **({"parcel__project": project} if model is Holding else {"project": project})
        )
        history = model.history.filter(id__in=rows.values("id"), history_type="+")
        assert history.count() == rows.count()
        assert set(history.values_list("history_user", "history_change_reason")) == {
            (board.id, REASON)
        }
    changed = {p for c in RegisterChange.objects.filter(project=project) for p in c.parcels}
    assert changed == set(parcels.values_list("id", flat=True))

    # Natural keys are unique; every commune at survey was in force then and has a successor.
    keys = list(parcels.values_list("commune_at_survey", "map_kind", "sheet_no", "parcel_no"))
    assert len(set(keys)) == len(keys)
    for parcel in parcels.select_related("commune_at_survey__successor"):
        commune = parcel.commune_at_survey
        assert commune.level == UnitLevel.COMMUNE
        assert commune.valid_on(parcel.survey_date)
        assert parcel.survey_date < date(2025, 7, 1)
        now = commune.current()
        assert now != commune and now.valid_from == date(2025, 7, 1)
        assert now.parent.code == "68"
    successors = AdministrativeUnit.objects.filter(
        predecessors__in=parcels.values("commune_at_survey")
    ).annotate(n=Count("predecessors", distinct=True))
    assert max(s.n for s in successors) >= 2  # two old communes merged into one

    # Land users and holdings.
    land_users = LandUser.objects.filter(project=project)
    kinds = set(land_users.values_list("kind", flat=True))
    assert len(kinds) >= 3 and "household" in kinds
    assert land_users.values("lookup_code").distinct().count() == land_users.count()
    held = parcels.annotate(n=Count("holdings"), total=Sum("holdings__share_pct"))
    assert held.filter(n=2).exists()
    assert not held.filter(total__gt=100).exists()
    assert held.filter(n=0).count() < N // 10
    for holding in Holding.objects.filter(parcel__project=project).select_related("parcel"):
        parcel = holding.parcel
        assert holding.affected_area_m2 == min(parcel.recovered_area_m2, parcel.legal_area_m2)
    households = land_users.filter(kind="household")
    assert LandUserSensitive.objects.filter(land_user__in=households).count() == households.count()
    for sensitive in LandUserSensitive.objects.filter(land_user__project=project):
        assert len(sensitive.citizen_id) == 12 and sensitive.citizen_id.startswith("060")

    # One login per role, plus the existing demo administrator as board staff.
    roles = dict(
        ProjectMembership.objects.filter(project=project).values_list("user__username", "role")
    )
    assert set(roles.values()) == set(Role.values)
    assert roles["demo"] == Role.BOARD_STAFF
    assert board.check_password(PASSWORD)


def test_the_demo_project_is_consistent_and_the_same_for_the_same_seed():
    get_user_model().objects.create_user(username="demo", password="x")
    prints = []
    for attempt in range(2):
        layout_parcels.cache_clear()  # the layout itself is computed again
        with transaction.atomic():
            result = demo.build_demo_project(max_parcels=N, password=PASSWORD)
            if attempt == 0:
                check_consistent(result)
            prints.append(fingerprint(result.project))
            transaction.set_rollback(True)
    assert prints[0] == prints[1]


def test_command_runs_once_and_then_changes_nothing():
    out = StringIO()
    call_command("demo_project", parcels=40, password=PASSWORD, stdout=out)
    assert "created" in out.getvalue() and "canbo.xa" in out.getvalue()
    before = counts()

    again = StringIO()
    call_command("demo_project", parcels=40, password="khac", force=True, stdout=again)
    assert counts() == before
    assert "already exists" in again.getvalue()
    assert "deletes nothing" in again.getvalue()
    assert get_user_model().objects.get(username="xem").check_password(PASSWORD)


def test_the_shapes_come_from_the_repository(tmp_path, monkeypatch):
    assert sources.DATA_DIR.is_relative_to(Path(__file__).resolve().parents[2])
    assert len(sources.polygon_features(sources.EPINAY)) == 4241
    assert len(sources.polygon_features(sources.PARIS_18)) == 6821
    monkeypatch.setattr(sources, "DATA_DIR", tmp_path)
    with pytest.raises(CommandError, match="demo/data"):
        call_command("demo_project", parcels=N, password=PASSWORD, stdout=StringIO())
    assert not Project.objects.filter(code=demo.PROJECT_CODE).exists()
