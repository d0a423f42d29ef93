"""The progress map's endpoints: tiles (decoded), counts, replay, popups, 400s, the gate."""

from datetime import timedelta

import mapbox_vector_tile
import mercantile
import pytest
from django.urls import reverse

from consultations.projection import apply_register_changes
from landcases.models import Role
from maps.tiles import Tile
from tests.consultations.factories import D, make_world
from tests.consultations.record import meeting, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    viewer = make_user("xem")
    actor, project, area, cases = make_world(4, members=[(viewer, Role.VIEWER)])
    kw = {"project": project, "actor": actor}
    record("notice_delivered", **kw, case=cases[0], on=D, method="post", signed=True)
    record("notice_delivered", **kw, case=cases[1], on=D + timedelta(days=20), method="post")
    meeting(
        **kw,
        area=area,
        on=D + timedelta(days=40),
        place_name="UBND",
        attendees=[cases[2]],
        outcomes=[(cases[2], "disagree")],
    )
    return actor, viewer, project, area, cases


def tile_of(parcel, z=16):
    c = parcel.geom.centroid
    t = mercantile.tile(c.x, c.y, z)
    return Tile(z, t.x, t.y)


def decode(content):
    return mapbox_vector_tile.decode(content).get("parcels", {}).get("features", [])


