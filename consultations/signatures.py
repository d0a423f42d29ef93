"""Signatures of a meeting's minutes as facts (domain.md "Signatures"): who signed on paper, by
role — the commune People's Committee, the Fatherland Front, the People's Inspection Board,
the board, and each household's representative by land user — with the scan as evidence,
recorded at the meeting or afterwards; and an official's confirmation of their own signature,
recorded as their own act (the door stores their role and checks it is the signature's)."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from . import messages as msg
from .models import Case, Event
from .services import Act, Recorded, Subject, event_record, events_write


@transaction.atomic
def signatures_record(
    *,
    project,
    actor,
    meeting: Event,
    happened_on: date | None,
    roles: Sequence[str] = (),
    cases: Sequence[int] = (),
    evidence_files=(),
    submission_key=None,
) -> list[Recorded]:
    """One `minutes_signed` per signing body and per household whose representative signed
    (`cases`: case ids), in one batch; the scan proves each of them."""
    if not roles and not cases:
        raise ValidationError(msg.SIGNATURES_NONE, code="no_signature")
    subject = Subject(area=meeting.area)
    on_record = {"meeting": meeting.root_id}
    acts = [
        Act("minutes_signed", subject, happened_on, {**on_record, "role": role})
        for role in dict.fromkeys(roles)
    ]
    households = Case.objects.in_bulk(sorted(set(cases)))
    for case_id in sorted(set(cases)):
        if case_id not in households:
            raise ValidationError(
                {"case": ValidationError(msg.REF_NOT_FOUND, params={"id": case_id})}
            )
        acts.append(
            Act(
                "minutes_signed",
                subject,
                happened_on,
                {**on_record, "role": "household_representative", "case": case_id},
            )
        )
    written = events_write(
        project=project,
        actor=actor,
        acts=acts,
        evidence_files=evidence_files,
        submission_key=submission_key,
    )
    scans = list(written[0].event.evidence.all())
    for r in written[1:]:
        if scans:
            r.event.evidence.add(*scans)
    return written


def signature_confirm(
    *, project, actor, signature: Event, happened_on: date | None, submission_key=None
) -> Recorded:
    return event_record(
        project=project,
        actor=actor,
        kind="signature_confirmed",
        happened_on=happened_on,
        subject=Subject(area=signature.area),
        values={"signature": signature.root_id},
        submission_key=submission_key,
    )
