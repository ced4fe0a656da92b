"""Read stage of the Excel importer: every sheet of a workbook as a grid of cells, merged cells expanded,
formulas with their saved results (Qt-free).

A workbook is scanned (streaming, stopping at the first excess) before openpyxl loads it: a sheet with
content beyond the sane range, too many cells, rows or merged ranges, or parts that unpack to too much, is
refused with a message, so that no workbook takes more than a few seconds or a few hundred MB. Merged
ranges are expanded only within the sane range.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.importers.common import SourceError

# A published report's tables fill some 60 rows and 15 columns; these bounds leave room for several sheets
# of notes while keeping every loop over a sheet small.
MAX_ROWS = 2000
MAX_COLS = 100
MAX_CELLS = 100_000  # <c> elements in the whole workbook (openpyxl builds an object for each)
MAX_ROW_ELEMENTS = 20_000  # <row> elements, empty ones included
MAX_MERGES = 5_000
MAX_UNPACKED = 100 * 1024 * 1024  # all parts of the workbook, uncompressed
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_OPEN_FAILED = (
    "无法打开该 Excel 文件：文件已损坏，或不是 .xlsx 格式（.xls、.et 等请在 Excel/WPS 中另存为 .xlsx 后导入）"
)

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


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


class _TooLargeError(Exception):
    """Raised inside the scan to stop at the first excess; carries the clerk's message."""


class _SheetScan:
    """Streaming count of one worksheet part: stops as soon as anything exceeds the bounds."""

    def __init__(self, part: str, totals: dict[str, int]) -> None:
        self.part = part
        self.totals = totals
        self.in_cell: str | None = None  # the reference of the <c> being read
        self.has_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition("}")[2] if "}" in name else name.rpartition(":")[2]
        if tag == "c":
            self._count("cells", MAX_CELLS, "单元格", f"超过 {MAX_CELLS} 个")
            self.in_cell = attrs.get("r", "")
            self.has_value = False
        elif tag in ("v", "f", "is") and self.in_cell is not None:
            self.has_value = True
        elif tag == "row":
            self._count("rows", MAX_ROW_ELEMENTS, "行", f"超过 {MAX_ROW_ELEMENTS} 行")
        elif tag == "mergeCell":
            self._count("merges", MAX_MERGES, "合并单元格区域", f"超过 {MAX_MERGES} 个")
            self._check_merge(attrs.get("ref", ""))

    def end(self, name: str) -> None:
        tag = name.rpartition("}")[2] if "}" in name else name.rpartition(":")[2]
        if tag == "c" and self.in_cell is not None:
            if self.has_value:
                self._check_place(self.in_cell)
            self.in_cell = None

    def _check_merge(self, ref: str) -> None:
        """openpyxl builds an object for every cell a merge covers: a merge must lie within the range."""
        first, _, last = ref.partition(":")
        for corner in (first, last or first):
            match = _REF.fullmatch(corner)
            if match is None:
                raise _TooLargeError(f"该 Excel 文件的合并单元格区域“{ref[:30]}”无效，无法导入")
            if int(match.group(2)) > MAX_ROWS or _column_number(match.group(1)) > MAX_COLS:
                raise _TooLargeError(
                    f"该 Excel 文件的合并单元格区域 {ref[:30]} 超出可导入的范围（前 {MAX_ROWS} 行、前 {MAX_COLS} 列）；"
                    "请取消这处合并，或把报告表格复制到新的工作簿后再导入"
                )

    def _check_place(self, ref: str) -> None:
        match = _REF.fullmatch(ref)
        if match is None:
            return  # cells without a reference follow their neighbour; the counts still bound them
        row, col = int(match.group(2)), _column_number(match.group(1))
        if row > MAX_ROWS or col > MAX_COLS:
            raise _TooLargeError(
                f"该 Excel 文件在 {ref} 单元格有内容，超出可导入的范围（前 {MAX_ROWS} 行、前 {MAX_COLS} 列）；"
                "请删除多余的内容，或把报告表格复制到新的工作簿后再导入"
            )

    def _count(self, key: str, limit: int, what: str, beyond: str) -> None:
        self.totals[key] = self.totals.get(key, 0) + 1
        if self.totals[key] > limit:
            raise _TooLargeError(
                f"该 Excel 文件的{what}{beyond}，不像年度报告，无法导入；请把报告表格复制到新的工作簿后再导入"
            )


