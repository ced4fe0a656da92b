"""§5: a number beyond the bounds (1e300, 1e999999999, a 5,000-digit integer) in any imported source is left
blank, marked unread and listed with the cell and the printed value — never imported as-is."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.document import ReportDocument
from app.export.pdf import build_pdf
from app.export.xlsx import build_workbook
from app.importers.common import ImportResult, Problem, ProblemKind, bound_numbers
from app.importers.registry import import_file
from app.numbers import within_bounds
from app.persistence import load, save
from tests.importers.conftest import DATA, SAMPLES

NORMATIVE = "t2_1.normative.issued"  # 表二 · 行政规范性文件 · 本年制发件数
FIRST_T2 = "t2_1.regulation.in_force"  # the first number above 5 in 表二 of our export of the sample


def _assert_left_blank(result: ImportResult, ref: str, printed: str) -> None:
    doc = result.document
    assert doc.cells[ref] is None
    assert ref in doc.unread
    [problem] = [p for p in result.problems if ref in p.refs]
    assert problem.kind is ProblemKind.UNREADABLE
    assert printed[:20] in problem.message
    assert doc.spec.cells[ref].location in str(problem)
    assert "超出可导入的范围" in problem.message
    assert len(str(problem)) < 200  # the printed value is shortened
    assert all(within_bounds(v) for v in doc.cells.values() if isinstance(v, Decimal))


def _workbook_with(value: object) -> bytes:
    """Our export of the sample with the first number above 5 of 表二 replaced by ``value``."""
    wb = load_workbook(io.BytesIO(build_workbook(load(SAMPLES / "huaian-city-2024.json"))))
    ws = wb["表二"]
    [cell] = [c for row in ws.iter_rows() for c in row if isinstance(c.value, int) and c.value > 5][:1]
    cell.value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("value", "printed"),
    [(1e300, "1E+300"), ("1e999999999", "1E+999999999"), ("9" * 5000, "9" * 20), (-1e-300, "-1E-300")],
    ids=["float-1e300", "text-1e999999999", "text-5000-digits", "float-1e-300"],
)
def test_a_workbook_cell_beyond_the_bounds_is_left_blank(tmp_path: Path, value: object, printed: str) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(_workbook_with(value))
    result = import_file(path)
    _assert_left_blank(result, FIRST_T2, printed)
    # what the importer said first ("已按原样读取为…") is replaced, not contradicted
    assert not any("按原样读取" in p.message for p in result.problems if FIRST_T2 in p.refs)


def _text_with(number: str) -> str:
    text = (DATA / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8")
    row = "行政规范性文件\t0\t0\t0"
    assert row in text
    return text.replace(row, f"行政规范性文件\t{number}\t0\t0", 1)


@pytest.mark.parametrize("digits", [16, 5000])
def test_a_text_table_number_beyond_the_bounds_is_left_blank(tmp_path: Path, digits: int) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_text_with("9" * digits), encoding="utf-8")
    result = import_file(path)
    _assert_left_blank(result, NORMATIVE, "9" * min(digits, 20))
    assert result.document.cells["t2_1.normative.repealed"] == 0  # the rest of the row is read


def test_a_text_number_at_the_bounds_is_still_imported(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_text_with("9" * 15), encoding="utf-8")
    result = import_file(path)
    assert result.document.cells[NORMATIVE] == Decimal("9" * 15)
    assert NORMATIVE not in result.document.unread


def test_a_web_page_number_beyond_the_bounds_is_left_blank(tmp_path: Path) -> None:
    page = (DATA / "qingshi-zrzy-2023.html").read_bytes()
    cell = b"<td><p>3</p></td><td><p>1</p></td><td><p>25</p></td>"
    assert page.count(cell) == 1
    path = tmp_path / "r.html"
    path.write_bytes(page.replace(cell, b"<td><p>" + b"8" * 5000 + b"</p></td><td><p>1</p></td><td><p>25</p></td>"))
    result = import_file(path)
    _assert_left_blank(result, NORMATIVE, "8" * 20)
    assert result.document.cells["t2_1.normative.in_force"] == 25


def test_a_pdf_number_beyond_the_bounds_is_left_blank(tmp_path: Path) -> None:
    doc = load(SAMPLES / "huaian-city-2024.json")
    doc.cells[NORMATIVE] = Decimal("7" * 24)  # set directly: typing or loading it would be refused
    path = tmp_path / "r.pdf"
    path.write_bytes(build_pdf(doc))
    result = import_file(path)
    _assert_left_blank(result, NORMATIVE, "7" * 20)


def test_the_imported_project_saves_and_loads(tmp_path: Path) -> None:
    source = tmp_path / "r.xlsx"
    source.write_bytes(_workbook_with("1e999999999"))
    project = tmp_path / "p.json"
    save(import_file(source).document, project)
    assert project.stat().st_size < 1_000_000
    assert load(project).cells[FIRST_T2] is None


def test_a_stated_total_or_foreign_value_beyond_the_bounds_is_dropped_and_listed() -> None:
    doc = ReportDocument.new("某局", 2024)
    total = next(ref for ref in doc.spec.computed_cells)
    doc.stated[total] = Decimal("1e40")
    doc.foreign_cells["2019:t3.other.natural"] = Decimal("-1e40")
    doc.foreign_cells["2019:t3.other.legal"] = Decimal(3)
    entered = doc.spec.input_cells[0]
    doc.cells[entered] = Decimal("NaN")
    earlier = Problem(ProblemKind.CHECK, "第9行", "合计与各项之和不符", (total,))
    result = bound_numbers(ImportResult(doc, [earlier]))
    assert total not in doc.stated
    assert total not in doc.unread  # a total not read is computed from its parts
    assert doc.foreign_cells == {"2019:t3.other.legal": Decimal(3)}
    assert doc.cells[entered] is None and entered in doc.unread
    first, second, third = result.problems  # the replaced problem keeps its place
    assert "NaN" in second.message
    assert first.source == "第9行" and first.refs == (total,)
    assert doc.spec.cells[total].location in first.message and "1E+40" in first.message
    assert third.kind is ProblemKind.UNREADABLE and "-1E+40" in third.message and not third.refs
