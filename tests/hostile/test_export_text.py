"""§5 rows about Excel export: control characters, formula injection, a text longer than a cell."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from app.document import ReportDocument
from app.export.xlsx import MAX_CELL_CHARS, CellTooLongError, build_workbook


def _strings(data: bytes) -> list[tuple[str, str, str]]:
    wb = load_workbook(io.BytesIO(data))
    return [
        (ws.title, c.data_type, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


def test_control_characters_in_the_agency_and_a_text_are_removed_on_excel_export() -> None:
    doc = ReportDocument.new("某局\x00\x07\x1b", 2024)
    field = next(iter(doc.spec.text_fields))
    doc.texts[field] = "正文\x0b含\x0c控制"
    values = [v for _, _, v in _strings(build_workbook(doc))]
    assert "某局" in values
    assert any("正文含控制" in v for v in values)
    assert not any(ch in v for v in values for ch in "\x00\x07\x1b\x0b\x0c")


def test_text_beginning_with_equals_is_exported_as_text_never_as_a_formula() -> None:
    attack = '=HYPERLINK("http://example.invalid","点击")'
    doc = ReportDocument.new(attack, 2024)
    field = next(iter(doc.spec.text_fields))
    doc.texts[field] = "=1+1"
    found = _strings(build_workbook(doc))
    mine = [(kind, v) for _, kind, v in found if v.startswith(("=HYPERLINK", "=1+1"))]
    assert {v for _, v in mine} >= {attack, "=1+1"}
    assert all(kind == "s" for kind, _ in mine)
    # the workbook's own totals stay live formulas
    assert any(kind == "f" and v.startswith("=SUM(") for _, kind, v in found)


def test_a_text_longer_than_a_cell_continues_in_the_next_rows_never_cut() -> None:
    doc = ReportDocument.new("某局", 2024)
    field = next(iter(doc.spec.text_fields))
    long = "㐀" * (MAX_CELL_CHARS * 2) + "㐁" * 5  # characters no heading of the report uses
    doc.texts[field] = long
    pieces = [v for _, _, v in _strings(build_workbook(doc)) if v and set(v) <= {"㐀", "㐁"}]
    assert "".join(pieces) == long
    assert all(len(p) <= MAX_CELL_CHARS for p in pieces)


def test_a_name_longer_than_a_cell_is_refused_with_a_message() -> None:
    doc = ReportDocument.new("局" * (MAX_CELL_CHARS + 1), 2024)
    with pytest.raises(CellTooLongError, match="32767"):
        build_workbook(doc)
