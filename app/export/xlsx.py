"""The report as an Excel workbook: a cover sheet, the three official tables with merged headers and live
SUM formulas for the totals, and the narrative sections, each sheet set up for A4 printing (openpyxl)."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.header_footer import _HeaderFooterPart as _Text
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app import APP_NAME
from app.document import ReportDocument, formulas_for
from app.errors import UserError
from app.export.layout import BlockGrid, CellKind, GridCell, section_grids
from app.export.text import DRAFT_NOTE, paragraphs
from app.spec.model import Section, ValueType
from app.textclean import clean_text
from app.values import NA, NA_TEXT, CellValue

COVER_SHEET = "封面"
TEXT_SHEET = "文字部分"
TABLE_FONT = "宋体"
TABLE_SIZE = 10
LINE_HEIGHT = 14.0  # points per wrapped line at TABLE_SIZE
TEXT_WIDTH = 80  # the narrative column: the width of a portrait A4 page at 100 %
FIRST_GRID_ROW = 2  # row 1 of a table sheet holds the section heading

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONTS = {
    "title": Font(name="黑体", size=14, bold=True),
    "heading": Font(name="黑体", size=12),
    "subheading": Font(name="楷体", size=12, bold=True),
    "body": Font(name="仿宋", size=12),
    "cell": Font(name=TABLE_FONT, size=TABLE_SIZE),
    "draft": Font(name="黑体", size=12, color="C00000"),
}
_ALIGN = {
    CellKind.TITLE: Alignment(horizontal="left", vertical="center", wrap_text=True),
    CellKind.CORNER: Alignment(horizontal="center", vertical="center", wrap_text=True),
    CellKind.HEADER: Alignment(horizontal="center", vertical="center", wrap_text=True),
    CellKind.GROUP: Alignment(horizontal="center", vertical="center", wrap_text=True),
    CellKind.LABEL: Alignment(horizontal="left", vertical="center", wrap_text=True),
    CellKind.VALUE: Alignment(horizontal="center", vertical="center"),
    CellKind.TOTAL: Alignment(horizontal="center", vertical="center"),
}
_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
# The most characters an Excel cell holds; a longer paragraph continues in the rows below, never cut.
MAX_CELL_CHARS = 32767


class CellTooLongError(UserError):
    """A text that must fit in one cell is longer than Excel allows; the message names it."""


def put_text(cell: Cell | MergedCell, text: str) -> None:
    """Write ``text`` as a plain string: control characters removed, and never a formula, whatever it begins
    with ("=HYPERLINK(…)" in a name or a paragraph stays text: no formula injection)."""
    cell.value = clean_text(text)
    cell.data_type = "s"


def _checked(text: str, where: str) -> str:
    if len(text) > MAX_CELL_CHARS:
        raise CellTooLongError(
            f"{where}有 {len(text)} 个字，超过 Excel 单元格的上限 {MAX_CELL_CHARS} 个字，"
            "无法导出为 Excel；请删减后再导出"
        )
    return text


def chunks(text: str, size: int = MAX_CELL_CHARS) -> list[str]:
    """``text`` in pieces of at most ``size`` characters (a surrogate pair never split: str has none)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def text_units(text: str) -> int:
    """Width of ``text`` in Excel column units: two for a Chinese character, one for ASCII."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def lines_needed(text: str, width: float) -> int:
    return max(1, math.ceil(text_units(text) / max(width - 1.5, 1.0)))


def number_format(value_type: ValueType, decimals: int) -> str:
    """Excel number format: "0" for counts (件), "0.0000" for 万元 with the document's decimals."""
    if value_type.is_integer or decimals <= 0:
        return "0"
    return "0." + "0" * decimals


def _cell_value(value: CellValue, value_type: ValueType) -> int | Decimal | str | None:
    if value is None:
        return None
    if value is NA:
        return NA_TEXT
    assert isinstance(value, Decimal)
    if value_type.is_integer and value == value.to_integral_value():
        return int(value)
    return value


def sum_formula(coords: Iterable[tuple[int, int]]) -> str:
    """=SUM over (row, col) cells, contiguous runs in one row or one column written as ranges."""
    cells = sorted(set(coords))
    same_row = len({r for r, _ in cells}) == 1
    same_col = len({c for _, c in cells}) == 1
    ranges: list[str] = []
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if run:
            first = f"{get_column_letter(run[0][1])}{run[0][0]}"
            last = f"{get_column_letter(run[-1][1])}{run[-1][0]}"
            ranges.append(first if len(run) == 1 else f"{first}:{last}")
            run.clear()

    if same_row:
        cells.sort(key=lambda rc: rc[1])
    for rc in cells:
        if run:
            prev = run[-1]
            step = (same_row and rc == (prev[0], prev[1] + 1)) or (same_col and rc == (prev[0] + 1, prev[1]))
            if not step:
                flush()
        run.append(rc)
    flush()
    return f"=SUM({','.join(ranges)})"


