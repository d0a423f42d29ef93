"""Spreadsheets in and out: templates with Vietnamese headers, row-by-row validation with an
error sheet to download, streaming exports. One module for every import and export (plans,
land users, the household register, reports).

Reading: python-calamine (Rust; measured ~10x faster than openpyxl read-only on 100k rows,
and it reports merged cells). Writing: XlsxWriter in constant-memory mode (~2x faster than
openpyxl's write-only mode on 100k rows). An .xlsx is a zip: its uncompressed size and ratio
are checked before anything is parsed.
"""

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineWorkbook

from .text import clean, had_hidden_characters

MAX_UPLOAD_BYTES = 50 * 2**20
MAX_UNCOMPRESSED_BYTES = 400 * 2**20
MAX_RATIO = 200  # uncompressed / compressed: a zip bomb goes far beyond
MAX_ROWS = 200_000


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (a translated message for the user)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # translatable label (the template's header, Vietnamese first)
    kind: str = "text"  # text / int / vnd / decimal / date / code / bool
    required: bool = False
    max_length: int = 255
    choices: Sequence[str] = ()  # for code columns
    width: int = 18

    @property
    def label(self) -> str:
        return str(self.header)


@dataclass(frozen=True)
class Sheet:
    name: Any
    columns: Sequence[Column]
    note: Any = ""

    @property
    def title(self) -> str:
        return str(self.name)[:31]


@dataclass
class Row:
    number: int  # the row number in the sheet (1 = the header)
    values: dict[str, Any]
    raw: list[Any]
    errors: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.errors.append(message)


def _norm(text: Any) -> str:
    return " ".join(clean(str(text or "")).lower().split())


# --- reading -----------------------------------------------------------------------------


