"""Each vocabulary is defined once (consultations/rules/vocabulary.py, the catalogue, the land
groups of landcases/land_use_codes.py) and every other place takes it from there."""

import re
from pathlib import Path

from django.db import connection

from consultations.models import Case, Event
from consultations.rules import vocabulary as v
from consultations.rules.catalog import EVENT_KINDS, KINDS
from consultations.vocabulary import FIELD_LABELS, KIND_LABELS, LABELS
from landcases.land_use_codes import GROUPS
from landcases.models import LandUseCode
from maps import filters

ROOT = Path(__file__).resolve().parent.parent


def test_labels_cover_each_vocabulary_exactly():
    for name, codes in v.VOCABULARIES.items():
        assert list(LABELS[name]) == list(codes) or set(LABELS[name]) == set(codes), name
    assert set(KIND_LABELS) == set(EVENT_KINDS)
    assert {n for k in KINDS.values() for n in k.fields} == set(FIELD_LABELS)


def test_models_and_filters_take_their_choices_from_the_vocabulary():
    assert [c for c, _ in Case._meta.get_field("stage").choices] == list(v.STAGES)
    assert [c for c, _ in Case._meta.get_field("opinion").choices] == list(v.OPINIONS)
    assert [c for c, _ in Event._meta.get_field("kind").choices] == list(EVENT_KINDS)
    assert [c for c, _ in LandUseCode._meta.get_field("group").choices] == list(GROUPS)
    assert filters.OPINIONS is v.OPINIONS and filters.OVERLAYS is v.OVERLAYS
    assert filters.LAND_GROUPS is GROUPS and filters.RANK is v.RANK


def test_the_database_knows_exactly_the_catalogues_kinds(db):
    with connection.cursor() as cur:
        cur.execute(
            "select pg_get_constraintdef(oid) from pg_constraint where conname = 'event_kind_known'"
        )
        definition = cur.fetchone()[0]
    assert set(re.findall(r"'([a-z_]+)'", definition)) == set(EVENT_KINDS)


def test_no_second_copy_of_the_stage_colours_or_codes_in_static_files():
    colours = {c.lower() for c in v.STAGE_COLOURS.values()} | {v.DISAGREE_OUTLINE.lower()}
    for path in [*(ROOT / "static" / "js").glob("*.js"), *(ROOT / "static" / "css").glob("*.css")]:
        text = path.read_text(encoding="utf-8").lower()
        for colour in colours:
            assert colour not in text, f"{path.name} repeats the colour {colour}"
        for stage in v.STAGES[1:]:
            assert f"stage-{stage}" not in text, f"{path.name} names stage {stage}"


def test_templates_take_overlay_and_stage_options_from_the_page():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for overlay in v.OVERLAYS:
            assert f'value="{overlay}"' not in text, f"{path} lists overlay {overlay}"
        assert "stage-identified" not in text and 'class="swatch stage-' not in text, path
