"""Fact columns: one row per subject, scalar typed values, held as numpy arrays.

Types and their encodings (the same in SQL: a NULL where this says missing):
  date   datetime64[D], NaT when missing
  int    int64 (never missing)
  int?   int64, INT_NULL when missing
  bool   bool (never missing)
  bool?  int8: 1 true, 0 false, -1 missing (a flag the record did not state)
  code   object array of str, None when missing
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

NAT = np.datetime64("NaT", "D")
INT_NULL = np.iinfo(np.int64).min
TYPES = ("date", "int", "int?", "bool", "bool?", "code")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    reads: str  # the registers or event kinds/fields it comes from

    def encode(self, values: Sequence[Any]) -> np.ndarray:
        t = self.type
        if t == "date":
            return np.array(
                [NAT if v is None else np.datetime64(v, "D") for v in values], dtype="datetime64[D]"
            )
        if t == "int":
            return np.array([int(v) for v in values], dtype=np.int64)
        if t == "int?":
            return np.array([INT_NULL if v is None else int(v) for v in values], dtype=np.int64)
        if t == "bool":
            return np.array([bool(v) for v in values], dtype=bool)
        if t == "bool?":
            return np.array([-1 if v is None else int(bool(v)) for v in values], dtype=np.int8)
        result = np.empty(len(values), dtype=object)
        result[:] = list(values)
        return result

    def decode(self, value: Any) -> Any:
        t = self.type
        if t == "date":
            return None if np.isnat(value) else value.item()
        if t == "int":
            return int(value)
        if t == "int?":
            return None if value == INT_NULL else int(value)
        if t == "bool":
            return bool(value)
        if t == "bool?":
            return None if value < 0 else bool(value)
        return value


def C(name: str, type_: str, meaning: str, reads: str) -> Column:  # noqa: N802
    assert type_ in TYPES, (name, type_)
    return Column(name, type_, meaning, reads)


@dataclass
class Table:
    """The facts of one kind of subject: ids, columns, and the cases each row touches."""

    subject: str
    schema: tuple[Column, ...]
    ids: np.ndarray
    columns: dict[str, np.ndarray]
    touches: list[tuple[int, ...]]
    extra: dict[str, list[Any]] = field(default_factory=dict)  # per-row side data (payments)

    @classmethod
    def from_rows(
        cls,
        subject: str,
        schema: tuple[Column, ...],
        rows: Sequence[Mapping[str, Any]],
        touches: Iterable[tuple[int, ...]],
    ) -> Table:
        names = [c.name for c in schema]
        for row in rows:
            if set(row) != set(names):
                raise AssertionError(f"{subject} facts: {sorted(set(row) ^ set(names))}")
        columns = {c.name: c.encode([row[c.name] for row in rows]) for c in schema}
        return cls(subject, schema, columns["id"], columns, list(touches))

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def column(self, name: str) -> Column:
        return next(c for c in self.schema if c.name == name)

    def row(self, i: int) -> dict[str, Any]:
        """One subject's facts as plain Python values (None where missing)."""
        return {c.name: c.decode(self.columns[c.name][i]) for c in self.schema}

    def index_of(self, subject_id: int) -> int:
        found = np.flatnonzero(self.ids == subject_id)
        if not len(found):
            raise KeyError(f"no {self.subject} {subject_id}")
        return int(found[0])

    def take(self, rows: np.ndarray) -> Table:
        """The rows' sub-table; columns and side data are sliced when first read."""
        return Table(
            self.subject,
            self.schema,
            self.ids[rows],
            _Sliced(self.columns, rows),  # type: ignore[arg-type]
            _Picked(self.touches, rows),  # type: ignore[arg-type]
            {k: _Picked(v, rows) for k, v in self.extra.items()},  # type: ignore[misc]
        )


class _Sliced(dict):  # type: ignore[type-arg]
    """Columns of a sub-table, each sliced from the parent's on first access."""

    def __init__(self, parent: Mapping[str, np.ndarray], rows: np.ndarray) -> None:
        super().__init__()
        self.parent, self.rows = parent, rows

    def __missing__(self, name: str) -> np.ndarray:
        column = self.parent[name][self.rows]
        self[name] = column
        return column

    def __contains__(self, name: object) -> bool:
        return name in self.parent

    def items(self):  # type: ignore[no-untyped-def]
        return ((name, self[name]) for name in self.parent)


class _Picked:
    """Per-row side data of a sub-table."""

    def __init__(self, parent: Sequence[Any], rows: np.ndarray) -> None:
        self.parent, self.rows = parent, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Any:
        return self.parent[int(self.rows[i])]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (self.parent[int(i)] for i in self.rows)


def present(column: np.ndarray) -> np.ndarray:
    """Where a date, int?, bool? or code column holds a value."""
    if column.dtype.kind == "M":
        return ~np.isnat(column)
    if column.dtype == np.int8:
        return column >= 0
    if column.dtype == np.int64:
        return column != INT_NULL
    if column.dtype == object:  # codes: a non-empty string, or None
        return column.astype(bool)
    return np.ones(column.shape, dtype=bool)


def as_day(value: date) -> np.datetime64:
    return np.datetime64(value, "D")