def check_archive(data: bytes) -> None:
    """Refuse what is not an .xlsx, and a zip bomb, before parsing anything."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            _("The file is %(mb)s MB; at most %(limit)s MB.")
            % {"mb": round(len(data) / 2**20, 1), "limit": MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("This is not an Excel workbook (.xlsx).")) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES or total > MAX_RATIO * max(len(data), 1):
        raise SpreadsheetError(_("The workbook unpacks to far more than its size: refused."))
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise SpreadsheetError(_("This is not an Excel workbook (.xlsx)."))


def _cell(column: Column, value: Any, row: Row) -> Any:  # noqa: C901 - one branch per kind
    if isinstance(value, str):
        if had_hidden_characters(value):
            row.fail(_("%(col)s: invisible control characters.") % {"col": column.label})
            return None
        value = clean(value)
    if value is None or value == "":
        if column.required:
            row.fail(_("%(col)s: required.") % {"col": column.label})
        return None
    kind = column.kind
    try:
        if kind in ("int", "vnd"):
            if isinstance(value, bool):
                raise ValueError
            number = Decimal(str(value).replace(" ", "")) if isinstance(value, str) else value
            if isinstance(value, str) and "," in value:
                raise ValueError  # 1,5 or 1,000: ambiguous — numbers are typed as numbers
            number = Decimal(str(number))
            if number != number.to_integral_value():
                raise ValueError
            number = int(number)
            if kind == "vnd" and not 0 <= number <= 10**13:
                raise ValueError
            return number
        if kind == "decimal":
            number = Decimal(str(value))
            if not number.is_finite() or number < 0:
                raise ValueError
            return number.quantize(Decimal("0.1"))
        if kind == "date":
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            text = str(value)
            if "/" in text:
                d, m, y = (int(p) for p in text.split("/"))
                return date(y, m, d)
            return date.fromisoformat(text)
        if kind == "bool":
            truthy = {"x", "có", "co", "1", "yes", "true", "đúng"}
            return _norm(value) in truthy
        if kind == "code":
            code = _norm(value)
            match = [c for c in column.choices if c.lower() == code]
            if not match:
                raise ValueError
            return match[0]
    except (ValueError, TypeError, InvalidOperation, ArithmeticError):
        messages = {
            "int": _("%(col)s: “%(value)s” is not a whole number."),
            "vnd": _("%(col)s: “%(value)s” is not an amount in đồng (a whole number)."),
            "decimal": _("%(col)s: “%(value)s” is not a number of 0 or more."),
            "date": _("%(col)s: “%(value)s” is not a date (dd/mm/yyyy)."),
            "code": _("%(col)s: “%(value)s” is not one of: %(choices)s."),
        }
        row.fail(
            messages.get(kind, _("%(col)s: “%(value)s” cannot be read."))
            % {"col": column.label, "value": str(value)[:40], "choices": ", ".join(column.choices)}
        )
        return None
    text = str(value)
    if len(text) > column.max_length:
        row.fail(
            _("%(col)s: at most %(n)s characters.") % {"col": column.label, "n": column.max_length}
        )
        return None
    return text


@dataclass
class Read:
    header: list[Any]  # as sent
    rows: list[Row]

    @property
    def refused(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


def read_sheet(data: bytes, sheet: Sheet, *, index: int | None = None) -> Read:
    """The rows of one sheet (by its name, or its position), each cell checked by its column;
    the header row must carry the template's headers (in any order) and no merged cells."""
    check_archive(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = book.sheet_names
        wanted = [n for n in names if _norm(n) == _norm(sheet.title)]
        chosen = (
            wanted[0]
            if wanted
            else (names[index] if index is not None and index < len(names) else None)
        )
        if chosen is None:
            raise SpreadsheetError(
                _("The workbook has no sheet “%(name)s”.") % {"name": sheet.title}
            )
        source = book.get_sheet_by_name(chosen)
        grid = source.to_python(skip_empty_area=False)
        merged = source.merged_cell_ranges or []
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - calamine raises its own errors for a broken file
        raise SpreadsheetError(_("The workbook cannot be read: save it again as .xlsx.")) from None
    if not grid:
        raise SpreadsheetError(_("The sheet “%(name)s” is empty.") % {"name": sheet.title})
    if any(start[0] == 0 for start, _end in merged):
        raise SpreadsheetError(
            _(
                "The header row of “%(name)s” has merged cells: unmerge them "
                "(one header per column)."
            )
            % {"name": sheet.title}
        )
    if len(grid) > MAX_ROWS + 1:
        raise SpreadsheetError(_("At most %(n)s rows per sheet.") % {"n": MAX_ROWS})
    header = [_norm(h) for h in grid[0]]
    positions: dict[str, int] = {}
    for column in sheet.columns:
        where = [i for i, h in enumerate(header) if h == _norm(column.label)]
        if where:
            positions[column.key] = where[0]
        elif column.required:
            raise SpreadsheetError(
                _("The column “%(col)s” is missing from “%(name)s” (download the template).")
                % {"col": column.label, "name": sheet.title}
            )
    known = {_norm(c.label) for c in sheet.columns}
    unknown = [str(h) for h, n in zip(grid[0], header, strict=False) if n and n not in known]
    if unknown:
        raise SpreadsheetError(
            _("Unknown columns in “%(name)s”: %(cols)s (download the template).")
            % {"name": sheet.title, "cols": ", ".join(unknown[:5])}
        )
    rows = []
    for number, raw in enumerate(grid[1:], start=2):
        if all(v in (None, "") for v in raw):
            continue
        row = Row(number, {}, list(raw))
        for column in sheet.columns:
            at = positions.get(column.key)
            row.values[column.key] = _cell(
                column, raw[at] if at is not None and at < len(raw) else None, row
            )
        rows.append(row)
    return Read(list(grid[0]), rows)


# --- writing -----------------------------------------------------------------------------


def write_workbook(
    sheets: Iterable[tuple[Sheet, Iterable[Sequence[Any]]]], *, extra_header: str = ""
) -> bytes:
    """A workbook with these sheets and rows (streamed: constant memory)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    bold = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#eef2f6"}
    )
    money = book.add_format({"num_format": "#,##0"})
    for sheet, rows in sheets:
        ws = book.add_worksheet(sheet.title)
        headers = [c.label for c in sheet.columns] + ([extra_header] if extra_header else [])
        for i, column in enumerate(sheet.columns):
            ws.set_column(i, i, column.width, money if column.kind == "vnd" else None)
        ws.write_row(0, 0, headers, bold)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, date | datetime):
                    ws.write_string(r, c, value.strftime("%d/%m/%Y"))
                elif isinstance(value, bool):
                    ws.write_string(r, c, "x" if value else "")
                elif isinstance(value, int | float | Decimal):
                    ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value)
                else:
                    ws.write_string(r, c, str(value))
        if sheet.note:
            ws.write_comment(0, 0, str(sheet.note))
    book.close()
    return out.getvalue()


def template(
    sheets: Sequence[Sheet], example_rows: dict[str, list[Sequence[Any]]] | None = None
) -> bytes:
    """The downloadable template: the headers, an example row, and what each column takes."""
    example_rows = example_rows or {}
    guide = Sheet(
        gettext_lazy("Guide"),
        [
            Column("sheet", gettext_lazy("Sheet")),
            Column("column", gettext_lazy("Column"), width=40),
            Column("takes", gettext_lazy("What it takes"), width=60),
        ],
    )
    kinds = {
        "text": _("text"),
        "int": _("a whole number"),
        "vnd": _("an amount in đồng, a whole number (no separators)"),
        "decimal": _("a number, at most one decimal"),
        "date": _("a date, dd/mm/yyyy"),
        "bool": _("x for yes, empty for no"),
        "code": _("one of the codes"),
    }
    lines = [
        (
            s.title,
            c.label,
            kinds[c.kind]
            + (f": {', '.join(c.choices)}" if c.choices else "")
            + (" — " + _("required") if c.required else ""),
        )
        for s in sheets
        for c in s.columns
    ]
    return write_workbook([*((s, example_rows.get(s.title, [])) for s in sheets), (guide, lines)])


def error_workbook(sheet: Sheet, read: Read) -> bytes:
    """The refused rows as they were sent (under the headers as sent), each with its row
    number and reasons in a last column: fix them there and send the sheet again."""
    header = [str(h) if h is not None else "" for h in read.header]
    sent = Sheet(sheet.name, [Column(f"c{i}", h) for i, h in enumerate(header)])

    def lines():
        for row in read.refused:
            cells = list(row.raw[: len(header)]) + [None] * (len(header) - len(row.raw))
            yield [*cells, f"{_('row')} {row.number}: " + "; ".join(row.errors)]

    return write_workbook([(sent, lines())], extra_header=str(_("Errors")))


def stream_export(sheet: Sheet, rows: Iterable[Sequence[Any]]) -> bytes:
    return write_workbook([(sheet, rows)])
