"""A query run on a second connection, under this transaction's snapshot, while this one goes
on: the machine has two cores, and one PostgreSQL backend uses one.

PostgreSQL shares a snapshot between sessions (`pg_export_snapshot`, `SET TRANSACTION
SNAPSHOT`): the second session then reads exactly what this transaction reads, provided this
one reads from that one snapshot too (REPEATABLE READ) and has no transaction id yet (what it
wrote would be invisible to the other). Where that cannot be had — inside a savepoint (a test's
transaction, a caller's nested block), in a transaction of a statement's snapshot (READ
COMMITTED) — the query runs here, at once, before the rest: the same SQL, the same answer.

The second connection is opened outside Django's pool (a connection taken from the pool must
go back to it, and this one is closed when done), set up as Django sets up its own (time zone,
role).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from psycopg import sql


def begin_shared(*, outermost: bool) -> str | None:
    """The snapshot of this transaction, exported, when it can be shared. `outermost`: the
    transaction was just begun (nothing read yet), and is made to read from one snapshot."""
    if connection.savepoint_ids:
        return None  # a snapshot is not exported from a subtransaction
    with connection.cursor() as cur:
        if outermost:
            cur.execute("set transaction isolation level repeatable read")
        cur.execute(
            "select current_setting('transaction_isolation'), txid_current_if_assigned() is null"
        )
        isolation, clean = cur.fetchone()
        if isolation not in ("repeatable read", "serializable") or not clean:
            return None
        cur.execute("select pg_export_snapshot()")
        return cur.fetchone()[0]


class Beside:
    """`work(cursor)` run on a second connection under `snapshot` (None: here, at once).
    A context manager: leaving it on an error cancels the other connection's query."""

    def __init__(self, snapshot: str | None, work: Callable[[Any], Any]) -> None:
        self.snapshot, self.work = snapshot, work
        self._result: Any = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._raw: Any = None
        if snapshot is None:
            with connection.cursor() as cur:
                self._result = work(cur)
            return
        # Django's connections are per thread: this thread's wrapper gives the settings
        wrapper = connections[DEFAULT_DB_ALIAS]
        params = wrapper.get_connection_params()  # without the pool's options
        self._connect = functools.partial(wrapper.Database.connect, **params)
        self._configure = wrapper._configure_connection  # noqa: SLF001 - Django's own set-up
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            raw = self._raw = self._connect()
            try:
                raw.autocommit = True  # the transaction is begun below, explicitly
                self._configure(raw)
                with raw.cursor() as cur:
                    cur.execute("begin isolation level repeatable read, read only")
                    cur.execute(
                        sql.SQL("set transaction snapshot {}").format(sql.Literal(self.snapshot))
                    )
                    cur.execute("set local jit = off")
                    self._result = self.work(cur)
                    cur.execute("rollback")
            finally:
                raw.close()
        except BaseException as error:  # noqa: BLE001 - raised again in result()
            self._error = error

    def result(self) -> Any:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._thread is None or not self._thread.is_alive():
            return
        if error is not None and self._raw is not None:
            self._raw.cancel_safe()  # the records are not wanted any more
        self._thread.join()
