"""Import a published PDF by the positions of its characters and its ruling lines, through pdfium (Qt-free).

Stages: read (``read``: each page's characters with their boxes and its drawn rules, bounded in size, pages,
objects and time) → layout (``grid``: ruled tables cut into cells by their rules, each character placed in
its cell; the text outside the tables as lines in reading order) → the lines through the text importer
(title, preamble, sections and their fields) → all tables, stacked as one grid, through the Excel
importer's grid logic (rows by label, columns by header labels, stated totals; a table continued on the
next page keeps the header read above it) → the problems of both, placed by page.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.importers.common import ImportResult, SourceError
from app.importers.docx import table_cell
from app.importers.mixed import text_and_tables
from app.importers.pdf.grid import Line, Table, page_layout
from app.importers.pdf.read import Page, read_pages
from app.importers.source import read_bytes
from app.importers.xlsx.read import Cell, Sheet

_SAME_X = 3.0  # points: column boundaries of two tables closer than this are one
_GARBLED_SHARE = 0.2  # characters without a Unicode mapping, beyond which the text is not the printed one


@dataclass
class PdfTables(Sheet):
    """All ruled tables of the PDF stacked as one grid; each grid row remembers its page, table and row."""

    origin: dict[int, tuple[int, int, int]] | None = None  # grid row → (page, table on the page, row in it)

    def where(self, row: int, col: int | None = None) -> str:
        page, table, r = (self.origin or {}).get(row, (0, 0, row))
        place = f"PDF 第{page}页第{table}个表格第{r}行"
        return place if col is None else f"{place}第{col}列"


def _columns_onto(table: Table, above: Table | None) -> list[int] | None:
    """Grid column (0-based) of each column boundary of ``table`` in the table above when every boundary
    of this one is one of its boundaries (a table continued over a page, or a part of it without the
    header); None when it has columns of its own."""
    if above is None:
        return None
    out: list[int] = []
    for x in table.xs:
        hit = next((i for i, ax in enumerate(above.xs) if abs(ax - x) <= _SAME_X), None)
        if hit is None:
            return None
        out.append(hit)
    return out if out == sorted(out) else None


def stack_tables(tables: list[Table]) -> list[PdfTables]:
    """The tables as grids (merged cells copied into every cell they cover), one grid per table laid out
    on its own columns, with the tables under it whose column boundaries all line up with it (its
    continuation on the next page, printed without the header): the header read above the first part
    then also places the numbers of the rest."""
    sheets: list[PdfTables] = []
    on_page: dict[int, int] = {}
    above: Table | None = None  # the last table laid out on its own columns
    for table in tables:
        on_page[table.page] = on_page.get(table.page, 0) + 1
        onto = _columns_onto(table, above)
        bounds = onto if onto is not None else list(range(len(table.xs)))
        if onto is None:
            above = table
            sheets.append(PdfTables(f"PDF 表格{len(sheets) + 1}", origin={}))
        sheet = sheets[-1]
        assert sheet.origin is not None
        top = sheet.n_rows
        for r in range(table.n_rows):
            sheet.origin[top + r + 1] = (table.page, on_page[table.page], r + 1)
        for (r0, c0), ((r1, c1), text) in table.cells.items():
            if not text:
                continue
            first = table_cell(text)
            for r in range(r0, r1 + 1):
                for c in range(bounds[c0], bounds[c1 + 1]):
                    cell = first if (r, c) == (r0, bounds[c0]) else Cell(first.value, copy=True)
                    sheet.cells[(top + r + 1, c + 1)] = cell
        sheet.n_rows = top + table.n_rows
        sheet.n_cols = max(sheet.n_cols, bounds[-1])
    return sheets


def _check_text(pages: list[Page]) -> None:
    chars = [ch.text for page in pages for ch in page.chars]
    if not chars:
        raise SourceError("该 PDF 中没有可提取的文字（可能是扫描图片），无法导入；可先用文字识别软件转换为文本后导入")
    garbled = sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if garbled > len(chars) * _GARBLED_SHARE:
        raise SourceError(
            "该 PDF 中的文字无法正确提取（字体缺少文字编码，提取出的是乱码），无法导入；"
            "可在 WPS/Word 中打开原文档另存为 .docx 后导入"
        )


def import_pdf_bytes(data: bytes) -> ImportResult:
    """Import a report from the bytes of a PDF whose text can be extracted (not a scanned image)."""
    pages = read_pages(data)
    _check_text(pages)
    tables: list[Table] = []
    lines: list[Line] = []
    for page in pages:
        page_tables, page_lines = page_layout(page)
        tables += page_tables
        lines += page_lines
    return text_and_tables(
        [line.text for line in lines],
        [line.page for line in lines],
        list(stack_tables(tables)),
        layout=True,
        line_source=lambda page, source: f"PDF 第{page}页（正文{source}）",
        tables_name="PDF 的表格",
    )


def import_pdf(path: str) -> ImportResult:
    """Import a PDF file (regular files only, at most 20 MB); SourceError when it cannot be read."""
    return import_pdf_bytes(read_bytes(path, "pdf"))
