"""The facts of a stored audit run, kept with it so that every finding can be assembled again
as it was: numpy arrays in one compressed .npz (no pickle: object columns are kept as codes and
their vocabulary), read back into the same fact tables (rules/facts_schema.py).

    data = dump(facts)        # bytes, a few MB for 100,000 parcels
    facts = load(data)        # rules.facts.Facts (without the records it was built from)
"""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np

from ..rules.columns import Table
from ..rules.facts import Facts
from ..rules.facts_schema import SCHEMAS
from .extract import Payments, Touches


class StoredFactsError(ValueError):
    """The stored facts do not fit the fact tables this code knows (another version)."""


def _flat(rows) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, values) of a sequence of sequences."""
    if isinstance(rows, Touches):
        return rows.starts, rows.values
    lengths = [len(r) for r in rows]
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    values = [v for r in rows for v in r]
    return starts, np.array(values, dtype=np.int64)


def dump(facts: Facts) -> bytes:
    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, object] = {"as_of": facts.as_of.isoformat(), "axis": facts.axis, "codes": {}}
    for subject, table in facts.tables.items():
        arrays[f"{subject}/ids"] = np.asarray(table.ids)
        for column in table.schema:
            values = table.columns[column.name]
            if column.type == "code":
                present = sorted({v for v in values.tolist() if v is not None})
                index = {v: i for i, v in enumerate(present)}
                codes = np.array([-1 if v is None else index[v] for v in values.tolist()])
                arrays[f"{subject}/{column.name}"] = codes.astype(np.int32)
                meta["codes"][f"{subject}/{column.name}"] = present  # type: ignore[index]
            else:
                arrays[f"{subject}/{column.name}"] = np.asarray(values)
        starts, values = _flat(table.touches)
        arrays[f"{subject}/touches.starts"], arrays[f"{subject}/touches.values"] = starts, values
        payments = table.extra.get("payments")
        if payments is not None:
            if isinstance(payments, Payments):
                starts, days, amounts = payments.starts, payments.days, payments.amounts
            else:
                lengths = [len(row) for row in payments]
                starts = np.zeros(len(lengths) + 1, dtype=np.int64)
                np.cumsum(lengths, out=starts[1:])
                flat = [p for row in payments for p in row]
                days = np.array([d for d, _ in flat], dtype="datetime64[D]")
                amounts = np.array([a for _, a in flat], dtype=np.int64)
            arrays[f"{subject}/payments.starts"] = starts
            arrays[f"{subject}/payments.days"] = days
            arrays[f"{subject}/payments.amounts"] = amounts
    arrays["meta"] = np.array(json.dumps(meta, ensure_ascii=False))
    out = io.BytesIO()
    np.savez_compressed(out, **arrays)
    return out.getvalue()


def load(data: bytes) -> Facts:
    with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    meta = json.loads(str(arrays.pop("meta")))
    tables = {}
    for subject, schema in SCHEMAS.items():
        if f"{subject}/ids" not in arrays:
            raise StoredFactsError(f"no {subject} facts in the stored run")
        columns = {}
        for column in schema:
            key = f"{subject}/{column.name}"
            if key not in arrays:
                raise StoredFactsError(f"the stored run has no fact {key}")
            if column.type == "code":
                vocabulary = np.empty(len(meta["codes"][key]) + 1, dtype=object)
                vocabulary[:-1] = meta["codes"][key]
                vocabulary[-1] = None
                columns[column.name] = vocabulary[arrays[key]]  # -1: the last, None
            else:
                columns[column.name] = arrays[key]
        touches = Touches(arrays[f"{subject}/touches.starts"], arrays[f"{subject}/touches.values"])
        table = Table(subject, schema, arrays[f"{subject}/ids"], columns, touches)  # type: ignore[arg-type]
        if f"{subject}/payments.starts" in arrays:
            table.extra["payments"] = Payments(  # type: ignore[assignment]
                arrays[f"{subject}/payments.starts"],
                arrays[f"{subject}/payments.days"],
                arrays[f"{subject}/payments.amounts"],
            )
        tables[subject] = table
    return Facts(date.fromisoformat(meta["as_of"]), meta["axis"], tables, [])
