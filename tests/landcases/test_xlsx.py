"""The XLSX module shared by imports and exports: reading with its checks (headers in any
language, merged header cells, missing and repeated columns, typed cells with translated
reasons, zip bombs), the error sheet, templates and streaming writes."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from landcases.xlsx import (
    Column,
    Sheet,
    SpreadsheetError,
    check_archive,
    errors_workbook,
    read_sheet,
    read_sheets,
    stream_export,
    stream_workbook,
    template,
    write_workbook,
)
from tests.workbooks import workbook

COLUMNS = Sheet(
    "Households",
    [
        Column("code", "Lookup code", required=True, max_length=6),
        Column("amount", "Amount (VND)", "vnd"),
        Column("area", "Area", "decimal", places=2),
        Column("on", "Date", "date"),
        Column(
            "kind", "Category", "code", choices=("land", "support"), choice_labels={"land": "Land"}
        ),
        Column("flag", "Flag", "bool"),
        Column("n", "Count", "int"),
    ],
)


@pytest.fixture(autouse=True)
def english():
    """The messages asserted below in English (the Vietnamese ones: tests/landcases/
    test_plan_import.py)."""
    with translation.override("en"):
        yield


HEADER = ["Lookup code", "Amount (VND)", "Area", "Date", "Category", "Flag", "Count"]


def rows_of(data: bytes, sheet: str) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(sheet).to_python()


def read(rows, *, language="en", header=HEADER, **kw):
    data = workbook({"Households": [header, *rows]}, **kw)
    with translation.override(language):
        return read_sheet(data, COLUMNS)


def test_typed_cells_and_their_reasons():
    result = read(
        [
            ["A1", 1_500_000, 12.35, "03/03/2025", "land", "x", 3],
            ["A2", "một triệu", 1.234, "2025-02-30", "bonus", "", 2.5],
            ["A3", "1,5", -1, None, "Land", None, None],
            ["A4", 10**14, None, None, None, None, None],
        ]
    )
    first, second, third, fourth = result.rows
    assert first.values == {
        "code": "A1",
        "amount": 1_500_000,
        "area": Decimal("12.35"),
        "on": date(2025, 3, 3),
        "kind": "land",
        "flag": True,
        "n": 3,
    }
    assert not first.errors
    text = "; ".join(second.errors)
    assert "“một triệu” is not an amount in đồng" in text
    assert "at most 2 decimals" in text  # 1.234 is not rounded silently
    assert "is not a date" in text and "“bonus” is not one of: land (Land), support" in text
    assert "“2.5” is not a whole number" in text
    assert any("1,5" in e for e in third.errors)  # a comma is ambiguous: refused
    assert third.values["kind"] == "land"  # the label is taken for the code
    assert fourth.errors  # above 10^13 đồng
    assert [r.number for r in result.refused] == [3, 4, 5]


def test_headers_are_read_in_either_language():
    # The header as the real sheets give it: lazy, so that it is known in every language.
    sheet = Sheet("Hộ", [Column("net", translation.gettext_lazy("Net amount (VND)"), "vnd")])
    with translation.override("vi"):
        header = [str(sheet.columns[0].label)]
    assert header == ["Số tiền được nhận (đồng)"]  # the Vietnamese header, not the English one
    data = workbook({"Hộ": [header, [5]]})
    with translation.override("en"):
        assert read_sheet(data, sheet, index=0).rows[0].values == {"net": 5}
    with translation.override("vi"):
        english = workbook({"Hộ": [["Net amount (VND)"], [7]]})
        assert read_sheet(english, sheet, index=0).rows[0].values == {"net": 7}


@pytest.mark.parametrize(
    "header, message",
    [
        (HEADER[1:], "“Lookup code” is missing"),
        ([*HEADER, "Extra"], "Unknown columns in “Households”: Extra"),
        ([*HEADER, "Amount (VND)"], "appears 2 times"),
    ],
)
def test_missing_unknown_and_repeated_columns_refuse_the_file(header, message):
    with pytest.raises(SpreadsheetError, match=message):
        read([], header=header)


def test_merged_header_cells_refuse_the_file():
    with pytest.raises(SpreadsheetError, match="merged cells"):
        read([["A1"]], merge=("Households", "A1:B1"))


def test_required_cells_invisible_characters_and_lengths():
    result = read([[None, 5], ["A\u200bB", 5], ["TOOLONGX", 5]])
    assert [e.split(":")[0] for r in result.rows for e in r.errors] == ["Lookup code"] * 3
    assert "required" in result.rows[0].errors[0]
    assert "invisible" in result.rows[1].errors[0]
    assert "at most 6" in result.rows[2].errors[0]


def test_empty_rows_are_skipped_and_row_numbers_are_the_sheets():
    result = read([["A1"], [None, None], ["A2"]])
    assert [r.number for r in result.rows] == [2, 4]


def test_sheet_by_name_or_position_and_two_sheets_at_once():
    data = workbook({"Other": [["Lookup code"], ["B1"]], "Households": [["Lookup code"], ["A1"]]})
    one = Sheet("Households", [Column("code", "Lookup code")])
    two = Sheet("Missing", [Column("code", "Lookup code")])
    by_name, by_index = read_sheets(data, [(one, None), (two, 0)])
    assert by_name.rows[0].values["code"] == "A1" and by_index.rows[0].values["code"] == "B1"
    with pytest.raises(SpreadsheetError, match="no sheet “Missing”"):
        read_sheet(data, two)


def test_what_is_not_a_workbook_and_zip_bombs_are_refused_before_parsing():
    with pytest.raises(SpreadsheetError, match="not an Excel workbook"):
        check_archive(b"PK\x03\x04 not really")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 2**20))
    with pytest.raises(SpreadsheetError, match="unpacks to far more"):
        check_archive(bomb.getvalue())
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(SpreadsheetError, match="not an Excel workbook"):
        check_archive(plain.getvalue())


def test_the_error_sheet_holds_the_refused_rows_as_sent_with_their_reasons():
    result = read([["A1", 5], ["A2", "năm"], ["A3", 7]])
    data = errors_workbook([(COLUMNS, result)])
    rows = rows_of(data, "Households")
    assert rows[0] == [*HEADER, "Errors"]
    assert len(rows) == 2 and rows[1][0] == "A2" and rows[1][1] == "năm"
    assert rows[1][-1].startswith("row 3: Amount (VND): “năm”")


def test_template_has_headers_examples_and_a_guide():
    with translation.override("en"):
        data = template([COLUMNS], {"Households": [["A1", 100]]})
    assert rows_of(data, "Households")[:2] == [HEADER, ["A1", 100.0, "", "", "", "", ""]]
    guide = rows_of(data, "Guide")
    assert ["Households", "Category", "one of the codes: land (Land), support"] in guide
    assert any(r[1] == "Lookup code" and "required" in r[2] for r in guide)


def test_streamed_writes_in_constant_memory_with_progress():
    told = []
    out = io.BytesIO()
    rows = ([f"A{i}", i * 1000, None, date(2025, 1, 2), "land", True, i] for i in range(12_000))
    write_workbook([(COLUMNS, rows)], out=out, progress=told.append, every=5000)
    assert told == [5000, 10000]
    back = rows_of(out.getvalue(), "Households")
    assert len(back) == 12_001 and back[2][:4] == ["A1", 1000.0, "", "02/01/2025"]
    assert rows_of(stream_export(COLUMNS, [["B", 1]]), "Households")[1][:2] == ["B", 1.0]


def test_the_streaming_writer_writes_what_xlsxwriter_writes():
    """stream_workbook (large exports) and write_workbook give the same cells: numbers, text
    that XML must escape or cannot carry, spaces at the ends, dates, booleans, gaps."""
    tricky = ["a & b <c>", "  padded ", "tab\there", "bell\x07", "_x0041_ literal", "Đức", ""]
    rows = [
        [t, i * 1000, Decimal("12.50") if i % 2 else None, date(2025, 1, 2), "land", i % 2 == 0, i]
        for i, t in enumerate(tricky)
    ]
    both = [
        f(
            [(COLUMNS, rows), (Sheet("Hộ & “khác”", COLUMNS.columns), rows[:2])],
            extra_header="Errors",
        )
        for f in (write_workbook, stream_workbook)
    ]
    for name in ("Households", "Hộ & “khác”"):
        assert rows_of(both[1], name) == rows_of(both[0], name)
    assert rows_of(both[1], "Households")[2][:2] == ["  padded ", 1000.0]
    import openpyxl  # a stricter reader of the parts and styles

    book = openpyxl.load_workbook(io.BytesIO(both[1]))
    sheet = book["Households"]
    assert sheet["A1"].font.b and sheet["B2"].number_format == "#,##0"
    assert sheet["A2"].value == "a & b <c>" and sheet["G3"].value == 1  # (no _xHHHH_ decoding)
    told = []
    stream_workbook([(COLUMNS, iter(rows * 1000))], out=io.BytesIO(), progress=told.append)
    assert told == [5000]


@pytest.mark.parametrize(
    "value",
    [
        "  Nguyễn   Văn  An ",
        "Nguye\u0302\u0303n",  # decomposed: NFC composes it
        "a\u00a0b",  # a no-break space
        "a\tb\nc",
        "zero\u200bwidth",
        "bidi\u202eoverride",
        "nul\x00",
        "ẞ ﬁ ①",
        "",
        "    ",
    ],
)
def test_the_fast_clean_is_landcases_text_clean(value):
    """The cleaning takes a short cut for strings with nothing invisible; it must answer what
    the character-by-character cleaning answers, for those and the others (the sheet's
    cleaning is the same function)."""
    from landcases.text import clean, clean_by_character
    from landcases.xlsx import _clean

    assert _clean(value) == clean(value) == clean_by_character(value)
