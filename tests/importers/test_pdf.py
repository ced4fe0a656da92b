"""Importing a PDF by cell geometry (pdfium): published reports, our own PDF read back, hostile files."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

import app.importers.pdf.read as pdf_read
from app.export.pdf import build_pdf
from app.importers.common import ProblemKind, SourceError
from app.importers.pdf import import_pdf, import_pdf_bytes
from app.importers.pdf.grid import page_layout
from app.importers.pdf.read import Char, Page, Segment
from app.persistence import load
from app.rules import validate
from tests.importers.conftest import DATA, SAMPLES

HUAIAN = DATA / "huaian-city-2024.pdf"
HONGZE = DATA / "hongze-district-2023.pdf"


@pytest.fixture(autouse=True)
def _no_pdftotext(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No external program is needed: PATH holds only an empty folder."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_a_published_pdf_gives_every_transcribed_cell() -> None:
    result = import_pdf(str(HUAIAN))
    doc = result.document
    ref = load(SAMPLES / "huaian-city-2024.json")
    assert doc.meta["agency"] == "淮安市人民政府" and doc.year == 2024
    for cell in doc.spec.cells:
        assert doc.value(cell) == ref.value(cell), cell
    assert doc.stated["t3.result_total.total"] == 3050
    assert doc.cells["t2_8.fee.amount"] == Decimal("96171.6")  # the full stop sits low: still in its line
    assert not result.unreadable
    assert doc.meta["contact_postcode"] == "223001" and doc.meta["contact_email"] == "hazwgkc@163.com"
    # narrative in reading order, no spaces put between Chinese characters and punctuation
    assert doc.texts["s1_active"].startswith("2024年，市政府网站主动公开各类政府信息5500余条，全年新增")
    assert doc.texts["s6_main"].endswith("信息处理费3940元。")
    assert doc.meta["preamble"].startswith(
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）"
    )


def test_a_district_report_keeps_its_typo_its_2019_row_and_its_real_errors_only() -> None:
    result = import_pdf(str(HONGZE))
    doc = result.document
    assert doc.meta["agency"] == "洪泽区人民政府" and doc.year == 2023
    assert doc.cells["t3.withheld_secret.natural"] == 1 and doc.stated["t3.withheld_secret.total"] == 1
    assert all(doc.cells[f"t3.withheld_law.{c}"] == 0 for c in ("natural", "commercial", "other"))
    assert doc.source_labels["row:t3.withheld_law"] == "2.其他法律行政止公开"
    assert doc.foreign_cells["2019:t3.other.total"] == 0
    [said] = [p for p in result.problems if "2019版" in p.message]  # said once, not as 21 unread cells
    assert said.kind is ProblemKind.CHECK and said.source.startswith("PDF 第4页第1个表格")
    assert not result.unreadable
    rules = {i.rule for i in validate(doc)}
    assert "STR-LABELS" in rules and "FMT-T3-ROWSET" in rules
    assert not rules & {"T3-RESULT-SUM", "T3-BAL", "T3-ROW-TOTAL"}  # the published report has none


@pytest.mark.parametrize("name", ["huaian-city-2024", "jianxi-zwfw-2022"])
def test_our_own_pdf_reads_back_exactly(name: str) -> None:
    ref = load(SAMPLES / f"{name}.json")
    result = import_pdf_bytes(build_pdf(ref))  # tables repeat their header on the next page
    doc = result.document
    assert doc.meta["agency"] == ref.meta["agency"] and doc.year == ref.year
    for cell in ref.spec.cells:
        assert doc.value(cell) == ref.value(cell), cell
    assert not result.unreadable


@pytest.mark.parametrize("name", ["-layout", "-v", "-2024年报.pdf"])
def test_file_name_starting_with_a_dash(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / name).write_bytes(HUAIAN.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert import_pdf(name).document.number("t3.new.total") == 3119


# --------------------------------------------------------------------------- geometry
def _box(page: Page, x0: float, y0: float, x1: float, y1: float) -> None:
    page.segments += [
        Segment(x0, y0, x1, y0),
        Segment(x0, y1, x1, y1),
        Segment(x0, y0, x0, y1),
        Segment(x1, y0, x1, y1),
    ]


def _write(page: Page, text: str, x: float, y: float, step: float = 10.0) -> None:
    for i, ch in enumerate(text):
        page.chars.append(Char(ch, x + i * step, y, x + i * step + 10, y + 10, x + i * step + 5, y + 5))


def test_cells_come_from_the_rules_and_an_undivided_span_is_one_merged_cell() -> None:
    page = Page(1, 600, 800)
    # a 2 × 3 grid; on the top row no rule divides columns 2 and 3: one merged header cell
    page.segments += [Segment(100, y, 400, y) for y in (100, 130, 160)]
    page.segments += [Segment(x, 100, x, 160) for x in (100, 200, 400)]
    page.segments.append(Segment(300, 130, 300, 160))
    _write(page, "项目", 110, 110)
    _write(page, "申请人情况", 210, 110)
    _write(page, "规章", 110, 140)
    _write(page, "1", 210, 140)
    _write(page, "12", 320, 140, step=30)  # two digits far apart in one cell: one number, never guessed apart
    _write(page, "正文一行", 100, 300)
    [table], lines = page_layout(page)
    assert table.n_rows == 2 and table.n_cols == 3
    assert table.cells[(0, 1)] == ((0, 2), "申请人情况")
    assert table.cells[(1, 1)][1] == "1" and table.cells[(1, 2)][1] == "1 2"
    assert [ln.text for ln in lines] == ["正文一行"]


def test_a_shaded_background_or_a_box_round_a_paragraph_is_no_table() -> None:
    page = Page(1, 600, 800)
    _box(page, 50, 50, 500, 200)  # one frame, one column: a box round a paragraph
    _write(page, "一、总体情况", 60, 60)
    [_, lines] = page_layout(page)
    assert not _ and [ln.text for ln in lines] == ["一、总体情况"]


# --------------------------------------------------------------------------- hostile files
def _pdf(draw: object = None, *, encrypt: str | None = None, text: str | None = "一、总体情况") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    if text:
        c.drawString(72, 720, "2024 report")
    c.line(72, 700, 300, 700)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_an_encrypted_pdf_is_refused_in_chinese() -> None:
    with pytest.raises(SourceError, match="已加密"):
        import_pdf_bytes(_pdf(encrypt="secret"))


def test_a_pdf_without_text_is_said_to_be_a_scan() -> None:
    with pytest.raises(SourceError, match="扫描图片"):
        import_pdf_bytes(_pdf(text=None))


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"not a pdf", "不是 PDF 文件"), (HUAIAN.read_bytes()[:2000], "已损坏"), (b"%PDF-1.7\n" + b"\0" * 500, "已损坏")],
)
def test_a_damaged_or_foreign_file_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        import_pdf_bytes(data)


def test_garbled_text_is_refused_not_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    page = Page(1, 600, 800)
    _write(page, "\ufffd" * 50 + "一、总体情况", 10, 10, step=1)
    monkeypatch.setattr("app.importers.pdf.read_pages", lambda data: [page])
    with pytest.raises(SourceError, match="乱码"):
        import_pdf_bytes(b"%PDF")


def test_page_count_and_time_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = HUAIAN.read_bytes()
    monkeypatch.setattr(pdf_read, "MAX_PAGES", 5)
    with pytest.raises(SourceError, match="6 页，超过 5 页"):
        import_pdf_bytes(data)
    monkeypatch.setattr(pdf_read, "MAX_PAGES", 200)
    monkeypatch.setattr(pdf_read, "MAX_SECONDS", -1.0)
    with pytest.raises(SourceError, match="秒仍未完成"):
        import_pdf_bytes(data)


def test_a_file_over_20_mb_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(SourceError, match="20"):
        import_pdf(str(big))
