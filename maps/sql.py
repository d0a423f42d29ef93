"""The map's SQL. Composed from constants only; every user value travels as a parameter.

Tiles filter the stored Web Mercator column (landcases_parcel.geom_web) with the tile envelope
itself, so its GiST index is used and no geometry is transformed per request; point and bbox
queries transform the envelope, never the column (notes.md).
"""

# The parcels under a filter, as they stood on %(day)s (a replay): the least advanced stage
# of the cases holding each (domain.md: a parcel with no land user yet is `identified`), the
# opinions of the cases at that stage (a parcel matches an opinion by its least advanced case),
# whether any holder disagrees, and the holders' overlays — as the parcel-stage projection
# keeps them for today.
_REPLAY_STAGE = """
    select pa.id, pa.geom_web, pa.area_id, st.rank, st.opinions, st.disagree, st.overlays
    from landcases_parcel pa
    join landcases_landusecode lu on lu.code = pa.land_use_id
    cross join lateral (
        with x as (
            select coalesce(si.stage_rank, 0) as rank, coalesce(si.opinion, '') as opinion,
                   coalesce(si.overlays, '{{}}') as overlays
            from landcases_holding h
            left join consultations_case c on c.land_user_id = h.land_user_id
            left join consultations_stageinterval si on si.case_id = c.id
                 and si.valid_from <= %(day)s and (si.valid_to is null or si.valid_to > %(day)s)
            where h.parcel_id = pa.id
        ), m as (select coalesce(min(rank), 0) as least from x)
        select m.least as rank,
               coalesce((select array_agg(distinct x.opinion) from x
                         where x.rank = m.least and x.opinion <> ''), '{{}}') as opinions,
               coalesce((select bool_or(x.opinion = 'disagree') from x), false) as disagree,
               coalesce((select array_agg(distinct ov) from x, unnest(x.overlays) ov),
                        '{{}}') as overlays
        from m
    ) st
    where pa.project_id = %(project)s {spatial}
      and (%(area)s::bigint is null or pa.area_id = %(area)s)
      and (%(land_group)s = '' or lu."group" = %(land_group)s)
      and (%(commune)s::bigint is null or pa.commune_at_survey_id in (
            select u.id from landcases_administrativeunit u
            where u.id = %(commune)s or u.successor_id = %(commune)s))
"""
_STAGE_FILTER = """
    (cardinality(%(stages)s::int[]) = 0 or s.rank = any(%(stages)s::int[]))
    and (%(opinion)s = '' or %(opinion)s = any(s.opinions))
    and (%(overlay)s = '' or %(overlay)s = any(s.overlays))
"""


# Today's stages come from the parcel-stage projection (one narrow row per parcel, kept by the
# writes: events and applied register changes): no join over holdings and cases. The register
# filters live in the parcel-stage row too.
_CURRENT_STAGE = """
    select pa.id, pa.geom_web, pa.area_id, coalesce(ps.stage_rank, 0) as rank,
           coalesce(ps.opinions, '{{}}') as opinions, coalesce(ps.disagree, false) as disagree,
           coalesce(ps.overlays, '{{}}') as overlays
    from landcases_parcel pa
    left join consultations_parcelstage ps on ps.parcel_id = pa.id
    where pa.project_id = %(project)s {spatial} {filters}
"""
_REGISTER_FILTERS = {
    "area": "and pa.area_id = %(area)s",
    "land_group": "and ps.land_group = %(land_group)s",
    "commune": """and ps.commune_id in (select u.id from landcases_administrativeunit u
                  where u.id = %(commune)s or u.successor_id = %(commune)s)""",
}


def parcel_stages(*, replay: bool, spatial: str = "", used=()) -> str:
    """`used`: the register filters the query sets (the others cost nothing)."""
    if replay:
        return _REPLAY_STAGE.format(spatial=spatial)
    filters = " ".join(_REGISTER_FILTERS[name] for name in used)
    return _CURRENT_STAGE.format(spatial=spatial, filters=filters)


def tile_sql(*, replay: bool, used=()) -> str:
    stages = parcel_stages(
        replay=replay, spatial="and pa.geom_web && (select e from env)", used=used
    )
    return f"""
        with env as (
            select ST_TileEnvelope(%(z)s, %(x)s, %(y)s) as e
        ),
        s as ({stages})
        select ST_AsMVT(t, 'parcels', 4096, 'g', 'id') from (
            select s.id, s.rank as s,
                   s.disagree::int as d,
                   array_to_string(s.overlays, ',') as ov,
                   ST_AsMVTGeom(s.geom_web, (select e from env), 4096, 64, true) as g
            from s
            where {_STAGE_FILTER}
        ) t
    """  # noqa: S608