def grid_tops(grids: list[BlockGrid]) -> list[int]:
    """The sheet row where each block grid starts: under the heading row, one after the other."""
    tops = [FIRST_GRID_ROW]
    for grid in grids[:-1]:
        tops.append(tops[-1] + grid.n_rows)
    return tops


def cell_positions(section: Section) -> dict[str, str]:
    """Where each cell of a table section sits on its sheet, e.g. {"t3.new.natural": "D5"}."""
    grids = section_grids(section)
    return {
        cell.ref: f"{get_column_letter(cell.col + 1)}{top + cell.row}"
        for grid, top in zip(grids, grid_tops(grids), strict=True)
        for cell in grid.cells
        if cell.ref
    }


def table_sheet_name(section: Section) -> str:
    return f"表{section.number}"


def _column_widths(grids: list[BlockGrid], text_of: dict[str, str]) -> list[float]:
    """Column widths (Excel units) that show the labels: narrow group columns, a wide label column."""
    labels, values = grids[0].label_cols, grids[0].value_cols
    value_w = 9.0
    label_w = 12.0
    group_w = [4.5] * max(labels - 1, 0)
    for grid in grids:
        for cell in grid.cells:
            text = text_of.get(cell.ref or "", cell.text)
            if cell.kind in (CellKind.VALUE, CellKind.TOTAL) and cell.colspan == 1:
                value_w = max(value_w, text_units(text) + 3)
            elif cell.kind is CellKind.HEADER and cell.colspan == 1:
                value_w = max(value_w, min(text_units(text), 6) + 2)
            elif cell.kind is CellKind.GROUP and len(cell.text) > cell.rowspan:
                group_w[cell.col] = 10.0
            elif cell.kind is CellKind.LABEL and cell.last_col == labels - 1:
                label_w = max(label_w, min(text_units(cell.text) + 2, 36))
    if labels == 0:
        return [value_w] * values
    if labels == 1:  # a single label column (表二): share the room more evenly
        value_w = max(value_w, 16)
    return [*group_w, label_w] + [value_w] * values


def _border(ws: Worksheet, cell: GridCell, top: int) -> None:
    for r in range(top + cell.row, top + cell.last_row + 1):
        for c in range(cell.col + 1, cell.last_col + 2):
            ws.cell(r, c).border = _BORDER


