"""A query run on a second connection, under this transaction's snapshot, while this one goes
on: the machine has two cores, and one PostgreSQL backend uses one.

PostgreSQL shares a snapshot between sessions (`pg_export_snapshot`, `SET TRANSACTION
SNAPSHOT`): the second session then reads exactly what this transaction reads, provided this
one reads from that one snapshot too (REPEATABLE READ) and has written nothing yet (what it
wrote would be invisible to the other). Where that cannot be had — inside a savepoint (a test's
transaction, a caller's nested block), or after a write — the query runs here, in turn: the same
SQL, the same answer, only later.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from psycopg import sql


def begin_shared(*, outermost: bool) -> str | None:
    """The snapshot of this transaction, exported, when it can be shared. `outermost`: the
    transaction was just begun (nothing read yet), and is made to read from one snapshot."""
    with connection.cursor() as cur:
        if outermost:
            cur.execute("set transaction isolation level repeatable read")
        elif connection.savepoint_ids:
            return None  # a snapshot is not exported from a subtransaction
        cur.execute(
            "select current_setting('transaction_isolation'), txid_current_if_assigned() is null"
        )
        isolation, clean = cur.fetchone()
        if isolation not in ("repeatable read", "serializable") or not clean:
            return None
        cur.execute("select pg_export_snapshot()")
        return cur.fetchone()[0]


class Beside:
    """`work(cursor)` run on a second connection under `snapshot`, or here when it is None."""

    def __init__(self, snapshot: str | None, work: Callable[[Any], Any]) -> None:
        self.snapshot, self.work = snapshot, work
        self._result: Any = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if snapshot is not None:
            # Django's connections are per thread: this one's wrapper opens the other
            wrapper = connections[DEFAULT_DB_ALIAS]
            params = wrapper.get_connection_params()
            self._connect = lambda: wrapper.get_new_connection(params)
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            raw = self._connect()
            try:
                raw.autocommit = True  # the transaction is begun here, explicitly
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
        if self._thread is None:
            with connection.cursor() as cur:
                return self.work(cur)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result
