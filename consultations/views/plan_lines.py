"""What the line form takes and gives: the land user it names, the service's input from the
form and its item rows, and a line's values to edit."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q

from landcases import messages as register_msg
from landcases.models import LandUser
from landcases.services import ItemInput, LineInput


def land_user_of(access, raw: str) -> LandUser:
    """The project's land user named by lookup code or #id (a message for anything else)."""
    text = (raw or "").strip()
    number = re.fullmatch(r"#([0-9]{1,18})", text)
    found = LandUser.objects.filter(project=access.project).filter(
        Q(pk=int(number.group(1))) if number else Q(lookup_code=text.upper())
    )
    land_user = found.first()
    if land_user is None:
        raise ValidationError(
            {
                "land_user": ValidationError(
                    register_msg.XLSX_LOOKUP_UNKNOWN, params={"code": text[:20]}
                )
            }
        )
    return land_user


def line_input(land_user_id: int, data: dict, formset) -> LineInput:
    items = [
        ItemInput(
            category=d["category"],
            amount=d["amount"],
            code=d.get("code") or "",
            description=d.get("description") or "",
            quantity=d.get("quantity"),
            unit=d.get("unit") or "",
            unit_price=d.get("unit_price"),
        )
        for f in formset.forms
        if not f.is_blank()
        for d in [f.cleaned_data]
    ]
    return LineInput(land_user_id, data.get("deductions") or 0, items)


def line_initial(line) -> tuple[dict, list[dict]]:
    if line is None:
        return {}, []
    initial = {
        "land_user": line.land_user.lookup_code,
        "deductions": line.deductions_vnd,
    }
    items = [
        {
            "category": i.category,
            "code": i.code,
            "description": i.description,
            "quantity": i.quantity,
            "unit": i.unit,
            "unit_price": i.unit_price_vnd,
            "amount": i.amount_vnd,
        }
        for i in line.items.order_by("id")
    ]
    return initial, items
