"""A scenario file that does not fit the catalogue is refused with the field named."""

import pytest
import yaml

from consultations.rules.scenario import ScenarioError, load_scenario

BASE = """
packs: [vn-2024]
as_of: 2025-01-31
areas: [1]
parcels: [{id: 1, area: 1, land_group: agricultural}]
cases: [{id: 1, parcels: [1]}]
plans: [{id: 1, area: 1, kind: draft, number: 1/PA, lines: {1: 10}}]
events:
  - {id: 1, kind: notice_issued, subject: area 1, happened_on: 2024-09-02, payload: {number: 1/TB}}
  - {id: 2, kind: notice_delivered, subject: case 1, happened_on: 2024-09-03, payload: {method: in_person}}
expect:
  - {rule: NOTICE-DELIVERED, subject: case 1, result: pass}
"""


def _load(tmp_path, change):
    data = yaml.safe_load(BASE)
    change(data)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_scenario(path)


def _event(**fields):
    return lambda d: d["events"].append(fields)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _event(kind="notice_sent", subject="case 1", happened_on="2024-09-04"),
            r"events\[2\]\.kind: unknown event kind 'notice_sent'",
        ),
        (
            _event(
                kind="notice_delivered",
                subject="case 9",
                happened_on="2024-09-04",
                payload={"method": "post"},
            ),
            r"events\[2\]\.subject: case 9 is not in",
        ),
        (
            _event(
                kind="notice_delivered",
                subject="area 1",
                happened_on="2024-09-04",
                payload={"method": "post"},
            ),
            r"events\[2\]\.subject: a notice_delivered is about a case",
        ),
        (
            _event(
                kind="notice_delivered",
                subject="case 1",
                happened_on="2024-09-04",
                payload={"method": "pigeon"},
            ),
            r"events\[2\]\.payload\.method: 'pigeon' is not a delivery_method",
        ),
        (
            _event(
                kind="notice_delivered",
                subject="case 1",
                happened_on="2024-09-04",
                payload={"how": "post"},
            ),
            r"events\[2\]\.payload: unknown field\(s\) how",
        ),
        (
            _event(kind="notice_delivered", subject="case 1", happened_on="2024-09-04"),
            r"events\[2\]\.payload\.method: required",
        ),
        (
            _event(
                kind="notice_delivered",
                corrects=1,
                happened_on="2024-09-04",
                recorded_at="2024-09-10",
                payload={"method": "post"},
            ),
            r"events\[2\]: a correction keeps the kind and subject of event 1",
        ),
        (
            _event(
                kind="notice_delivered",
                corrects=2,
                happened_on="2024-09-04",
                payload={"method": "post"},
            ),
            r"events\[2\]\.recorded_at: required for a correction",
        ),
        (
            _event(voids=7, recorded_at="2024-09-10"),
            r"events\[2\]\.voids: no earlier event with id 7",
        ),
        (
            _event(
                kind="notice_delivered",
                subject="case 1",
                happened_on="2024-09-04",
                recorded_at="2024-09-01",
                payload={"method": "post"},
            ),
            r"recorded_at: an act is recorded on or after",
        ),
        (
            lambda d: d["expect"].append(
                {"rule": "NOTICE-LATE", "subject": "case 1", "result": "pass"}
            ),
            r"expect\[1\]\.rule: unknown rule code 'NOTICE-LATE'",
        ),
        (
            lambda d: d["expect"].append(
                {"rule": "NOTICE-DELIVERED", "subject": "household 1", "result": "pass"}
            ),
            r"expect\[1\]\.subject",
        ),
        (
            lambda d: d["expect"].append(
                {"rule": "NOTICE-DELIVERED", "subject": "case 1", "result": "ok"}
            ),
            r"expect\[1\]\.result",
        ),
        (lambda d: d.update(packs=["vn-2099"]), r"packs: unknown rule pack\(s\) vn-2099"),
        (lambda d: d["parcels"][0].update(land_group="forest"), r"parcel 1: land_group 'forest'"),
        (lambda d: d.update(colour="red"), r"scenario: unknown field\(s\) colour"),
    ],
)
def test_errors_name_the_field(tmp_path, change, message):
    with pytest.raises(ScenarioError, match=message):
        _load(tmp_path, change)


def test_text_is_stored_as_an_id_and_a_hash(tmp_path):
    s = _load(
        tmp_path,
        _event(kind="opinion", subject="case 1", happened_on="2024-11-01",
               payload={"opinion": "disagree", "channel": "written", "concerns": "Giá đất quá thấp"}),
    )  # fmt: skip
    payload = s.records[-1].payload
    assert "concerns" not in payload and isinstance(payload["concerns_text"], int)
    assert len(payload["concerns_sha256"]) == 64


def test_a_correction_and_a_void_chain_to_the_original(tmp_path):
    s = _load(
        tmp_path,
        lambda d: d["events"].extend(
            [
                {"id": 3, "kind": "notice_delivered", "corrects": 2, "happened_on": "2024-09-05",
                 "recorded_at": "2024-09-10", "payload": {"method": "post"}},
                {"id": 4, "voids": 1, "recorded_at": "2024-09-11"},
            ]
        ),
    )  # fmt: skip
    correction, void = s.records[2], s.records[3]
    assert (correction.root_id, correction.subject_id, correction.happened_on.isoformat()) == (
        2,
        1,
        "2024-09-05",
    )
    assert void.is_void and void.root_id == 1 and void.kind == "notice_issued"