def raw_tile_sql() -> str:
    """The bare ST_AsMVT of the parcels of a tile: the baseline of the tile benchmark."""
    return """
        with env as (select ST_TileEnvelope(%(z)s, %(x)s, %(y)s) as e)
        select ST_AsMVT(t, 'parcels', 4096, 'g', 'id') from (
            select pa.id, ST_AsMVTGeom(pa.geom_web, env.e, 4096, 64, true) as g
            from landcases_parcel pa, env
            where pa.project_id = %(project)s and pa.geom_web && env.e
        ) t
    """


def area_counts_sql(*, replay: bool) -> str:
    """Parcels per (area, stage) under the filters: the legend and the aggregated layer.
    Today's counts read only the narrow parcel-stage rows, never the parcels' geometries."""
    if not replay:
        return f"""
            select s.area_id, s.rank, count(*) from (
                select ps.area_id, ps.stage_rank as rank, ps.opinions, ps.overlays
                from consultations_parcelstage ps
                where ps.project_id = %(project)s
                  and (%(area)s::bigint is null or ps.area_id = %(area)s)
                  and (%(land_group)s = '' or ps.land_group = %(land_group)s)
                  and (%(commune)s::bigint is null or ps.commune_id in (
                        select u.id from landcases_administrativeunit u
                        where u.id = %(commune)s or u.successor_id = %(commune)s))
            ) s where {_STAGE_FILTER}
            group by s.area_id, s.rank
        """  # noqa: S608
    return f"""
        with s as ({parcel_stages(replay=replay)})
        select s.area_id, s.rank, count(*) from s where {_STAGE_FILTER}
        group by s.area_id, s.rank
    """  # noqa: S608


AREAS_GEOJSON_SQL = """
    select coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', a.id,
        'geometry', ST_AsGeoJSON(a.geom, 6)::json,
        'properties', json_build_object('id', a.id, 'code', a.code, 'name', a.name)
    ) order by a.id), '[]'::json)
    from landcases_projectarea a
    where a.project_id = %(project)s and a.geom is not null
"""

BOUNDARY_GEOJSON_SQL = """
    select ST_AsGeoJSON(boundary, 6)::json from landcases_project where id = %(project)s
"""

MEETINGS_GEOJSON_SQL = """
    select coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', e.id,
        'geometry', json_build_object('type', 'Point', 'coordinates', e.payload -> 'place'),
        'properties', json_build_object(
            'id', e.id, 'kind', e.payload ->> 'meeting_kind', 'day', e.happened_on,
            'place', case when %(names)s then coalesce(t.text, '') else '' end, 'attendees',
            jsonb_array_length(coalesce(e.payload -> 'cases', '[]'::jsonb)))
    ) order by e.happened_on), '[]'::json)
    from consultations_event e
    left join consultations_freetext t on t.id = (e.payload ->> 'place_name_text')::bigint
    where e.project_id = %(project)s and e.kind = 'meeting' and not e.is_void
      and not exists (select 1 from consultations_event n where n.supersedes_id = e.id)
      and (%(day)s::date is null or e.happened_on <= %(day)s)
      and (%(bbox)s::float8[] is null or ST_Intersects(
            ST_SetSRID(ST_MakePoint((e.payload -> 'place' ->> 0)::float8,
                                    (e.payload -> 'place' ->> 1)::float8), 4326),
            ST_MakeEnvelope((%(bbox)s::float8[])[1], (%(bbox)s::float8[])[2],
                            (%(bbox)s::float8[])[3], (%(bbox)s::float8[])[4], 4326)))
"""

PARCEL_AT_SQL = """
    select pa.id from landcases_parcel pa
    where pa.project_id = %(project)s
      and pa.geom && ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326)
      and ST_Intersects(pa.geom, ST_SetSRID(ST_MakePoint(%(lng)s, %(lat)s), 4326))
    order by ST_Area(pa.geom) limit 1
"""

FIRST_DAY_SQL = """
    select least(
        (select min(happened_on) from consultations_event where project_id = %(project)s),
        (select cutoff_date from landcases_project where id = %(project)s))
"""
