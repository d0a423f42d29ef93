"""Free text that comes with acts, kept out of the immutable record (architecture.md, Core
design 2): stored here, named from the event by id and salted SHA-256, erasable on request."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from landcases.text import clean

from . import messages as msg
from .models import FreeText


def digest(salt: str, text: str) -> str:
    return hashlib.sha256((salt + text).encode("utf-8")).hexdigest()


def texts_store(*, project_id: int, texts: list[str]) -> list[FreeText]:
    """One row per text, in order (one INSERT for all)."""
    rows = []
    for text in texts:
        salt = secrets.token_hex(16)
        rows.append(
            FreeText(project_id=project_id, text=text, salt=salt, sha256=digest(salt, text))
        )
    return FreeText.objects.bulk_create(rows)


def text_matches(text: FreeText, words: str) -> bool:
    """Whether these words are the ones recorded (also after they were erased)."""
    return digest(text.salt, clean(words, multiline=True)) == text.sha256


@transaction.atomic
def text_erase(*, text: FreeText, actor, reason: str) -> FreeText:
    """Remove the words, keep the hash, the salt and who erased them, when and why."""
    reason = clean(reason or "")
    if not reason:
        raise ValidationError({"reason": msg.TEXT_ERASURE_REASON})
    text = FreeText.objects.select_for_update().get(pk=text.pk)
    if text.erased_at is not None:
        raise ValidationError(msg.TEXT_ALREADY_ERASED, code="already_erased")
    text.text = ""
    text.erased_at = timezone.now()
    text.erased_by = actor
    text.erasure_reason = reason[:255]
    text.save(update_fields=["text", "erased_at", "erased_by", "erasure_reason"])
    return text


def text_ids_of_case(case) -> list[int]:
    """The free texts of the acts about this case (its own events' payloads)."""
    from .models import Event

    ids: set[int] = set()
    for payload in Event.objects.filter(case=case).values_list("payload", flat=True):
        ids.update(v for k, v in payload.items() if k.endswith("_text") and isinstance(v, int))
    return sorted(ids)


@transaction.atomic
def case_remarks_erase(*, case, actor, reason: str) -> int:
    """A household's request: erase the words of every remark recorded about it (concerns,
    notes), keeping their hashes. Answers how many were erased."""
    reason = clean(reason or "")
    if not reason:
        raise ValidationError({"reason": msg.TEXT_ERASURE_REASON})
    erased = 0
    for text in FreeText.objects.filter(pk__in=text_ids_of_case(case), erased_at__isnull=True):
        text_erase(text=text, actor=actor, reason=reason)
        erased += 1
    return erased
