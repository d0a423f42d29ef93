"""Every pack file loads and is complete; selection by the step's date; overrides."""

from datetime import date

import pytest

from consultations.rules.overrides import OverrideError, for_project, parse_overrides
from consultations.rules.packs import (
    RULE_CODES,
    STATUSES,
    UNIT_TYPES,
    PackError,
    default_packs,
    governing,
    listed,
    parse_pack,
)

PACKS = default_packs()
VN_BOTH = {
    "NOTICE-DELIVERED", "NOTICE-POSTED", "NOTICE-LEAD-TIME", "INVENTORY-DONE",
    "INVENTORY-PERSUASION", "PLAN-POSTING", "PLAN-CONSULTED", "MINUTES-SIGNED", "OPINION-TALLY",
    "DIALOGUE-HELD", "PLAN-APPROVED", "DECISION-DELIVERED", "PAYMENT-DEADLINE",
    "PAID-BEFORE-HANDOVER", "ENFORCEMENT-PRECONDITIONS",
}  # fmt: skip
VN_2024_ONLY = {
    "NOTICE-PRE-MEETING",
    "NOTICE-VALIDITY",
    "RECOVERY-TIMING",
    "RESETTLE-BEFORE-RECOVERY",
}
# rules.md "Rules": the packs in which each code applies ("—" in the vn-2013 column: not there).
EXPECTED = {
    "vn-2024": VN_BOTH | VN_2024_ONLY,
    "vn-2026": VN_BOTH | VN_2024_ONLY,
    "vn-2013": VN_BOTH,
    "democracy-3406": {"DEM-DISCLOSURE", "DEM-FRONT-PRESENT"},
    "complaints-2011": {"GRV-ACCEPT", "GRV-RESOLVE"},
    "lender-ess5": {"LND-CUTOFF", "LND-VULNERABLE", "LND-FPIC"},
}


def test_the_six_packs_hold_each_code_where_rules_md_says():
    assert set(PACKS) == set(EXPECTED)
    for pid, codes in EXPECTED.items():
        assert set(PACKS[pid].rules) == codes, pid
    every = [c for p in PACKS.values() if p.id != "vn-2026" for c in p.rules]
    assert sorted(set(every)) == sorted(RULE_CODES) and len(RULE_CODES) == 26


def test_every_parameter_has_a_unit_and_every_value_a_reference_with_a_status():
    for pack in PACKS.values():
        for entry in pack.rules.values():
            assert entry.basis and all(b.status in STATUSES for b in entry.basis)
            assert entry.severity in ("critical", "major", "minor")
            for param in [*entry.parameters.values(), *pack.parameters.values()]:
                assert param.unit in UNIT_TYPES
                for v in param.values:
                    if v.value is not None:
                        assert v.reference is not None and v.reference.status in STATUSES


def test_vn_2026_changes_only_the_three_numbers():
    old, new = PACKS["vn-2024"], PACKS["vn-2026"]
    changed = {
        (code, name)
        for code, entry in new.rules.items()
        for name, p in entry.parameters.items()
        if p != old.rules[code].parameters[name]
    }
    assert changed == {
        ("NOTICE-LEAD-TIME", "agricultural_days"),
        ("NOTICE-LEAD-TIME", "non_agricultural_days"),
        ("PLAN-POSTING", "posting_days"),
        ("DIALOGUE-HELD", "dialogue_within_days"),
    }
    day = date(2026, 3, 1)
    lead = new.rules["NOTICE-LEAD-TIME"].parameters
    assert (
        lead["agricultural_days"].at(day).value,
        lead["non_agricultural_days"].at(day).value,
    ) == (60, 120)
    assert new.rules["PLAN-POSTING"].parameters["posting_days"].at(day).value == 10
    assert new.rules["DIALOGUE-HELD"].parameters["dialogue_within_days"].at(day).value == 30
    assert new.valid_from.value == date(2026, 1, 31) and new.valid_from.reference.status == "U"


def test_shapes_differ_under_2013():
    assert PACKS["vn-2013"].rules["PLAN-POSTING"].function == "plan_posting_concurrent"
    assert PACKS["vn-2013"].rules["PLAN-APPROVED"].function == "plan_approved_same_day"
    assert PACKS["vn-2013"].rules["PAYMENT-DEADLINE"].function == "payment_deadline_from_decision"
    assert PACKS["vn-2024"].rules["PLAN-POSTING"].function == "plan_posting"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 7, 31), "vn-2013"),
        (date(2024, 8, 1), "vn-2024"),
        (date(2026, 1, 30), "vn-2024"),
        (date(2026, 1, 31), "vn-2026"),
        (date(2014, 6, 30), None),
    ],
)
def test_the_selecting_date_chooses_the_national_pack(day, expected):
    candidates = listed(PACKS, ("vn-2013", "vn-2024", "vn-2026", "complaints-2011"))
    pack = governing(candidates, "NOTICE-LEAD-TIME", day)
    assert (pack.id if pack else None) == expected


def test_a_code_the_governing_pack_lacks_is_not_a_rule_for_that_step():
    candidates = listed(PACKS, ("vn-2013", "vn-2024"))
    assert governing(candidates, "RECOVERY-TIMING", date(2024, 5, 1)).id == "vn-2013"
    assert "RECOVERY-TIMING" not in PACKS["vn-2013"].rules
    # a project that lists only vn-2024 has no pack for a 2023 step
    assert governing(listed(PACKS, ("vn-2024",)), "PLAN-POSTING", date(2023, 5, 1)) is None


