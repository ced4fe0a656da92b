"""The Word export: official tables with their merges, East Asian fonts, GB/T 9704 page, folios, draft rule,
and what LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length

from app.export.docx import FONTS, build_docx
from app.export.fonts import Role
from app.export.layout import CellKind, section_grids
from app.export.text import DRAFT_MARK, DRAFT_NOTE, cell_text
from tests.export.conftest import pdftotext


@pytest.fixture
def huaian_docx(huaian, bundled) -> bytes:
    return build_docx(huaian, fonts=bundled)


def mm(length: int) -> float:
    """A Word length in whole millimetres (Word stores twips: 210 mm comes back as 210.01 mm)."""
    return round(Length(length).mm, 1)


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def logical_grid(tbl) -> list[list[tuple[str, int, str | None]]]:
    """Each row of a Word table as (text, gridSpan, vMerge) per w:tc, straight from the XML."""
    rows = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span = pr.find(qn("w:gridSpan"))
            merge = pr.find(qn("w:vMerge"))
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            vm = None if merge is None else (merge.get(qn("w:val")) or "continue")
            cells.append((text, int(span.get(qn("w:val"))) if span is not None else 1, vm))
        rows.append(cells)
    return rows


def test_three_real_tables_with_the_official_merges(huaian, huaian_docx):
    word = Document(io.BytesIO(huaian_docx))
    tables = word.tables
    sections = [s for s in huaian.spec.sections if s.blocks]
    assert len(tables) == len(sections) == 3
    for table, section in zip(tables, sections, strict=True):
        grids = section_grids(section)
        rows = logical_grid(table._tbl)
        assert len(rows) == sum(g.n_rows for g in grids)
        assert len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == grids[0].n_cols
        offset = 0
        for grid in grids:
            for cell in grid.cells:
                # the w:tc of the cell's top row starts at its column: find it by summing the spans before it
                row = rows[offset + cell.row]
                col, index = 0, 0
                while col < cell.col:
                    col += row[index][1]
                    index += 1
                text, span, merge = row[index]
                assert col == cell.col, (section.number, cell)
                assert span == cell.colspan, (section.number, cell)
                assert text == cell_text(huaian, cell), (section.number, cell)
                assert merge == ("restart" if cell.rowspan > 1 else None), cell
                for below in range(cell.row + 1, cell.last_row + 1):
                    cont = rows[offset + below]
                    col, index = 0, 0
                    while col < cell.col:
                        col += cont[index][1]
                        index += 1
                    assert cont[index] == ("", cell.colspan, "continue"), (cell, below)
            for r in range(grid.n_rows):
                assert sum(span for _, span, _ in rows[offset + r]) == grid.n_cols
            offset += grid.n_rows


def test_header_rows_repeat_and_numbers_are_right_aligned(huaian, huaian_docx):
    word = Document(io.BytesIO(huaian_docx))
    t3 = next(s for s in huaian.spec.sections if s.number == "三")
    grid = section_grids(t3)[0]
    tbl = word.tables[1]._tbl
    trs = list(tbl.iterchildren(qn("w:tr")))
    repeated = [tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for tr in trs]
    assert repeated == [r < grid.head_rows for r in range(grid.n_rows)]
    cells = word.tables[1]._cells
    by_text = {c.text: c for c in cells}
    total = by_text[cell_text(huaian, grid.cell_of("t3.result_total.total"))]
    assert total.paragraphs[0].paragraph_format.alignment is not None
    assert total.paragraphs[0].paragraph_format.alignment.name == "RIGHT"
    xml = word.tables[1]._tbl.xml
    assert xml.count('w:jc w:val="right"') == sum(1 for c in grid.cells if c.kind in (CellKind.VALUE, CellKind.TOTAL))


def test_east_asian_font_names_and_fallbacks(huaian_docx):
    styles = part(huaian_docx, "word/styles.xml")
    for role in (Role.TITLE, Role.BODY, Role.HEADING1, Role.HEADING2, Role.TABLE):
        name = FONTS[role][0]
        assert f'w:eastAsia="{name}"' in styles, name
    table = part(huaian_docx, "word/fontTable.xml")
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', table)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', table)
    document = part(huaian_docx, "word/document.xml")
    assert 'w:eastAsia="宋体"' in document  # table text


def test_gbt_9704_page_and_styles(huaian_docx):
    word = Document(io.BytesIO(huaian_docx))
    section = word.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    title = word.paragraphs[0]
    assert title.text == "淮安市人民政府" and title.style.font.size.pt == 22
    body = word.styles["年报正文"]
    assert body.font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32
    headings = [p.text for p in word.paragraphs if p.style.name == "年报一级标题"]
    assert headings[:2] == ["一、总体情况", "二、主动公开政府信息情况"] and len(headings) == 6
    assert "<w:outlineLvl" in part(huaian_docx, "word/styles.xml")  # headings in Word's navigation pane


def test_folio_is_a_page_field_odd_right_even_left(huaian_docx):
    assert "<w:evenAndOddHeaders" in part(huaian_docx, "word/settings.xml")
    word = Document(io.BytesIO(huaian_docx))
    section = word.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for para, side in ((odd, "right"), (even, "left")):
        xml = para._p.xml
        assert "PAGE" in xml and f'w:jc w:val="{side}"' in xml
        assert para.text.startswith("— ") and para.text.endswith(" —")


def test_draft_rule(huaian, bundled, huaian_docx):
    draft = build_docx(huaian, draft=True, fonts=bundled)
    word = Document(io.BytesIO(draft))
    for header in (word.sections[0].header, word.sections[0].even_page_header):
        assert DRAFT_NOTE in header.paragraphs[0].text
        assert f'string="{DRAFT_MARK}"' in header.paragraphs[0]._p.xml
    clean = Document(io.BytesIO(huaian_docx))
    assert not clean.sections[0].header.paragraphs[0].text
    assert DRAFT_MARK not in part(huaian_docx, "word/document.xml")


def test_text_is_text_never_markup_or_a_field(huaian, bundled):
    huaian.texts["s6_main"] = '=SUM(A1:A9) <b>粗体</b> & "引号" {PAGE}'
    data = build_docx(huaian, fonts=bundled)
    word = Document(io.BytesIO(data))
    assert word.paragraphs[-1].text == '=SUM(A1:A9) <b>粗体</b> & "引号" {PAGE}'
    document = part(data, "word/document.xml")
    assert "<w:fldSimple" not in document and "<w:instrText" not in document  # the only field is the folio


def test_run_in_heading_is_kaiti(huaian, bundled):
    huaian.texts["s1_active"] = "（一）主动公开情况。全年主动公开信息5500条。"
    word = Document(io.BytesIO(build_docx(huaian, fonts=bundled)))
    para = next(p for p in word.paragraphs if p.text.startswith("（一）主动公开情况。"))
    head, rest = para.runs[0], para.runs[1]
    assert head.text == "（一）主动公开情况。" and rest.text == "全年主动公开信息5500条。"
    assert head._r.rPr.rFonts.get(qn("w:eastAsia")) == FONTS[Role.HEADING2][0]


def test_empty_and_sparse_reports_export(empty, jianxi, bundled):
    for doc in (empty, jianxi):
        word = Document(io.BytesIO(build_docx(doc, fonts=bundled)))
        assert len(word.tables) == 3


def test_huge_numbers_put_a_table_on_a_landscape_page(big_numbers, bundled):
    word = Document(io.BytesIO(build_docx(big_numbers, fonts=bundled)))
    shapes = [(s.page_width > s.page_height) for s in word.sections]
    assert shapes[0] is False and True in shapes and shapes[-1] is False
    for s in word.sections:
        if s.page_width > s.page_height:  # the 版心 turned: still 225 × 156 mm
            assert mm(s.page_width - s.left_margin - s.right_margin) == 225


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_report(huaian, huaian_docx, tmp_path):
    source = tmp_path / "r.docx"
    source.write_bytes(huaian_docx)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "r.pdf"
    pages = pdftotext(pdf).split("\f")[:-1]
    assert 3 <= len(pages) <= 5
    for n, page in enumerate(pages, start=1):
        assert re.search(rf"—\s*{n}\s*—", page), n
    text = re.sub(r"\s+", "", "".join(pages))
    for number in ("447228", "3985758", "96171.6000", "3119", "3050", "1362", "2932"):
        assert number in text, number
    for page in pages:
        if "属于行政执法案卷" in page or "结转下年度继续办理" in page:
            assert "申请人情况" in page  # the header rows repeat
