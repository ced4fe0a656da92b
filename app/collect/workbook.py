"""The 汇总明细 workbook: the board (状态), every included unit's cells with a 合计 row of SUM formulas (明细),
then the summed report in the official layout (Qt-free, openpyxl)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app import APP_NAME
from app.collect.board import Board, UnitRow, workbook_mark
from app.collect.summary import SummaryResult, table_cells
from app.export.xlsx import add_report_sheets, number_format, put_text
from app.fileio import write_atomic
from app.rules import has_errors, validate
from app.spec import edition_for_year, load_spec
from app.spec.model import CellInfo, ReportSpec
from app.values import NA, NA_TEXT, CellValue

STATUS_SHEET = "状态"
DETAIL_SHEET = "明细"
TOTAL_LABEL = "合计"
DETAIL_HEAD_ROWS = 3  # section · block and row · column, from the declaration
_LEAD = ("单位", "文件")  # the detail's first columns, before one column per cell

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FONT = Font(name="黑体", size=10)
_CELL_FONT = Font(name="宋体", size=10)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _file_name(row: UnitRow) -> str:
    if row.file is None:
        return "（未交）"
    name = os.path.basename(row.file.replace("\\", "/"))
    return f"{name}（导入）" if row.imported else name


def _saved(row: UnitRow) -> str:
    try:
        when = datetime.fromisoformat(row.saved or "")
    except ValueError:
        return row.saved or ""
    return f"{when.astimezone() if when.tzinfo else when:%Y-%m-%d %H:%M}"


def _has_report(row: UnitRow) -> bool:
    return row.file is not None and row.document is not None


def _import(row: UnitRow) -> str:
    if not row.imported:
        return ""
    return f"{len(row.import_problems)} 处" if row.import_problems else "无"


def _included(row: UnitRow) -> str:
    return "计入" if row.included else ("不计入" if row.file is not None else "")


# The board's columns, as the 汇总 window shows them: heading and the cell's value for one row.
BOARD_COLUMNS: tuple[tuple[str, Callable[[UnitRow], str | int | None]], ...] = (
    ("单位", lambda r: r.agency),
    ("年度", lambda r: r.year),
    ("格式", lambda r: r.edition or ""),
    ("文件", _file_name),
    ("最后保存", _saved),
    ("状态", lambda r: r.status.value),
    ("错误", lambda r: r.errors if _has_report(r) else None),
    ("警告", lambda r: r.warnings if _has_report(r) else None),
    ("已说明", lambda r: r.explained if _has_report(r) else None),
    ("数据指纹", lambda r: r.seal.value if _has_report(r) else ""),
    ("导入问题", _import),
    ("计入汇总", _included),
    ("说明", lambda r: r.reason),
)
_BOARD_WIDTHS = (24, 6, 6, 28, 17, 9, 6, 6, 7, 9, 9, 9, 60)


def detail_headers(info: CellInfo) -> tuple[str, str, str]:
    """The three header lines of a cell's detail column, from the declaration: section, block and row, column."""
    middle = [info.block.title] if info.block.title else []
    column = list(info.column.path)
    if info.block.row_labels:
        middle += info.row.path
    elif len(column) > 1:  # a block without row labels (表四): the column's groups take the middle line
        middle, column = middle + column[:-1], column[-1:]
    return info.section.heading, " ".join(middle), " ".join(column)


def _excel_value(value: CellValue, integer: bool) -> int | Decimal | str | None:
    if value is None:
        return None
    if value is NA:
        return NA_TEXT
    assert isinstance(value, Decimal)
    return int(value) if integer and value == value.to_integral_value() else value


def _style(ws: Worksheet, row: int, col: int, *, head: bool = False, left: bool = False) -> None:
    cell = ws.cell(row, col)
    cell.border = _BORDER
    cell.font = _HEAD_FONT if head else _CELL_FONT
    cell.alignment = _LEFT if left else _CENTRE
    if head:
        cell.fill = _HEAD_FILL


def _status_sheet(ws: Worksheet, board: Board, summary: SummaryResult | None) -> None:
    ws.title = STATUS_SHEET
    for col, ((heading, _), width) in enumerate(zip(BOARD_COLUMNS, _BOARD_WIDTHS, strict=True), start=1):
        put_text(ws.cell(1, col), heading)
        _style(ws, 1, col, head=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, unit in enumerate(board.rows, start=2):
        for col, (_, value_of) in enumerate(BOARD_COLUMNS, start=1):
            value = value_of(unit)
            cell = ws.cell(r, col)
            if isinstance(value, str):
                put_text(cell, value)  # a name beginning with "=" stays text
            else:
                cell.value = value
            _style(ws, r, col, left=col in (1, 4, len(BOARD_COLUMNS)))
    ws.freeze_panes = "B2"
    # printed on landscape pages as wide as the board, as many pages down as it takes
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(BOARD_COLUMNS))}{max(2, len(board.rows) + 1)}"
    notes = [f"读取的文件夹：{board.folder}"]
    if board.year:
        notes.append(f"汇总年度：{board.year}")
    notes += [f"注意：{p}" for p in board.problems]
    if summary is not None:
        notes.append(f"计入汇总 {len(summary.units)} 个单位；汇总说明：")
        notes += summary.notes() or ["（无）"]
    else:
        notes.append("没有可汇总的单位报告，未生成汇总")
    for i, note in enumerate(notes, start=len(board.rows) + 3):
        put_text(ws.cell(i, 1), note)


