"""Set-based writes of the registers (a plan version's lines, an import of land users): rows
sent with COPY beside their '+' history rows, as django-simple-history writes them on a
create (every tracked field, one date, who and why), in the caller's transaction."""

from collections.abc import Iterable, Sequence

from psycopg import sql

HISTORY_COLUMNS = ("history_date", "history_type", "history_user_id", "history_change_reason")


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    statement = sql.SQL("copy {} ({}) from stdin").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def copy_with_history(
    cursor, model, columns: Sequence[str], rows: list[tuple], who: tuple, *, untracked: int = 0
):
    """The rows, then their '+' history rows (history_id from its own identity). The last
    `untracked` columns are not in the history (a field its HistoricalRecords excludes)."""
    copy_rows(cursor, model._meta.db_table, columns, rows)
    kept = len(columns) - untracked
    copy_rows(
        cursor,
        model.history.model._meta.db_table,
        (*columns[:kept], *HISTORY_COLUMNS),
        ((row[:kept] + who) for row in rows),
    )


def next_ids(cursor, model, n: int) -> list[int]:
    """n ids of the model's table, taken from its identity sequence."""
    cursor.execute(
        "select nextval(pg_get_serial_sequence(%s, 'id')) from generate_series(1, %s)",
        [model._meta.db_table, n],
    )
    return [pk for (pk,) in cursor.fetchall()]


def history_of_new_rows(cursor, model, ids: list[int], who: tuple, *, key: str = "id") -> None:
    """The '+' history rows of rows just written (their values as stored, one date, who and
    why), made by the database from the rows themselves: nothing sent twice. The ids as a set
    to join (an `= any(array)` filter compares each row with the whole array)."""
    history = model.history.model
    tracked = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    names = sql.SQL(", ").join(map(sql.Identifier, tracked))
    cursor.execute(
        sql.SQL(
            "insert into {history} ({names}, {extra}) "
            "select {names}, %s, %s, %s, %s from {table} "
            "where {key} in (select unnest(%s::bigint[]))"
        ).format(
            history=sql.Identifier(history._meta.db_table),
            names=names,
            extra=sql.SQL(", ").join(map(sql.Identifier, HISTORY_COLUMNS)),
            table=sql.Identifier(model._meta.db_table),
            key=sql.Identifier(key),
        ),
        [*who, ids],
    )
