"""The 汇总明细 workbook: the board, the detail under the declared labels with a 合计 row, the summed report."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.collect import Roster, Status, scan, summarise, write_summary_workbook
from app.collect.summary import table_cells
from app.collect.workbook import BOARD_COLUMNS, DETAIL_HEAD_ROWS, DETAIL_SHEET, STATUS_SHEET, detail_headers
from app.export.xlsx import cell_positions, table_sheet_name
from app.persistence import save
from app.values import NA
from tests.collect.generate import unit_document, write_units


@pytest.fixture
def collected(tmp_path: Path):
    folder = tmp_path / "各单位"
    write_units(folder, 3, seed=11)
    odd = unit_document(random.Random(12), "第4局")
    odd.apply({"t2_1.regulation.issued": None, "t4.cases.direct_other": NA})  # a blank and a 不适用
    save(odd, folder / "第4局.json")
    wrong = unit_document(random.Random(13), "错误局")
    wrong.apply({"t3.new.natural": wrong.number("t3.new.natural") + 1})
    save(wrong, folder / "错误局.json")
    board = scan(folder, Roster(["第1局", "第2局", "第3局", "第4局", "错误局", "未交局"]))
    board.set_included(str(folder / "第4局.json"), True)  # a blank is an error: included by a tick
    return folder, board, summarise(board)


def test_status_sheet_is_the_board(collected, tmp_path: Path) -> None:
    folder, board, summary = collected
    out = tmp_path / "明细.xlsx"
    write_summary_workbook(out, board, summary)
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == [STATUS_SHEET, DETAIL_SHEET]
    ws = wb[STATUS_SHEET]
    assert [c.value for c in ws[1]] == [heading for heading, _ in BOARD_COLUMNS]
    status_col = [h for h, _ in BOARD_COLUMNS].index("状态") + 1
    statuses = {ws.cell(r, 1).value: ws.cell(r, status_col).value for r in range(2, len(board.rows) + 2)}
    assert statuses == {r.agency: r.status.value for r in board.rows}
    assert statuses["未交局"] == "未交" and statuses["错误局"] == "有错误"
    notes = [ws.cell(r, 1).value for r in range(len(board.rows) + 3, ws.max_row + 1)]
    assert any("第4局 未填写" in str(n) for n in notes) and any("不适用" in str(n) for n in notes)
    # the folder is untouched: only the units are there
    assert sorted(os.listdir(folder)) == ["第1局.json", "第2局.json", "第3局.json", "第4局.json", "错误局.json"]


def test_detail_headers_come_from_the_declaration(collected, tmp_path: Path) -> None:
    _folder, board, summary = collected
    out = tmp_path / "明细.xlsx"
    write_summary_workbook(out, board, summary)
    ws = load_workbook(out)[DETAIL_SHEET]
    spec = summary.document.spec
    refs = table_cells(spec)
    assert ws.max_column == 2 + len(refs)
    for offset, ref in enumerate(refs):
        col = 3 + offset
        expected = detail_headers(spec.cells[ref])
        got = []
        for line in range(1, DETAIL_HEAD_ROWS + 1):
            # a merged header holds its text in the first cell of the run
            c = col
            while ws.cell(line, c).value is None and c > 3:
                c -= 1
            got.append(ws.cell(line, c).value)
        assert tuple(got) == expected, ref
    info = spec.cells["t3.withheld_secret.commercial"]
    assert detail_headers(info) == (
        info.section.heading,
        " ".join(info.row.path),
        " ".join(info.column.path),
    )
    assert "商业企业" in detail_headers(info)[2] and "属于国家秘密" in detail_headers(info)[1]
    # one row per included unit (not 有错误, not 未交), then 合计
    names = [ws.cell(r, 1).value for r in range(DETAIL_HEAD_ROWS + 1, ws.max_row + 1)]
    assert names == [u.agency for u in summary.units] + ["合计"]
    assert "错误局" not in names and len(summary.units) == 4


def test_total_row_is_live_sums_and_the_report_follows(collected, tmp_path: Path) -> None:
    _folder, board, summary = collected
    out = tmp_path / "明细.xlsx"
    write_summary_workbook(out, board, summary)
    wb = load_workbook(out)
    ws = wb[DETAIL_SHEET]
    total = ws.max_row
    first, last = DETAIL_HEAD_ROWS + 1, total - 1
    assert ws.cell(total, 3).value == f"=SUM(C{first}:C{last})"
    refs = table_cells(summary.document.spec)
    col = 3 + refs.index("t4.cases.direct_other")
    assert "不适用" in [ws.cell(r, col).value for r in range(first, total)]
    assert ws.cell(first + 3, 3).value is None  # 第4局's blank stays blank, not 0
    for section in summary.document.spec.sections:
        if section.blocks:
            sheet = wb[table_sheet_name(section)]
            for ref, coord in cell_positions(section).items():
                if not summary.document.is_computed(ref):
                    value = summary.document.value(ref)
                    got = sheet[coord].value
                    assert (got == "不适用") if value is NA else (value is None or Decimal(str(got)) == value)


def test_the_workbook_in_the_folder_is_not_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "各单位"
    write_units(folder, 2, seed=3)
    assert main(["collect", str(folder), "--xlsx", str(folder / "汇总明细.xlsx")]) == 0
    assert "已导出汇总明细表" in capsys.readouterr().out
    board = scan(folder)
    assert [Path(r.file or "").name for r in board.rows] == ["第1局.json", "第2局.json"]
    assert any("汇总明细表" in p for p in board.problems)
    # in another office's folder it is listed, but as what it is: not a unit's report
    other = tmp_path / "别处"
    other.mkdir()
    shutil.copy(folder / "汇总明细.xlsx", other / "汇总明细.xlsx")
    row = scan(other).rows[0]
    assert row.status is Status.UNREADABLE and "汇总明细表" in row.reason


def test_nothing_to_sum_still_writes_the_board(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    folder.mkdir()
    (folder / "坏.json").write_text("{", encoding="utf-8")
    board = scan(folder)
    out = tmp_path / "明细.xlsx"
    write_summary_workbook(out, board, None)
    wb = load_workbook(out)
    assert wb.sheetnames == [STATUS_SHEET, DETAIL_SHEET]
    assert wb[STATUS_SHEET].cell(2, 1).value == "坏"
    assert wb[DETAIL_SHEET].cell(DETAIL_HEAD_ROWS + 1, 1).value == "合计"


@pytest.mark.slow
def test_libreoffice_recalculates_the_total_row(collected, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian package libreoffice-calc-nogui)")
    _folder, board, summary = collected
    src = tmp_path / "in" / "detail.xlsx"
    src.parent.mkdir()
    write_summary_workbook(src, board, summary)
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", "xlsx",
         "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    ws = load_workbook(out / "detail.xlsx", data_only=True)[DETAIL_SHEET]
    total = ws.max_row
    assert ws.cell(total, 1).value == "合计"
    refs = table_cells(summary.document.spec)
    for offset, ref in enumerate(refs):
        got = Decimal(str(ws.cell(total, 3 + offset).value))
        # the sum document: blanks and 不适用 count as 0 there too (and are flagged)
        assert got == summary.document.number(ref), ref
    assert summary.blanks and summary.not_applicable
