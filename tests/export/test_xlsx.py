"""The workbook: sheets, values, the official merges of 表三 and 表四, number formats, print setup, and SUM
formulas whose values (recalculated by LibreOffice when installed) equal the app's totals."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.export.xlsx import COVER_SHEET, TEXT_SHEET, build_workbook, cell_positions, table_sheet_name
from app.values import NA, NA_TEXT


def open_book(doc, **kw):
    return load_workbook(io.BytesIO(build_workbook(doc, **kw)))


def merges(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_sheets_cover_tables_and_text(huaian):
    wb = open_book(huaian)
    tables = [table_sheet_name(s) for s in huaian.spec.sections if s.blocks]
    assert wb.sheetnames == [COVER_SHEET, *tables, TEXT_SHEET] == ["封面", "表二", "表三", "表四", "文字部分"]
    cover = {row[0].value: row[1].value for row in wb[COVER_SHEET].iter_rows(min_row=3) if row[0].value}
    for meta in huaian.spec.metadata:
        assert cover[meta.label] == (huaian.meta[meta.id] or None)
    text = [c.value for c in wb[TEXT_SHEET]["A"] if c.value]
    assert text[0] == huaian.title
    assert [s.heading for s in huaian.spec.sections] == [
        t for t in text if t[:2] in {f"{s.number}、" for s in huaian.spec.sections}
    ]
    assert huaian.texts["s6_main"] in text


def test_every_value_is_in_its_official_cell(huaian):
    wb = open_book(huaian)
    for section in huaian.spec.sections:
        if not section.blocks:
            continue
        ws = wb[table_sheet_name(section)]
        for ref, coord in cell_positions(section).items():
            value = huaian.value(ref)
            got = ws[coord].value
            if isinstance(got, str) and got.startswith("="):
                continue  # a formula; see the recalculation test
            assert got is not None and Decimal(str(got)) == value, (ref, coord, got)


def test_table_three_merges_and_formats(huaian):
    ws = open_book(huaian)["表三"]
    assert ws.max_column == 10
    assert {
        "A1:J1",  # the section heading
        "A2:C4",  # the 勾稽 note
        "D2:J2",  # 申请人情况
        "D3:D4",  # 自然人
        "E3:I3",  # 法人或其他组织
        "J3:J4",  # 总计
        "A5:C5",  # 一、本年新收…
        "A7:A28",  # 三、本年度办理结果
        "B7:C7",  # （一）予以公开
        "B9:B16",  # （三）不予公开
        "B28:C28",  # （七）总计
        "A29:C29",  # 四、结转下年度继续办理
    } <= merges(ws)
    assert ws["A2"].value.startswith("（本列数据的勾稽关系为")
    assert ws["B9"].value == "（三）不予公开"
    assert ws["D5"].number_format == "0"
    assert ws["C9"].value == "1.属于国家秘密" and ws["C9"].alignment.wrap_text


def test_table_four_has_fifteen_columns_and_three_groups(huaian):
    ws = open_book(huaian)["表四"]
    assert ws.max_column == 15
    assert {"A2:E2", "F2:O2", "A3:A4", "E3:E4", "F3:J3", "K3:O3"} <= merges(ws)
    assert [ws.cell(5, c).value for c in range(1, 5)] == [72, 64, 178, 37]


def test_fee_uses_the_configured_decimals(huaian):
    coord = cell_positions(huaian.spec.section("s2"))["t2_8.fee.amount"]
    ws = open_book(huaian)["表二"]
    assert ws[coord].number_format == "0.0000"
    assert Decimal(str(ws[coord].value)) == Decimal("96171.6")
    huaian.fee_decimals = 2
    assert open_book(huaian)["表二"][coord].number_format == "0.00"


def test_not_applicable_and_blank_cells(empty):
    empty.apply({"t3.new.natural": NA})
    ws = open_book(empty)["表三"]
    pos = cell_positions(empty.spec.section("s3"))
    assert ws[pos["t3.new.natural"]].value == NA_TEXT
    assert ws[pos["t3.new.commercial"]].value is None


def test_print_setup(huaian):
    wb = open_book(huaian)
    for name in wb.sheetnames:
        ws = wb[name]
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert "&P" in ws.oddFooter.center.text
    assert wb["表三"].print_title_rows == "$2:$4"
    assert wb["表四"].print_title_rows == "$2:$4"
    assert wb["表三"].page_setup.orientation == "portrait"
    assert wb["表四"].page_setup.orientation == "landscape"


def test_totals_are_sum_formulas(huaian):
    huaian.clear_stated()
    wb = open_book(huaian)
    assert wb["表三"]["J5"].value == "=SUM(D5:I5)"
    assert wb["表三"]["D28"].value == "=SUM(D7:D27)"
    assert wb["表四"]["E5"].value == "=SUM(A5:D5)"
    assert wb["表四"]["O5"].value == "=SUM(K5:N5)"


def test_stated_totals_are_kept_as_written(huaian):
    huaian.apply({"t3.new.total": Decimal(9999)})
    ws = open_book(huaian)["表三"]
    assert ws["J5"].value == 9999


def test_draft_note_on_the_cover(empty):
    cover = open_book(empty, draft=True)[COVER_SHEET]
    assert "草稿" in cover["A2"].value


@pytest.mark.slow
def test_libreoffice_recalculates_the_app_totals(huaian, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian package libreoffice-calc-nogui)")
    huaian.clear_stated()  # every total a formula
    huaian.apply({"t3.partial.legal": Decimal(5), "t4.cases.direct_other": NA})
    src = tmp_path / "in" / "report.xlsx"
    src.parent.mkdir()
    src.write_bytes(build_workbook(huaian))
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", "xlsx",
         "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    wb = load_workbook(out / "report.xlsx", data_only=True)
    checked = 0
    for section in huaian.spec.sections:
        if not section.blocks:
            continue
        ws = wb[table_sheet_name(section)]
        for ref, coord in cell_positions(section).items():
            if huaian.is_computed(ref):
                assert Decimal(str(ws[coord].value)) == huaian.value(ref), (ref, coord)
                checked += 1
    assert checked == len(huaian.spec.computed_cells)
