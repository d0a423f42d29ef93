"""Advisory locks that make the door's "already recorded?" and "still named?" checks one writer
at a time (two signatures, confirmations, acceptances or ends recorded at once both passed the
check; so did a void and an act naming what it voids).

Taken by the door for a whole batch, in one order by every writer (consistency.py `Batch`):
the chains it names, voids or corrects, then the cases of its enforcement acts and of the
decisions it voids, then its grievances — each set at once, in key order."""

from collections.abc import Iterable

from django.db import connection

CHAIN, GRIEVANCE, CASE_STEPS = 7301, 7302, 7303
_KEYS = 2_147_483_647  # a lock's key is a 32-bit integer


def lock_keys(space: int, keys: Iterable[int]) -> None:
    """Several keys of a space, in key order, in one statement (two batches wanting the same
    keys wait for each other, never each for the other)."""
    ordered = sorted({key % _KEYS for key in keys})
    if ordered:
        with connection.cursor() as cursor:
            cursor.execute(
                "select count(pg_advisory_xact_lock(%s, k)) from unnest(%s::int[]) as k",
                [space, ordered],
            )


def lock_chains(root_ids: Iterable[int]) -> None:
    lock_keys(CHAIN, root_ids)
