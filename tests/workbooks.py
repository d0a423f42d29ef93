"""Workbooks written the way a board's spreadsheet program would, for the import tests: any
sheets and rows, merged cells, text where a number belongs."""

import io

import xlsxwriter
from django.utils import translation

from landcases.plan_xlsx import HOUSEHOLDS, ITEMS


def workbook(sheets: dict[str, list[list]], *, merge: tuple[str, str] | None = None) -> bytes:
    """Sheets by name, each a list of rows (the first is the header); `merge` = (sheet name,
    range such as "A1:B1") merges those cells."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
        if merge and merge[0] == name:
            first = rows[0][0] if rows and rows[0] else ""
            ws.merge_range(merge[1], first)
    book.close()
    return out.getvalue()


def headers(sheet, language="vi") -> list[str]:
    with translation.override(language):
        return [c.label for c in sheet.columns]


def titles(language="vi") -> tuple[str, str]:
    with translation.override(language):
        return HOUSEHOLDS.title, ITEMS.title


def plan_workbook(households: list[list], items: list[list], *, language="vi", **kw) -> bytes:
    """A plan version's workbook with the template's headers: households rows are [lookup code,
    name, deductions, net]; items rows [lookup code, category, code, description, quantity,
    unit, unit price, amount]."""
    h, i = titles(language)
    return workbook(
        {
            h: [headers(HOUSEHOLDS, language), *households],
            i: [headers(ITEMS, language), *items],
        },
        **kw,
    )


def land_item(code, amount, *, m2=100, use="LUC"):
    return [code, "đất", use, "", m2, "m2", amount // m2, amount]


def support_item(code, amount, item="life_stabilisation"):
    return [code, "hỗ trợ", item, "", None, "", None, amount]
