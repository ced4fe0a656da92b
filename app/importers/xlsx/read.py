"""Read stage of the Excel importer: every sheet of a workbook as a grid of cells, merged cells expanded,
formulas with their saved results (Qt-free)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.importers.common import SourceError

_VALUE_TEXT = re.compile(r"[\d,，.．\s/／—\-－–０-９]+(?:件|亿元|万元|千元|元)?")


@dataclass
class Cell:
    """One non-empty cell: its value (a formula's saved result), and whether a merge copied it here."""

    value: Any
    formula: bool = False
    copy: bool = False  # a cell covered by a merge, showing the merge's value
    number_format: str = "General"

    @property
    def text(self) -> str:
        if isinstance(self.value, str) and not self.formula:
            return self.value.strip()
        return ""

    @property
    def is_value(self) -> bool:
        if self.formula or (isinstance(self.value, int | float | Decimal) and not isinstance(self.value, bool)):
            return True
        text = self.text
        return bool(text) and (text == "不适用" or bool(_VALUE_TEXT.fullmatch(text)))


@dataclass
class Sheet:
    """A sheet as a sparse grid, 1-based like Excel."""

    title: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    # number formats of empty cells: an exported report without any fee still tells its decimals
    blank_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    n_rows: int = 0
    n_cols: int = 0

    def at(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def where(self, row: int, col: int | None = None) -> str:
        if col is None:
            return f"工作表“{self.title}”第{row}行"
        return f"工作表“{self.title}”{get_column_letter(col)}{row}单元格"


def read_workbook(data: bytes) -> list[Sheet]:
    """The sheets of an .xlsx workbook; SourceError when it cannot be opened."""
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False)
        values = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise SourceError(
            "无法打开该 Excel 文件：文件已损坏，或不是 .xlsx 格式（.xls、.et 等请在 Excel/WPS 中另存为 .xlsx 后导入）"
        ) from exc
    sheets = []
    for ws_f in formulas.worksheets:
        ws_v = values[ws_f.title]
        assert isinstance(ws_f, Worksheet) and isinstance(ws_v, Worksheet)
        sheet = Sheet(ws_f.title, n_rows=ws_f.max_row, n_cols=ws_f.max_column)
        for r, row in enumerate(ws_f.iter_rows(min_row=1, min_col=1), start=1):
            for c, cell in enumerate(row, start=1):
                raw = cell.value
                if raw is None:
                    if cell.number_format != "General":
                        sheet.blank_formats[(r, c)] = cell.number_format
                    continue
                is_formula = isinstance(raw, str) and raw.startswith("=")
                shown = ws_v.cell(r, c).value if is_formula else raw
                sheet.cells[(r, c)] = Cell(shown, is_formula, number_format=cell.number_format)
        for merged in ws_f.merged_cells.ranges:
            top = sheet.cells.get((merged.min_row, merged.min_col))
            if top is None:
                continue
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        sheet.cells[(r, c)] = Cell(top.value, top.formula, copy=True)
        sheets.append(sheet)
    return sheets
