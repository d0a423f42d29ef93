"""What every register write shares: the history record (who, why), the reason, clean text
and Decimals with the field's places."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from .. import messages as msg
from ..text import clean, had_hidden_characters, has_non_ascii_digits

REASON_MAX = 255

# How each register text field is treated (landcases/text.py says why):
LINE = "line"  # names, addresses, titles: cleaned (NFC, hidden characters removed)
PROSE = "prose"  # several lines (purpose, legal basis, health notes): cleaned, lines kept
CODE = "code"  # numbers and codes: NFC; a hidden character or a non-ASCII digit is refused


def save_with_history(instance, *, actor, reason: str, update_fields=None) -> None:
    instance._history_user = actor
    instance._change_reason = reason
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save(update_fields=update_fields)


def require_reason(reason: str) -> str:
    reason = clean(reason or "")
    if not reason:
        raise ValidationError({"reason": msg.REASON_REQUIRED}, code="reason")
    return optional_reason(reason, default="")


def optional_reason(reason: str, *, default: str) -> str:
    reason = clean(reason or "")
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": ValidationError(msg.REASON_TOO_LONG, params={"limit": REASON_MAX})}
        )
    return reason or default


def cleaned_text(values: dict, kinds: dict[str, str]) -> dict:
    """The values with each text field of `kinds` cleaned or checked; all refusals at once."""
    out, errors = dict(values), {}
    for field, kind in kinds.items():
        raw = values.get(field)
        if raw is None or not isinstance(raw, str):
            continue
        if kind == CODE and had_hidden_characters(raw):
            errors[field] = ValidationError(msg.HIDDEN_CHARACTERS_IN_CODE, code="hidden")
        elif kind == CODE and has_non_ascii_digits(raw):
            errors[field] = ValidationError(msg.NON_ASCII_DIGITS, code="digits")
        else:
            out[field] = clean(raw, multiline=kind == PROSE)
    if errors:
        raise ValidationError(errors)
    return out


def entered_decimal(value, *, places: int):
    """A number as typed or passed by code → a Decimal with at most `places` places when it
    has no more significant ones ("600.00" → 600.0, the float 600.3 → 600.3). Anything else is
    returned as it is, for the field's validation to refuse with its own message."""
    if value is None or isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value)) if isinstance(value, float | int | str) else value
        if not isinstance(number, Decimal) or not number.is_finite():
            return value
        exact = number.quantize(Decimal(1).scaleb(-places))
    except (InvalidOperation, ValueError):
        return value
    return exact if exact == number else number


def apply_changes(instance, changes: dict, allowed: tuple[str, ...]) -> list[str]:
    changed = []
    for field, value in changes.items():
        if field not in allowed:
            raise TypeError(f"{field} cannot be edited here")
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def decimal_places(model, field: str) -> int:
    return model._meta.get_field(field).decimal_places
