"""The cases' standing records, read in one pass: a row per record of the kinds the case facts
read, with the few payload fields read as fixed-width columns (transport.py), reduced with
numpy in case_columns.py. Half a million records cost one scan of the events here, where a
CTE per fact scanned a temporary copy of them once each.

  sid, kind (1-based in KINDS), day, id,
  n1   newspaper_issues (notice_published) | plan (opinion, plan_delivered) | amount (payments)
  n2   radio_broadcasts (notice_published) | meeting (opinion)
  n3   radio_days (notice_published)
  code opinion (opinion, dialogue_outcome: OPINIONS) | consent (fpic_record: FPIC_CONSENT) |
       purpose (persuasion: PURPOSES) | participated (inventory_done: 2 yes, 1 no)
       — 0 when missing, -1 for a value outside its vocabulary
  to   ended_on (persuasion)
  by   the persuaders (persuasion): 1 commune PC, 2 Fatherland Front, 4 the board
"""

# ruff: noqa: S608 - the SQL is built from constants; every value is a parameter

from __future__ import annotations

import numpy as np

from ..rules.vocabulary import FPIC_CONSENT, OPINIONS
from .setup import standing_sql
from .transport import Out, fetch_packed, select_list

# The day columns: of a kind's first (FIRST_DAYS) or latest (LAST_DAYS) record.
FIRST_DAYS = {
    "notice_delivered_on": "notice_delivered",
    "earlier_recovery_agreed_on": "earlier_recovery_agreement",
    "inventory_done_on": "inventory_done",
    "inventory_refused_on": "inventory_refused",
    "compulsory_inventory_on": "compulsory_inventory",
    "recovery_decided_on": "recovery_decided",
    "recovery_delivered_on": "recovery_delivered",
    "early_handover_agreed_on": "early_handover_agreement",
    "handover_on": "handover",
    "resettlement_agreed_on": "resettlement_agreed",
    "resettlement_handed_over_on": "resettlement_handed_over",
    "enforcement_decided_on": "enforcement_decided",
    "enforcement_posted_on": "enforcement_posted",
    "enforcement_delivered_on": "enforcement_delivered",
    "enforcement_executed_on": "enforcement_executed",
    "support_measure_on": "support_measure",
}
LAST_DAYS = {"notice_published_on": "notice_published", "opinion_on": "opinion"}
# ... and the kinds whose payload is read
PAYLOAD_KINDS = (
    "dialogue_outcome",
    "fpic_record",
    "persuasion",
    "plan_delivered",
    "payment",
    "deposit",
)
KINDS = tuple(dict.fromkeys([*FIRST_DAYS.values(), *LAST_DAYS.values(), *PAYLOAD_KINDS]))
PURPOSES = ("inventory", "enforcement")  # a persuasion's; any other: 3
ROLES = {"commune_pc": 1, "fatherland_front": 2, "board": 4}


def code(kind: str) -> int:
    return KINDS.index(kind) + 1


def _int(e: str) -> str:
    return f"((e.payload->>'{e}')::numeric::int8)"


def _position(key: str, vocabulary: str) -> str:
    value = f"e.payload->>'{key}'"
    return (
        f"case when {value} is null then 0 "
        f"else coalesce(array_position(%({vocabulary})s::text[], {value}), -1) end"
    )


def _sql(known: bool) -> str:
    kind = "e.kind"
    n1 = (
        f"case {kind} when 'notice_published' then {_int('newspaper_issues')} "
        f"when 'opinion' then {_int('plan')} when 'plan_delivered' then {_int('plan')} "
        f"when 'payment' then {_int('amount')} when 'deposit' then {_int('amount')} end"
    )
    n2 = (
        f"case {kind} when 'notice_published' then {_int('radio_broadcasts')} "
        f"when 'opinion' then {_int('meeting')} end"
    )
    n3 = f"case {kind} when 'notice_published' then {_int('radio_days')} end"
    participated = "e.payload->'participated'"
    purpose = "e.payload->>'purpose'"
    code_ = (
        f"case {kind} when 'opinion' then {_position('opinion', 'opinions')} "
        f"when 'dialogue_outcome' then {_position('opinion', 'opinions')} "
        f"when 'fpic_record' then {_position('consent', 'consents')} "
        f"when 'persuasion' then case when {purpose} is null then 0 "
        f"else coalesce(array_position(%(purposes)s::text[], {purpose}), 3) end "
        f"when 'inventory_done' then case when jsonb_typeof({participated}) = 'boolean' "
        f"then case when ({participated})::text::bool then 2 else 1 end else 0 end "
        "else 0 end"
    )
    by = (
        "case when jsonb_typeof(e.payload->'by') = 'array' then "
        + " + ".join(
            f"(case when e.payload->'by' ? '{role}' then {bit} else 0 end)"
            for role, bit in ROLES.items()
        )
        + " else 0 end"
    )
    where = "e.subject_type = 'case' and e.case_id is not null and e.kind = any(%(case_kinds)s)"
    columns = f"""e.case_id as sid, array_position(%(case_kinds)s::text[], e.kind::text) as kind,
        e.happened_on as day, e.id, {n1} as n1, {n2} as n2, {n3} as n3, {code_} as code,
        case {kind} when 'persuasion' then (e.payload->>'ended_on')::date end as ended,
        {by} as by_"""
    return standing_sql(known=known, where=where, columns=columns)


OUTS = [
    Out("sid", "int", "sid"),
    Out("kind", "small", "kind"),
    Out("day", "date", "day"),
    Out("id", "int", "id"),
    Out("n1", "int?", "n1"),
    Out("n2", "int?", "n2"),
    Out("n3", "int?", "n3"),
    Out("code", "small", "code"),
    Out("to", "date", "ended"),
    Out("by", "small", "by_"),
]


def query(*, known: bool) -> tuple[str, dict[str, list[str]]]:
    params = {
        "case_kinds": list(KINDS),
        "opinions": list(OPINIONS),
        "consents": list(FPIC_CONSENT),
        "purposes": list(PURPOSES),
    }
    return _sql(known), params


def fetch(cur, params: dict[str, object], *, known: bool) -> dict[str, np.ndarray]:
    """The records' columns (in no order), on `cur` (of any connection)."""
    sql, extra = query(known=known)
    select, more = select_list(OUTS)
    return fetch_packed(cur, f"select {select} from ({sql}) q", {**params, **extra, **more}, OUTS)
