"""The case columns read from the cases' records (case_records.py) and the plan lines, and the
plans' opinion counts, reduced with numpy: group minima, maxima, firsts and lasts over rows
sorted by (case, day, id). Each mirrors rules/derive_case.py (the reference; the property test
tests/consultations/test_facts_sql.py checks they agree)."""

from __future__ import annotations

import numpy as np

from ..rules.columns import INT_NULL, NAT
from ..rules.vocabulary import AUTHORITIES, FPIC_CONSENT, OPINIONS
from .case_records import FIRST_DAYS, LAST_DAYS, PURPOSES, ROLES, code
from .transport import TransportError

BIG = np.iinfo(np.int64).max
NAT_I = np.iinfo(np.int64).min


def group_min(n: int, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Per row, the earliest of `days` (int64, NAT_I missing); NaT where none."""
    out = np.full(n, BIG, dtype=np.int64)
    keep = days != NAT_I
    np.minimum.at(out, rows[keep], days[keep])
    result = out.astype("datetime64[D]")
    result[out == BIG] = NAT
    return result


def group_max(n: int, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
    out = np.full(n, NAT_I, dtype=np.int64)
    keep = days != NAT_I
    np.maximum.at(out, rows[keep], days[keep])
    return out.astype("datetime64[D]")  # NAT_I is NaT


def count(n: int, rows: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    if mask is not None:
        rows = rows[mask]
    return np.bincount(rows, minlength=n).astype(np.int64) if n else np.zeros(0, np.int64)


def days(column: np.ndarray) -> np.ndarray:
    return column.astype(np.int64)


def _any(n: int, rows: np.ndarray) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[rows] = True
    return out


def _last_of_groups(groups: np.ndarray) -> np.ndarray:
    """The index of each group's last element in `groups` (sorted)."""
    if not len(groups):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.r_[groups[1:] != groups[:-1], True])


def _first_of_groups(groups: np.ndarray) -> np.ndarray:
    if not len(groups):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])


def _codes(name: str, raw: np.ndarray, vocabulary: tuple[str, ...]) -> np.ndarray:
    if (raw < 0).any():
        raise TransportError(f"{name}: a code outside {vocabulary}")
    table = np.empty(len(vocabulary) + 1, dtype=object)
    table[0] = None
    table[1:] = vocabulary
    return table[raw]


