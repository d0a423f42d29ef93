"""Dates of the registers: none before 1900 (a year 1 typed by mistake would otherwise start a
project's timeline there), none in the future where the field says a thing has happened."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import messages as msg

EARLIEST_REGISTER_DATE = date(1900, 1, 1)


def check_register_date(field: str, day: date | None, *, past_only: bool = False) -> None:
    if day is None:
        return
    if day < EARLIEST_REGISTER_DATE:
        raise ValidationError(
            {
                field: ValidationError(
                    msg.DATE_TOO_EARLY,
                    params={
                        "date": f"{day:%d/%m/%Y}",
                        "earliest": f"{EARLIEST_REGISTER_DATE:%d/%m/%Y}",
                    },
                )
            }
        )
    if past_only and day > timezone.localdate():
        raise ValidationError(
            {field: ValidationError(msg.DATE_IN_FUTURE, params={"date": f"{day:%d/%m/%Y}"})}
        )