def _refuse_dtd(*_args: object) -> None:
    raise _TooLargeError(_OPEN_FAILED)


def scan_workbook(data: bytes) -> None:
    """SourceError when the workbook is beyond the bounds; cheap (streaming), stops at the first excess."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(_OPEN_FAILED) from exc
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise SourceError(
            f"该 Excel 文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，不像年度报告，无法导入；"
            "请把报告表格复制到新的工作簿后再导入"
        )
    totals: dict[str, int] = {}
    try:
        for info in infos:
            if not _SHEET_PART.fullmatch(info.filename):
                continue
            scan = _SheetScan(info.filename, totals)
            parser = expat.ParserCreate()
            parser.StartElementHandler = scan.start
            parser.EndElementHandler = scan.end
            parser.StartDoctypeDeclHandler = _refuse_dtd
            parser.EntityDeclHandler = _refuse_dtd
            with archive.open(info) as part:
                while chunk := part.read(256 * 1024):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
    except _TooLargeError as exc:
        raise SourceError(str(exc)) from None
    except (
        expat.ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise SourceError(_OPEN_FAILED) from exc


def _extent(ws: Worksheet) -> tuple[int, int]:
    """The last row and column of the cells the sheet file holds, within MAX_ROWS × MAX_COLS."""
    inside = [(r, c) for r, c in ws._cells if r <= MAX_ROWS and c <= MAX_COLS]
    return max((r for r, _ in inside), default=0), max((c for _, c in inside), default=0)


def read_workbook(data: bytes) -> list[Sheet]:
    """The sheets of an .xlsx workbook; SourceError when it cannot be opened or is beyond the bounds."""
    scan_workbook(data)
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False)
        values = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise SourceError(_OPEN_FAILED) from exc
    sheets = []
    for ws_f in formulas.worksheets:
        ws_v = values[ws_f.title]
        assert isinstance(ws_f, Worksheet) and isinstance(ws_v, Worksheet)
        sheet = Sheet(ws_f.title)
        # a far empty cell (only a style) makes max_row/max_column huge: iterate only over the cells the file
        # holds within the bounds (the scan refused any content beyond them)
        n_rows, n_cols = _extent(ws_f)
        rows = ws_f.iter_rows(min_row=1, min_col=1, max_row=n_rows, max_col=n_cols) if n_rows and n_cols else ()
        for r, row in enumerate(rows, start=1):  # (iter_rows reads max_row=0 as "to the end")
            for c, cell in enumerate(row, start=1):
                raw = cell.value
                if raw is None:
                    if cell.number_format != "General":
                        sheet.blank_formats[(r, c)] = cell.number_format
                    continue
                is_formula = isinstance(raw, str) and raw.startswith("=")
                shown = ws_v.cell(r, c).value if is_formula else raw
                sheet.cells[(r, c)] = Cell(shown, is_formula, number_format=cell.number_format)
        content = [*sheet.cells, *sheet.blank_formats]
        n_rows = max((r for r, _ in content), default=0)
        n_cols = max((c for _, c in content), default=0)
        for merged in ws_f.merged_cells.ranges:
            top = sheet.cells.get((merged.min_row, merged.min_col))
            if top is None:
                continue
            # expanded within the used range only: a merge over the whole sheet copies nothing beyond it
            for r in range(merged.min_row, min(merged.max_row, n_rows) + 1):
                for c in range(merged.min_col, min(merged.max_col, n_cols) + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        sheet.cells[(r, c)] = Cell(top.value, top.formula, copy=True)
        used = [*sheet.cells, *sheet.blank_formats]
        sheet.n_rows = max((r for r, _ in used), default=0)
        sheet.n_cols = max((c for _, c in used), default=0)
        sheets.append(sheet)
    return sheets
