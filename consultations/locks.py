"""Advisory locks that make the door's "already recorded?" checks one writer at a time (two
signatures, confirmations, acceptances or ends recorded at once both passed the check)."""

from django.db import connection

CHAIN, GRIEVANCE = 7301, 7302


def lock(space: int, key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("select pg_advisory_xact_lock(%s, %s)", [space, key % 2_147_483_647])


def lock_chain(root_id: int) -> None:
    lock(CHAIN, root_id)