def _merge_runs(ws: Worksheet, row: int, texts: list[str], first_col: int) -> None:
    """Merge the neighbouring header cells of a line that say the same (a section, a row over its columns)."""
    start = 0
    for i in range(1, len(texts) + 1):
        if i == len(texts) or texts[i] != texts[start]:
            if i - start > 1 and texts[start]:
                ws.merge_cells(start_row=row, start_column=first_col + start, end_row=row, end_column=first_col + i - 1)
            start = i


def _detail_sheet(ws: Worksheet, spec: ReportSpec, units: list[UnitRow], fee_decimals: int) -> None:
    refs = table_cells(spec)
    first = len(_LEAD) + 1
    heads = [detail_headers(spec.cells[ref]) for ref in refs]
    for line in range(DETAIL_HEAD_ROWS):
        texts = [h[line] for h in heads]
        for offset, text in enumerate(texts):
            put_text(ws.cell(line + 1, first + offset), text)
            _style(ws, line + 1, first + offset, head=True)
        _merge_runs(ws, line + 1, texts, first)
    for col, text in enumerate(_LEAD, start=1):
        ws.merge_cells(start_row=1, start_column=col, end_row=DETAIL_HEAD_ROWS, end_column=col)
        put_text(ws.cell(1, col), text)
        for line in range(1, DETAIL_HEAD_ROWS + 1):
            _style(ws, line, col, head=True)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 20
    for offset in range(len(refs)):
        ws.column_dimensions[get_column_letter(first + offset)].width = 12
    ws.row_dimensions[2].height = 54
    ws.row_dimensions[3].height = 40
    formats = [number_format(spec.cells[ref].block.value_type, fee_decimals) for ref in refs]
    integers = [spec.cells[ref].block.value_type.is_integer for ref in refs]
    top = DETAIL_HEAD_ROWS + 1
    for r, unit in enumerate(units, start=top):
        put_text(ws.cell(r, 1), unit.agency)
        put_text(ws.cell(r, 2), _file_name(unit))
        _style(ws, r, 1, left=True)
        _style(ws, r, 2, left=True)
        doc = unit.document
        for offset, ref in enumerate(refs):
            cell = ws.cell(r, first + offset)
            cell.value = _excel_value(doc.cells.get(ref) if doc is not None else None, integers[offset])
            cell.number_format = formats[offset]
            _style(ws, r, first + offset)
    total = top + len(units)
    put_text(ws.cell(total, 1), TOTAL_LABEL)
    _style(ws, total, 1, head=True, left=True)
    _style(ws, total, 2, head=True)
    for offset in range(len(refs)):
        letter = get_column_letter(first + offset)
        cell = ws.cell(total, first + offset)
        # blanks and 不适用 (text) count as 0 in SUM, as in the sum; the 状态 sheet lists the cells they touch
        cell.value = f"=SUM({letter}{top}:{letter}{total - 1})" if units else 0
        cell.number_format = formats[offset]
        _style(ws, total, first + offset, head=True)
    ws.freeze_panes = f"{get_column_letter(first)}{top}"


def build_summary_workbook(board: Board, summary: SummaryResult | None) -> bytes:
    """The 汇总明细 workbook as .xlsx bytes (see write_summary_workbook)."""
    wb = Workbook()
    status = wb.active
    assert isinstance(status, Worksheet)
    _status_sheet(status, board, summary)
    if summary is not None:
        spec, units, decimals = summary.document.spec, summary.units, summary.document.fee_decimals
    else:
        spec = load_spec(edition_for_year(board.year))
        units, decimals = [], spec.fee_decimals
    _detail_sheet(wb.create_sheet(DETAIL_SHEET), spec, units, decimals)
    if summary is not None:
        draft = has_errors(validate(summary.document))  # the narrative is still to be written
        add_report_sheets(wb, summary.document, draft=draft)
    wb.properties.title = f"{board.year or ''}年各单位政府信息公开工作年度报告汇总明细"
    wb.properties.creator = APP_NAME
    # lets a later scan of the folder know this workbook is the collector's, not a unit's report
    wb.properties.keywords = workbook_mark(board.folder)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_summary_workbook(path: str | os.PathLike[str], board: Board, summary: SummaryResult | None) -> None:
    """Write the 汇总明细 workbook atomically: sheets 状态 and 明细, then the summed report; SaveError (Chinese)."""
    write_atomic(path, build_summary_workbook(board, summary))
