"""Query results as numpy columns, through COPY … TO STDOUT (FORMAT BINARY), or packed in one
bytea for a query of few columns (`PACKED_MAX`).

Fetching 100,000 rows of 60 columns as Python tuples costs seconds; as fixed-width binary
tuples decoded by one structured numpy dtype, milliseconds. So every column a query sends has a
fixed width and no NULL: `select_list` wraps each expression for its fact type (columns.py):

  date   date, NULL sent as -infinity (INT32_MIN days)      → datetime64[D], NaT
  int    int8                                               → int64
  int?   int8, NULL sent as INT64_MIN (columns.INT_NULL)    → int64
  bool   bool, NULL sent as false                           → bool
  bool?  int2: 1 / 0 / -1                                   → int8
  small  int2, NULL sent as 0 (a small number: a position, bits)   → int64
  code   int2: the code's position in its vocabulary (1-based), 0 for NULL, -1 for a code
         outside it (refused)                               → object array of str / None
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection

from ..rules.columns import INT_NULL

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
EPOCH = np.datetime64("2000-01-01", "D")  # PostgreSQL's binary dates count days from it
DATE_NULL = np.iinfo(np.int32).min
WIDTH = {"date": ">i4", "int": ">i8", "int?": ">i8", "bool": "?", "bool?": ">i2", "code": ">i2"}
WIDTH["small"] = ">i2"


class TransportError(ValueError):
    pass


@dataclass(frozen=True)
class Out:
    """One column a query sends: its name, fact type, SQL expression and (codes) vocabulary."""

    name: str
    type: str
    sql: str
    vocabulary: tuple[str, ...] = ()


def select_list(columns: Sequence[Out]) -> tuple[str, dict[str, list[str]]]:
    """The SELECT list of `columns` (fixed width, no NULL) and the parameters it names."""
    parts, params = [], {}
    for c in columns:
        e = c.sql
        if c.type == "date":
            parts.append(f"coalesce(({e})::date, '-infinity'::date) as {c.name}")
        elif c.type == "int":
            parts.append(f"({e})::int8 as {c.name}")
        elif c.type == "int?":
            parts.append(f"coalesce(({e})::int8, ({INT_NULL})::int8) as {c.name}")
        elif c.type == "small":
            parts.append(f"coalesce(({e})::int2, 0::int2) as {c.name}")
        elif c.type == "bool":
            parts.append(f"coalesce(({e})::bool, false) as {c.name}")
        elif c.type == "bool?":
            parts.append(
                f"(case when ({e})::bool then 1 when not ({e})::bool then 0 else -1 end)::int2 "
                f"as {c.name}"
            )
        elif c.type == "code":
            key = f"vocabulary_{c.name}"
            params[key] = list(c.vocabulary)
            parts.append(
                f"(case when ({e}) is null then 0 else "
                f"coalesce(array_position(%({key})s::text[], ({e})::text), -1) end)::int2 "
                f"as {c.name}"
            )
        else:
            raise TransportError(f"{c.name}: unknown type {c.type!r}")
    return ",\n".join(parts), params


# A query of a few columns and many rows (pairs, payments) comes packed: its rows' binary values
# end to end in one bytea (string_agg over the ordered query: a plain aggregate reads its
# subquery's rows in their order), not a COPY message per row, which costs more in Python than
# the row's few values.
PACKED_MAX = 4
SEND = {"date": "date_send", "int": "int8send", "int?": "int8send", "bool": "boolsend"}
SEND |= {"bool?": "int2send", "code": "int2send", "small": "int2send"}


def fetch(sql: str, params: Mapping[str, object], columns: Sequence[Out]) -> dict[str, np.ndarray]:
    """Run `sql` (whose SELECT list is `select_list(columns)`) and answer its columns."""
    if len(columns) <= PACKED_MAX:
        return _fetch_packed(sql, params, columns)
    dtype = np.dtype(
        [("fields", ">i2")]
        + [
            item
            for i, c in enumerate(columns)
            for item in ((f"n{i}", ">i4"), (f"v{i}", WIDTH[c.type]))
        ]
    )
    buffer = bytearray()
    with (
        connection.cursor() as cur,
        cur.copy(f"copy ({sql}) to stdout (format binary)", params) as copy,
    ):
        for chunk in copy:
            buffer += chunk
    if not buffer.startswith(SIGNATURE):
        raise TransportError("not a binary COPY stream")
    start = len(SIGNATURE) + 8 + int.from_bytes(buffer[len(SIGNATURE) + 4 : len(SIGNATURE) + 8])
    body = memoryview(buffer)[start : len(buffer) - 2]  # the trailer: int16 -1
    if len(body) % dtype.itemsize:
        raise TransportError("a column was sent with a variable width (a NULL?)")
    rows = np.frombuffer(body, dtype=dtype)
    result = {}
    for i, c in enumerate(columns):
        if len(rows) and (rows[f"n{i}"] != dtype[f"v{i}"].itemsize).any():
            raise TransportError(f"{c.name}: sent with another width than its type's")
        result[c.name] = decode(c, rows[f"v{i}"])
    return result


def _fetch_packed(sql: str, params, columns: Sequence[Out]) -> dict[str, np.ndarray]:
    with connection.cursor() as cur:
        return fetch_packed(cur, sql, params, columns)


def fetch_packed(cur, sql: str, params, columns: Sequence[Out]) -> dict[str, np.ndarray]:
    """`sql`'s columns (its SELECT list `select_list(columns)`) packed in one bytea, on `cur`
    (of any connection). The rows come in the order the aggregate read them."""
    dtype = np.dtype([(f"v{i}", WIDTH[c.type]) for i, c in enumerate(columns)])
    row = " || ".join(f"{SEND[c.type]}(q.{c.name})" for c in columns)
    query = f"select count(*), string_agg({row}, ''::bytea) from ({sql}) q"  # noqa: S608
    cur.execute(query, params)
    count, packed = cur.fetchone()
    packed = bytes(packed or b"")
    if len(packed) != count * dtype.itemsize:  # string_agg skips a row with a NULL
        raise TransportError("a column was sent with a NULL or another width than its type's")
    rows = np.frombuffer(packed, dtype=dtype)
    return {c.name: decode(c, rows[f"v{i}"]) for i, c in enumerate(columns)}


def decode(column: Out, raw: np.ndarray) -> np.ndarray:
    t = column.type
    if t == "date":
        days = raw.astype(np.int64)
        out = (EPOCH + days.astype("timedelta64[D]")).astype("datetime64[D]")
        out[days == DATE_NULL] = np.datetime64("NaT", "D")
        return out
    if t in ("int", "int?", "small"):
        return raw.astype(np.int64)
    if t == "bool":
        return raw.astype(bool)
    if t == "bool?":
        return raw.astype(np.int8)
    codes = raw.astype(np.int64)
    if (codes < 0).any():
        raise TransportError(f"{column.name}: a code outside {column.vocabulary}")
    table = np.empty(len(column.vocabulary) + 1, dtype=object)
    table[0] = None
    table[1:] = column.vocabulary
    return table[codes]