def test_tile_carries_ids_and_stages_only(client, world):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    parcel = cases[0].land_user.holdings.get().parcel
    t = tile_of(parcel)
    response = client.get(reverse("maps:tile", args=[project.code, t.z, t.x, t.y]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    features = {f["id"]: f["properties"] for f in decode(response.content)}
    assert features[parcel.id]["s"] == 1  # notified
    disagreeing = cases[2].land_user.holdings.get().parcel
    if disagreeing.id in features:
        assert features[disagreeing.id]["d"] == 1
    for props in features.values():
        assert set(props) <= {"s", "d", "ov"}  # no names, no personal data
    again = client.get(reverse("maps:tile", args=[project.code, t.z, t.x, t.y]))
    assert again["X-Tile-Cache"] == "hit" and again.content == response.content


def test_a_new_event_invalidates_cached_tiles(client, world):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    parcel = cases[3].land_user.holdings.get().parcel
    t = tile_of(parcel)
    url = reverse("maps:tile", args=[project.code, t.z, t.x, t.y])
    before = {f["id"]: f["properties"]["s"] for f in decode(client.get(url).content)}
    record(
        "inventory_done",
        project=project,
        actor=actor,
        case=cases[3],
        on=D + timedelta(days=50),
        participated=True,
    )
    response = client.get(url)
    after = {f["id"]: f["properties"]["s"] for f in decode(response.content)}
    assert response["X-Tile-Cache"] == "miss"
    assert before[parcel.id] == 0 and after[parcel.id] == 2


def test_replay_counts_change_with_the_day(client, world):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    url = reverse("maps:counts", args=[project.code])
    now = client.get(url).json()["totals"]
    assert now["notified"] == 2 and now["consulted"] == 1 and now["identified"] == 1
    early = client.get(url, {"day": (D + timedelta(days=10)).isoformat()}).json()["totals"]
    assert early["notified"] == 1 and early["identified"] == 3 and early["consulted"] == 0


def test_filters_narrow_the_counts(client, world):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    url = reverse("maps:counts", args=[project.code])
    assert sum(client.get(url, {"opinion": "disagree"}).json()["totals"].values()) == 1
    assert sum(client.get(url, {"stage": "notified"}).json()["totals"].values()) == 2
    assert sum(client.get(url, {"group": "non_agricultural"}).json()["totals"].values()) == 0


@pytest.mark.parametrize(
    "path,params,needle",
    [
        ("tile", {"z": 23, "x": 0, "y": 0}, "lưới"),
        ("tile", {"z": 16, "x": 70000, "y": 0}, "lưới"),
        ("counts", {"stage": "bogus"}, "bogus"),
        ("counts", {"opinion": "maybe"}, "maybe"),
        ("counts", {"area": "x"}, "x"),
        ("counts", {"day": "2020-01-01"}, "01/01/2020"),
        ("counts", {"day": "not-a-day"}, "not-a-day"),
        ("layers", {"bbox": "109,11,108,10"}, "bbox"),
        ("layers", {"bbox": "1,2,3"}, "bbox"),
        ("parcel_at", {"lat": "abc", "lng": "1"}, "lat"),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, world, path, params, needle):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    if path == "tile":
        url = reverse("maps:tile", args=[project.code, params["z"], params["x"], params["y"]])
        response = client.get(url)
    else:
        response = client.get(reverse(f"maps:{path}", args=[project.code]), params)
    assert response.status_code == 400
    assert needle in response.content.decode()


def test_click_popup_names_only_for_roles_allowed(client, world):
    actor, viewer, project, area, cases = world
    parcel = cases[2].land_user.holdings.get().parcel
    point = parcel.geom.point_on_surface
    url = reverse("maps:parcel_at", args=[project.code])
    params = {"lat": point.y, "lng": point.x}
    client.force_login(actor)
    body = client.get(url, params).json()
    assert body["id"] == parcel.id and body["land_users"][0]["name"] == "Hộ số 3"
    assert body["land_users"][0]["stage"] == "consulted"
    client.force_login(viewer)
    body = client.get(url, params).json()
    assert "Hộ số" not in str(body)
    early = client.get(url, {**params, "day": (D + timedelta(days=10)).isoformat()}).json()
    assert early["land_users"][0]["stage"] == "identified"
    assert client.get(url, {"lat": 0, "lng": 0}).status_code == 404


def test_strangers_get_404_everywhere(client, world):
    actor, viewer, project, area, cases = world
    client.force_login(make_user("nguoi-la"))
    for name, args in (
        ("progress_map", []),
        ("counts", []),
        ("layers", []),
        ("parcel_at", []),
        ("tile", [16, 1, 1]),
    ):
        assert (
            client.get(
                reverse(f"maps:{name}", args=[project.code, *args]), {"lat": 1, "lng": 1}
            ).status_code
            == 404
        )


def test_layers_and_page(client, world, django_assert_max_num_queries):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    data = client.get(reverse("maps:layers", args=[project.code])).json()
    assert data["boundary"]["geometry"]["type"] == "MultiPolygon"
    assert data["meetings"]["features"][0]["properties"]["attendees"] == 1
    with django_assert_max_num_queries(12):
        page = client.get(reverse("maps:progress_map", args=[project.code]))
    assert page.status_code == 200
    assert 'data-count="notified">2<' in page.content.decode()


def test_tile_query_can_use_the_spatial_index(world):
    """Tiles compare the stored Web Mercator column with the tile envelope: over a few
    thousand parcels the planner reaches a tile's parcels through the GiST index (a
    transformed column could not use one)."""
    from django.db import connection

    from maps import sql
    from maps.filters import MapQuery

    actor, viewer, project, area, cases = world
    first = cases[0].land_user.holdings.get().parcel
    t = tile_of(first)
    params = {"project": project.id, "z": t.z, "x": t.x, "y": t.y, **MapQuery().sql_params()}
    with connection.cursor() as cur:
        # Enough parcels (copies of one, 40 m apart on a 60×60 grid) and fresh statistics, so
        # that the plan cannot flip to the primary key of a tiny table (it once did).
        cur.execute(
            """
            insert into landcases_parcel (project_id, area_id, commune_at_survey_id, survey_date,
                map_kind, sheet_no, parcel_no, land_use_id, legal_area_m2, geometric_area_m2,
                recovered_area_m2, certificate_no, origin, address, geom, geom_web, source_srid)
            select p.project_id, p.area_id, p.commune_at_survey_id, p.survey_date, p.map_kind,
                   'g', (i * 60 + j)::text, p.land_use_id, p.legal_area_m2, p.geometric_area_m2,
                   p.recovered_area_m2, '', '', '',
                   ST_Transform(ST_Translate(p.geom_web, 40 * i, 40 * j), 4326),
                   ST_Translate(p.geom_web, 40 * i, 40 * j), p.source_srid
            from landcases_parcel p, generate_series(1, 60) i, generate_series(1, 60) j
            where p.id = %s
            """,
            [first.id],
        )
        cur.execute("analyze landcases_parcel")
        cur.execute("analyze consultations_parcelstage")
        cur.execute("explain " + sql.tile_sql(replay=False), params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "landcases_parcel_geom_web" in plan, plan


def test_register_edits_reach_the_map(client, world):
    """A parcel or holding added through the register services reaches the map once its
    register change is applied (by the worker, on commit; here called directly)."""
    from decimal import Decimal

    from landcases import services as registers
    from tests.factories import make_parcel

    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    url = reverse("maps:counts", args=[project.code])
    before = client.get(url).json()["totals"]
    parcel = make_parcel(project, area.commune, actor=actor, no="99", dx=300, area=area)
    apply_register_changes(project_id=project.id)  # what the worker does on commit
    after_parcel = client.get(url).json()["totals"]
    assert after_parcel["identified"] == before["identified"] + 1
    registers.holding_create(
        land_user=cases[0].land_user,
        parcel=parcel,
        actor=actor,
        tenure="co_user",
        share_pct=Decimal(50),
        affected_area_m2=Decimal(1),
    )
    apply_register_changes(project_id=project.id)
    after_holding = client.get(url).json()["totals"]
    assert after_holding["notified"] == before["notified"] + 1  # the holder was notified
    assert after_holding["identified"] == before["identified"]


def test_huge_ids_are_a_400_not_a_500(client, world):
    actor, viewer, project, area, cases = world
    client.force_login(viewer)
    response = client.get(reverse("maps:counts", args=[project.code]), {"area": str(10**30)})
    assert response.status_code == 400
    client.force_login(actor)
    meeting = reverse("consultations:meeting", args=[project.code])
    assert client.get(meeting, {"area": "abc"}).status_code == 200  # the area picker
    assert client.get(meeting, {"area": str(10**30)}).status_code == 200


def test_a_parcel_matches_an_opinion_by_its_least_advanced_case(client):
    """A parcel held by two: A disagreed (consulted), B disagreed then agreed in a dialogue
    (in dialogue, further along). The parcel stands where A stands: it matches "disagree" and
    not "agree"; B's own parcel matches "agree". Today and in a replay."""
    from decimal import Decimal

    from landcases import services as registers

    actor, project, area, (a, b) = make_world(2)
    holding = a.land_user.holdings.get()
    shared = holding.parcel
    registers.holding_update(
        holding=holding, actor=actor, reason="đồng sử dụng", share_pct=Decimal(50)
    )
    registers.holding_create(
        land_user=b.land_user,
        parcel=shared,
        actor=actor,
        tenure="co_user",
        share_pct=Decimal(50),
        affected_area_m2=Decimal(5),
    )
    apply_register_changes(project_id=project.id)
    kw = {"project": project, "actor": actor}
    meeting(**kw, area=area, on=D, attendees=[a, b], outcomes=[(a, "disagree"), (b, "disagree")])
    meeting(
        **kw,
        area=area,
        on=D + timedelta(days=20),
        kind="dialogue",
        attendees=[b],
        outcomes=[(b, "agree")],
    )
    client.force_login(actor)
    url = reverse("maps:counts", args=[project.code])
    for extra in ({}, {"day": (D + timedelta(days=30)).isoformat()}):
        agree = client.get(url, {"opinion": "agree", **extra}).json()["totals"]
        disagree = client.get(url, {"opinion": "disagree", **extra}).json()["totals"]
        assert sum(agree.values()) == 1 and agree["in_dialogue"] == 1, extra  # B's own parcel
        assert sum(disagree.values()) == 1 and disagree["consulted"] == 1, extra  # the shared one
    t = tile_of(shared)
    features = decode(client.get(reverse("maps:tile", args=[project.code, t.z, t.x, t.y])).content)
    mark = {f["id"]: f["properties"] for f in features}[shared.id]
    assert mark["s"] == 4 and mark["d"] == 1  # consulted, outlined: a holder disagrees
