"""Advisory locks that make the door's "already recorded?" and "still named?" checks one writer
at a time (two signatures, confirmations, acceptances or ends recorded at once both passed the
check; so did a void and an act naming what it voids).

Taken in one order by every writer: the chains a batch names, voids or corrects (all at once,
in id order), then a case's or a grievance's steps."""

from collections.abc import Iterable

from django.db import connection

CHAIN, GRIEVANCE, CASE_STEPS = 7301, 7302, 7303
_KEYS = 2_147_483_647  # a lock's key is a 32-bit integer


def lock(space: int, key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("select pg_advisory_xact_lock(%s, %s)", [space, key % _KEYS])


def lock_chains(root_ids: Iterable[int]) -> None:
    """The chains, in key order, in one statement (two batches naming the same chains wait for
    each other, never each for the other)."""
    keys = sorted({root_id % _KEYS for root_id in root_ids})
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                "select count(pg_advisory_xact_lock(%s, k)) from unnest(%s::int[]) as k",
                [CHAIN, keys],
            )