def _print_setup(ws: Worksheet, widths: Iterable[float], title_rows: str | None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > 120 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top, ws.page_margins.bottom = 0.8, 0.8
    ws.oddFooter = HeaderFooterItem(center=_Text(text="第 &P 页，共 &N 页"))
    if title_rows:
        ws.print_title_rows = title_rows


class _WorkbookBuilder:
    def __init__(self, doc: ReportDocument, draft: bool, wb: Workbook | None = None) -> None:
        self.doc = doc
        self.draft = draft
        self.wb = wb if wb is not None else Workbook()
        self.formulas = formulas_for(doc.spec)

    def add_sheets(self, cover: Worksheet) -> None:
        self.cover(cover)
        for section in self.doc.spec.sections:
            if section.blocks:
                self.table(self.wb.create_sheet(table_sheet_name(section)), section)
        self.narrative(self.wb.create_sheet(TEXT_SHEET))

    def build(self) -> bytes:
        cover = self.wb.active
        assert isinstance(cover, Worksheet)
        self.add_sheets(cover)
        self.wb.properties.title = clean_text(self.doc.title)
        self.wb.properties.creator = APP_NAME
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()

    # ------------------------------------------------------------------ cover
    def cover(self, ws: Worksheet) -> None:
        doc = self.doc
        ws.title = COVER_SHEET
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 64
        ws.merge_cells("A1:B1")
        put_text(ws["A1"], _checked(doc.title, "标题"))
        ws["A1"].font = _FONTS["title"]
        ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[1].height = 40
        rows: list[tuple[str, str]] = [("报告格式", doc.spec.name)]
        rows += [(m.label, _checked(doc.meta.get(m.id, ""), f"基本信息“{m.label}”")) for m in doc.spec.metadata]
        row = 3
        if self.draft:
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
            ws.cell(2, 1, DRAFT_NOTE).font = _FONTS["draft"]
        for label, value in rows:
            ws.cell(row, 1, label).font = Font(name="黑体", size=11)
            cell = ws.cell(row, 2)
            put_text(cell, value)
            cell.font = Font(name="仿宋", size=11)
            for c in (1, 2):
                ws.cell(row, c).border = _BORDER
                ws.cell(row, c).alignment = Alignment(vertical="center", wrap_text=True)
            ws.row_dimensions[row].height = lines_needed(value, 64) * 16 + 4
            row += 1
        _print_setup(ws, (16, 64), None)

    # ------------------------------------------------------------------ tables
    def table(self, ws: Worksheet, section: Section) -> None:
        doc = self.doc
        grids = section_grids(section)
        text_of = {
            ref: str(_cell_value(doc.value(ref), info.block.value_type) or "") for ref, info in doc.spec.cells.items()
        }
        widths = _column_widths(grids, text_of)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(widths))
        ws.cell(1, 1, section.heading).font = _FONTS["title"]
        ws.row_dimensions[1].height = 30
        tops = grid_tops(grids)
        where = {
            cell.ref: (top + cell.row, cell.col + 1)
            for grid, top in zip(grids, tops, strict=True)
            for cell in grid.cells
            if cell.ref
        }
        for grid, grid_top in zip(grids, tops, strict=True):
            self._grid(ws, grid, grid_top, widths, where)
        single = len(grids) == 1
        head = f"{tops[0]}:{tops[0] + grids[0].head_rows - 1}" if single else "1:1"
        _print_setup(ws, widths, head)
        if single and grids[0].label_cols:
            ws.freeze_panes = f"{get_column_letter(grids[0].label_cols + 1)}{tops[0] + grids[0].head_rows}"

    def _grid(
        self, ws: Worksheet, grid: BlockGrid, top: int, widths: list[float], where: dict[str, tuple[int, int]]
    ) -> None:
        doc = self.doc
        value_type = grid.block.value_type
        fmt = number_format(value_type, doc.fee_decimals)
        lines = [1] * grid.n_rows
        for cell in grid.cells:
            row, col = top + cell.row, cell.col + 1
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=row, start_column=col, end_row=top + cell.last_row, end_column=cell.last_col + 1
                )
            target = ws.cell(row, col)
            if cell.ref is None:
                put_text(target, cell.text)
                span = sum(widths[cell.col : cell.last_col + 1])
                if cell.rowspan == 1:
                    lines[cell.row] = max(lines[cell.row], lines_needed(cell.text, span))
            elif cell.kind is CellKind.TOTAL and cell.ref not in doc.stated:
                parts = self.formulas.by_target[cell.ref][0].parts
                target.value = sum_formula(where[p] for p in parts)
                target.number_format = fmt
            else:  # an entry, or a total stated by the source document (kept as written)
                target.value = _cell_value(doc.value(cell.ref), value_type)
                target.number_format = fmt
            target.font = _FONTS["cell"]
            target.alignment = _ALIGN[cell.kind]
            _border(ws, cell, top)
        for i, n in enumerate(lines):
            ws.row_dimensions[top + i].height = n * LINE_HEIGHT + 6

    # ------------------------------------------------------------------ narrative
    def narrative(self, ws: Worksheet) -> None:
        doc = self.doc
        ws.column_dimensions["A"].width = TEXT_WIDTH
        put_text(ws["A1"], doc.title)
        ws["A1"].font = _FONTS["title"]
        ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[1].height = 30
        row = 2

        def put(text: str, style: str, height: float = 18.0) -> None:
            nonlocal row
            for piece in chunks(text):  # a paragraph longer than a cell holds continues below
                cell = ws.cell(row, 1)
                put_text(cell, piece)
                cell.font = _FONTS[style]
                cell.alignment = _WRAP
                ws.row_dimensions[row].height = max(height, min(409, lines_needed(piece, TEXT_WIDTH) * 17 + 3))
                row += 1

        for meta in doc.spec.metadata:
            if meta.kind == "longtext":
                for text in paragraphs(doc.meta.get(meta.id, "")):
                    put(text, "body")
        for section in doc.spec.sections:
            put(section.heading, "heading", 22)
            if section.blocks:
                put(f"（见工作表“{table_sheet_name(section)}”）", "body")
            for field in section.fields:
                if field.heading:
                    put(field.title, "subheading")
                for text in paragraphs(doc.texts.get(field.id, "")):
                    put(text, "body")
        _print_setup(ws, (TEXT_WIDTH,), None)


def add_report_sheets(wb: Workbook, doc: ReportDocument, *, draft: bool = False) -> None:
    """Append the report's sheets (cover, the tables, the narrative) to a workbook that has others already."""
    _WorkbookBuilder(doc, draft, wb).add_sheets(wb.create_sheet())


def build_workbook(doc: ReportDocument, *, draft: bool = False) -> bytes:
    """The whole report as .xlsx bytes; ``draft`` notes on the cover that the report still has errors."""
    return _WorkbookBuilder(doc, draft).build()