def test_other_packs_apply_whenever_listed_and_3406_says_its_end_is_unknown():
    candidates = listed(PACKS, ("vn-2024", "democracy-3406", "complaints-2011"))
    assert governing(candidates, "GRV-ACCEPT", date(2030, 1, 1)).id == "complaints-2011"
    dem = governing(candidates, "DEM-DISCLOSURE", date(2026, 5, 1))
    assert dem.id == "democracy-3406" and "Lâm Đồng" in dem.validity_note
    assert governing(candidates, "LND-CUTOFF", date(2026, 5, 1)) is None


def test_unknown_pack_is_an_error_naming_it():
    with pytest.raises(PackError, match="vn-2099"):
        listed(PACKS, ("vn-2024", "vn-2099"))


def test_a_value_dated_inside_the_pack_wins_over_the_pack_dates():
    data = {
        "pack": "x",
        "valid_from": {"value": date(2024, 8, 1), "reference": {"instrument": "x", "status": "V"}},
        "rules": {
            "GRV-ACCEPT": {
                "function": "grv_accept",
                "severity": "major",
                "selecting_date": "received_on",
                "basis": [{"instrument": "x", "status": "S"}],
                "parameters": {
                    "accept_within": {
                        "unit": "count",
                        "values": {
                            date(2020, 1, 1): {
                                "value": 10,
                                "reference": {"instrument": "a", "status": "S"},
                            },
                            date(2025, 1, 1): {
                                "value": 15,
                                "reference": {"instrument": "b", "status": "U"},
                            },
                            date(2026, 1, 1): {"value": None},
                        },
                    }
                },
            }
        },
    }
    p = parse_pack(data, origin="x.yaml", known={}).rules["GRV-ACCEPT"].parameters["accept_within"]
    assert p.at(date(2024, 9, 1)).value == 10
    assert p.at(date(2025, 6, 1)).value == 15
    assert p.at(date(2026, 6, 1)) is None  # a null ends it


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rules"].update({"NOTICE-FOO": {}}), "unknown rule code 'NOTICE-FOO'"),
        (lambda d: d["rules"]["GRV-ACCEPT"].update(severity="grave"), r"GRV-ACCEPT\.severity"),
        (lambda d: d["rules"]["GRV-ACCEPT"].pop("basis"), r"GRV-ACCEPT\.basis"),
        (
            lambda d: d["rules"]["GRV-ACCEPT"]["parameters"]["accept_within"].update(unit="weeks"),
            r"accept_within\.unit",
        ),
        (
            lambda d: d["rules"]["GRV-ACCEPT"]["parameters"]["accept_within"]["values"][
                date(2020, 1, 1)
            ].update(value=-3),
            r"accept_within\.values\.2020-01-01\.value: -3 is outside",
        ),
        (
            lambda d: d["rules"]["GRV-ACCEPT"]["parameters"]["accept_within"]["values"][
                date(2020, 1, 1)
            ]["reference"].pop("status"),
            r"2020-01-01\.reference\.status",
        ),
    ],
)
def test_malformed_packs_are_refused_naming_the_field(mutate, message):
    data = {
        "pack": "x",
        "valid_from": {"value": date(2020, 1, 1), "reference": {"instrument": "x", "status": "V"}},
        "rules": {
            "GRV-ACCEPT": {
                "function": "grv_accept",
                "severity": "major",
                "selecting_date": "received_on",
                "basis": [{"instrument": "x", "status": "S"}],
                "parameters": {
                    "accept_within": {
                        "unit": "count",
                        "values": {
                            date(2020, 1, 1): {
                                "value": 10,
                                "reference": {"instrument": "a", "status": "S"},
                            }
                        },
                    }
                },
            }
        },
    }
    mutate(data)
    with pytest.raises(PackError, match=message):
        parse_pack(data, origin="x.yaml", known={})


def _override(**changes):
    base = {
        "id": "o1",
        "scope": {"province": "68"},
        "pack": "complaints-2011",
        "rule": "GRV-ACCEPT",
        "parameter": "accept_unit",
        "value": "working_days",
        "valid_from": date(2025, 7, 1),
        "reason": "provincial procedure counts working days",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pack": "vn-1993"}, r"overrides\[0\]\.pack: unknown pack 'vn-1993'"),
        (
            {"rule": "NOTICE-LEAD-TIME"},
            r"\.rule: 'NOTICE-LEAD-TIME' is not a rule of complaints-2011",
        ),
        ({"parameter": "accept_days"}, r"\.parameter: 'accept_days' is not one of"),
        ({"value": "fortnights"}, r"\.value: 'fortnights' is not one of"),
        ({"parameter": "accept_within", "value": "ten"}, r"\.value: expected int"),
        ({"parameter": "accept_within", "value": 100000}, r"\.value: 100000 is outside"),
        ({"parameter": "severity", "value": "grave"}, r"\.value: a severity"),
        ({"reason": ""}, r"\.reason"),
        ({"scope": {"district": "1"}}, r"\.scope"),
        ({"valid_to": date(2025, 1, 1)}, r"\.valid_to: before valid_from"),
    ],
)
def test_bad_overrides_are_refused_naming_the_field(changes, message):
    with pytest.raises(OverrideError, match=message):
        parse_overrides([_override(**changes)], PACKS)


def test_two_overrides_of_the_same_thing_at_once_raise_naming_both():
    items = parse_overrides(
        [_override(), _override(id="o2", scope={"project": 7}, valid_from=date(2026, 1, 1))], PACKS
    )
    with pytest.raises(OverrideError, match="'o1' and 'o2'"):
        for_project(items, project_id=7, province="68")
    # in another province only the project's applies; re-dated, both apply without conflict
    assert [o.id for o in for_project(items, project_id=7, province="75")] == ["o2"]
    redated = parse_overrides(
        [_override(valid_to=date(2025, 12, 31)), _override(id="o2", valid_from=date(2026, 1, 1))],
        PACKS,
    )
    assert len(for_project(redated, project_id=7, province="68")) == 2