def rank(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The row of each of `wanted` in `ids` (sorted, unique); -1 where it is not there."""
    if not len(ids):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return np.where(ids[at] == wanted, at, -1)


def _pair(case_row: np.ndarray, plan_row: np.ndarray, n_plans: int) -> np.ndarray:
    """One int64 of a (case row, plan row) pair, exact (rows, not ids)."""
    return case_row.astype(np.int64) * (n_plans + 1) + plan_row


class Records:
    """The standing records of the standing cases `case_ids` (sorted), sorted by (case, day,
    id), with each record's case row."""

    def __init__(self, case_ids: np.ndarray, rec: dict[str, np.ndarray]) -> None:
        n, sid = len(case_ids), rec["sid"]
        at = np.searchsorted(case_ids, sid)
        known = at < n
        known[known] = case_ids[at[known]] == sid[known]
        order = np.lexsort((rec["id"], days(rec["day"]), sid))
        order = order[known[order]]
        self.n, self.case_ids = n, case_ids
        self.row = at[order]
        self.col = {k: v[order] for k, v in rec.items()}
        self.day = days(self.col["day"])

    def of(self, kind: str) -> np.ndarray:
        return self.col["kind"] == code(kind)


def day_columns(r: Records) -> dict[str, np.ndarray]:
    out = {}
    for column, kind in FIRST_DAYS.items():
        mask = r.of(kind)
        out[column] = group_min(r.n, r.row[mask], r.day[mask])
    for column, kind in LAST_DAYS.items():
        mask = r.of(kind)
        out[column] = group_max(r.n, r.row[mask], r.day[mask])
    return out


def payload_columns(r: Records, out: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Of the records' payloads (`out`: the day columns)."""
    n, c = r.n, r.col
    res: dict[str, np.ndarray] = {}
    res["support_measures"] = count(n, r.row, r.of("support_measure"))
    given = r.of("fpic_record") & (c["code"] == FPIC_CONSENT.index("given") + 1)
    res["fpic_consent_given_on"] = group_min(n, r.row[given], r.day[given])

    # the first inventory's participation (bool?: 1, 0, -1 unknown)
    participated = np.full(n, -1, dtype=np.int8)
    idx = np.flatnonzero(r.of("inventory_done"))
    first = idx[_first_of_groups(r.row[idx])]
    participated[r.row[first]] = np.array([-1, 0, 1], np.int8)[c["code"][first]]
    res["inventory_participated"] = participated

    # the latest of a kind, by (day, id)
    def latest(kind: str) -> tuple[np.ndarray, np.ndarray]:
        idx = np.flatnonzero(r.of(kind))
        last = idx[_last_of_groups(r.row[idx])]
        return r.row[last], last

    rows, last = latest("notice_published")
    for column, field in (
        ("newspaper_issues", "n1"),
        ("radio_broadcasts", "n2"),
        ("radio_days", "n3"),
    ):
        values = np.full(n, INT_NULL, dtype=np.int64)
        values[rows] = c[field][last]
        res[column] = values
    for column, kind, vocabulary in (
        ("opinion", "opinion", OPINIONS),
        ("dialogue_outcome", "dialogue_outcome", OPINIONS),
        ("fpic_consent", "fpic_record", FPIC_CONSENT),
    ):
        raw = np.zeros(n, dtype=np.int64)
        rows, last = latest(kind)
        raw[rows] = c["code"][last]
        res[column] = _codes(column, raw, vocabulary)

    # persuasion before the compulsory inventory (purpose inventory or unstated) and before
    # the enforcement (purpose enforcement)
    p = np.flatnonzero(r.of("persuasion"))
    prow, pday, purpose = r.row[p], r.day[p], c["code"][p]
    ended = days(c["to"][p])
    by = c["by"][p]

    def by_(bound: np.ndarray, cond: np.ndarray) -> np.ndarray:
        b = days(bound)[prow]
        return cond & ((b == NAT_I) | (pday <= b))

    inv = by_(out["compulsory_inventory_on"], (purpose == 0) | (purpose == 1))
    res["inventory_persuasion_from"] = group_min(n, prow[inv], pday[inv])
    res["inventory_persuasion_to"] = group_max(
        n, prow[inv], np.where(ended == NAT_I, pday, ended)[inv]
    )
    enf = by_(out["enforcement_executed_on"], purpose == PURPOSES.index("enforcement") + 1)
    for flag, selected in (("inventory", inv), ("enforcement", enf)):
        for short, role in (("commune_pc", "commune_pc"), ("front", "fatherland_front")):
            res[f"{flag}_persuaded_by_{short}"] = _any(n, prow[selected & (by & ROLES[role] > 0)])
        res[f"{flag}_persuaded_by_board"] = _any(n, prow[selected & (by & ROLES["board"] > 0)])
    return res


def payments(r: Records) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The payments and deposits: (case row, day, amount) sorted by (row, day, amount)."""
    mask = r.of("payment") | r.of("deposit")
    rows, day = r.row[mask], r.col["day"][mask]
    amount = r.col["n1"][mask]
    amount = np.where(amount == INT_NULL, 0, amount)
    order = np.lexsort((amount, days(day), rows))
    return rows[order], day[order], amount[order]


def line_columns(
    r: Records,
    lines: dict[str, np.ndarray],
    plans: dict[str, np.ndarray],
    approvals: dict[str, np.ndarray],
    meetings: dict[str, np.ndarray],
    meeting_cases: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """The columns of a case's plan lines (the standing lines of standing versions), of the
    records that name a version, and of the meetings that name the case."""
    n = r.n
    l_row = np.searchsorted(r.case_ids, lines["case_id"])  # every line's case is standing
    l_plan = np.searchsorted(plans["id"], lines["plan_id"])
    res: dict[str, np.ndarray] = {"has_plan_line": _any(n, l_row)}
    res["plan_appraised_on"] = group_min(n, l_row, days(plans["appraised_on"])[l_plan])
    res["plan_posted_on"] = group_min(n, l_row, days(plans["posting_started_on"])[l_plan])

    # the first approval (by day, id) of the case's versions
    a_at = np.searchsorted(approvals["plan_id"], lines["plan_id"])
    approved = a_at < len(approvals["plan_id"])
    approved[approved] = approvals["plan_id"][a_at[approved]] == lines["plan_id"][approved]
    a_rows, a_idx = l_row[approved], a_at[approved]
    order = np.lexsort((approvals["id"][a_idx], days(approvals["day"])[a_idx], a_rows))
    firsts = order[_first_of_groups(a_rows[order])]
    chosen_rows, chosen = a_rows[firsts], a_idx[firsts]
    res["approval_on"] = np.full(n, NAT)
    res["approval_on"][chosen_rows] = approvals["day"][chosen]
    res["approval_effective_on"] = np.full(n, NAT)
    res["approval_effective_on"][chosen_rows] = approvals["effective"][chosen]
    raw = np.zeros(n, dtype=np.int64)
    raw[chosen_rows] = approvals["authority"][chosen]
    res["approval_authority"] = _codes("approval_authority", raw, AUTHORITIES)

    # a delivery of a version approved, in one of the case's lines
    n_plans = len(plans["id"])
    lined = np.unique(_pair(l_row[approved], l_plan[approved], n_plans))
    d = np.flatnonzero(r.of("plan_delivered"))
    d_plan = rank(plans["id"], r.col["n1"][d])  # a version not standing: none of its lines
    d = d[d_plan >= 0]
    hit = np.isin(_pair(r.row[d], d_plan[d_plan >= 0], n_plans), lined)
    res["plan_delivered_on"] = group_min(n, r.row[d][hit], r.day[d][hit])

    # the meetings naming the case
    for column in ("consultation_on", "dialogue_on"):
        res[column] = np.full(n, NAT)
    if len(meetings["id"]) and len(meeting_cases["owner"]):
        m_order = np.argsort(meetings["id"], kind="stable")
        m_row = m_order[np.searchsorted(meetings["id"][m_order], meeting_cases["owner"])]
        c_at = np.searchsorted(r.case_ids, meeting_cases["case_id"])
        known = c_at < n
        known[known] = r.case_ids[c_at[known]] == meeting_cases["case_id"][known]
        for column, kind in (("consultation_on", "consultation"), ("dialogue_on", "dialogue")):
            mask = known & (meetings["kind"][m_row] == kind)
            res[column] = group_min(n, c_at[mask], days(meetings["held_on"])[m_row[mask]])
    return res


def approved_lines(
    lines: dict[str, np.ndarray], versions: dict[int, int], approvals: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The lines of approved versions, with their approval's effective day (its effective_on,
    else its day) and the version's number (rules/plans.py `in_force`)."""
    a_at = np.searchsorted(approvals["plan_id"], lines["plan_id"])
    approved = a_at < len(approvals["plan_id"])
    approved[approved] = approvals["plan_id"][a_at[approved]] == lines["plan_id"][approved]
    a = a_at[approved]
    effective = approvals["effective"][a]
    plan_ids = lines["plan_id"][approved]
    return {
        "case_id": lines["case_id"][approved],
        "plan_id": plan_ids,
        "effective": np.where(np.isnat(effective), approvals["day"][a], effective),
        "version": np.array([versions[int(p)] for p in plan_ids], dtype=np.int64),
        "net": lines["net"][approved],
    }


def plan_opinions(
    r: Records,
    lines: dict[str, np.ndarray],
    plans: dict[str, np.ndarray],
    meetings: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Per plan version, its lines whose case's latest opinion on it (one naming the version,
    directly or by its meeting, or naming none) is agree, disagree, other."""
    o = np.flatnonzero(r.of("opinion"))
    plan = r.col["n1"][o].copy()
    via = (plan == INT_NULL) & (r.col["n2"][o] != INT_NULL)
    if via.any() and len(meetings["id"]):
        m_order = np.argsort(meetings["id"], kind="stable")
        m_ids = meetings["id"][m_order]
        at = np.minimum(np.searchsorted(m_ids, r.col["n2"][o][via]), len(m_ids) - 1)
        found = m_ids[at] == r.col["n2"][o][via]
        plan_of = np.where(found, meetings["plan_id"][m_order[at]], INT_NULL)
        plan[via] = plan_of
    crow, opinion = r.row[o], r.col["code"][o]
    n_plans = len(plans["id"])
    # o is in (case, day, id) order: a later opinion of a case has a greater index. One that
    # names a version not standing counts for no line.
    named = plan != INT_NULL
    p_rank = rank(plans["id"], plan)
    on_one = np.flatnonzero(named & (p_rank >= 0))
    keys = _pair(crow[on_one], p_rank[on_one], n_plans)
    k_order = np.lexsort((on_one, keys))
    k_sorted = keys[k_order]
    k_last = _last_of_groups(k_sorted)
    k_keys, k_idx = k_sorted[k_last], on_one[k_order[k_last]]
    unnamed = np.flatnonzero(~named)
    u_last = unnamed[_last_of_groups(crow[unnamed])]
    u_row = crow[u_last]

    l_rows = np.searchsorted(r.case_ids, lines["case_id"])  # every line's case and version
    l_plans = np.searchsorted(plans["id"], lines["plan_id"])  # are standing
    l_keys = np.unique(_pair(l_rows, l_plans, n_plans))
    l_case, l_plan = l_keys // (n_plans + 1), l_keys % (n_plans + 1)
    best = np.full(len(l_keys), -1, dtype=np.int64)
    if len(k_keys):
        at = rank(k_keys, l_keys)
        best[at >= 0] = k_idx[at[at >= 0]]
    if len(u_row):
        at = rank(u_row, l_case)
        hit = at >= 0
        best[hit] = np.maximum(best[hit], u_last[at[hit]])
    has = best >= 0
    code_of = opinion[best[has]]
    p_row = l_plan[has]
    return {
        f"opinions_{name}": count(n_plans, p_row, code_of == OPINIONS.index(name) + 1)
        for name in ("agree", "disagree", "other")
    }
