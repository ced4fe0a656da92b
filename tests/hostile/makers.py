"""Hostile files built in memory, for the regression tests and bench/hostile_imports.py: workbooks written as
raw XML (openpyxl would take minutes to write them), huge web pages and texts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="表三" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def workbook(rows: Iterable[str], *, dimension: str = "A1:B2", merges: Iterable[str] = ()) -> bytes:
    """An .xlsx with one sheet: ``rows`` are <row> elements, ``merges`` the refs of merged ranges."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'{_SHEET_HEAD}<dimension ref="{dimension}"/><sheetData>'.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData>")
            refs = list(merges)
            if refs:
                sheet.write(f'<mergeCells count="{len(refs)}">'.encode())
                for ref in refs:
                    sheet.write(f'<mergeCell ref="{ref}"/>'.encode())
                sheet.write(b"</mergeCells>")
            sheet.write(b"</worksheet>")
    return buffer.getvalue()


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_cell() -> bytes:
    """A sheet claiming A1:XFD1048576 with a cell at its far corner."""
    rows = iter(
        [
            f'<row r="1">{_text_cell("A1", "政府信息公开工作年度报告")}</row>',
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        ]
    )
    return workbook(rows, dimension="A1:XFD1048576")


def far_styled_cell() -> bytes:
    """A far cell holding only a style: no content, but openpyxl's max_row/max_column become huge."""
    rows = iter(
        [
            f'<row r="1">{_text_cell("A1", "政府信息公开工作年度报告")}</row>',
            '<row r="1048576"><c r="XFD1048576" s="0"/></row>',
        ]
    )
    return workbook(rows, dimension="A1:XFD1048576")


def million_rows() -> bytes:
    """1,000,000 rows of one number each."""
    return workbook(
        (f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1_000_001)), dimension="A1:A1000000"
    )


def huge_merge() -> bytes:
    """One merged range over the whole sheet."""
    rows = iter([f'<row r="1">{_text_cell("A1", "政府信息公开工作年度报告")}</row>'])
    return workbook(rows, merges=iter(["A1:XFD1048576"]))


def labelled_rows(n: int = 100_000) -> bytes:
    """``n`` rows each with a label and a number."""
    return workbook(
        (
            f'<row r="{r}">{_text_cell(f"A{r}", f"（{r}）其他")}<c r="B{r}"><v>{r}</v></c></row>'
            for r in range(1, n + 1)
        ),
        dimension=f"A1:B{n}",
    )


def many_merges(n: int = 520_000) -> bytes:
    """``n`` merged ranges of two cells each (within the first rows and columns a report would use)."""
    rows = iter([f'<row r="1">{_text_cell("A1", "政府信息公开工作年度报告")}</row>'])
    return workbook(rows, merges=(f"A{r}:B{r}" for r in range(1, n + 1)))


def huge_html(megabytes: int = 50) -> bytes:
    """A web page of ``megabytes`` MB: table rows without end tags, paragraphs."""
    row = "<tr><td>（一）主动公开<td>12<td>3\n"
    para = "<p>本机关坚持以公开为常态、不公开为例外。</p>\n"
    unit = (row + para).encode("utf-8")
    return b"<html><body><table>" + unit * (megabytes * 1024 * 1024 // len(unit)) + b"</table></body></html>"


def huge_text(megabytes: int = 20) -> bytes:
    """A text of ``megabytes`` MB: a report's lines repeated."""
    line = "（一）主动公开。本机关坚持以公开为常态、不公开为例外，12 3 4\n".encode()
    return line * (megabytes * 1024 * 1024 // len(line))


def report_text(chars: int) -> bytes:
    """A published report's text repeated up to ``chars`` characters."""
    text = (DATA / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8")
    return (text * (chars // len(text) + 1))[:chars].encode("utf-8")


def page_of_tags(tags: int) -> bytes:
    """A published report's page with table rows added up to about ``tags`` start tags in all."""
    page = (DATA / "qingshi-zrzy-2023.html").read_bytes()
    rows = b"<tr><td>1<td>2<td>3</tr>\n" * ((tags - page.count(b"<") // 2) // 4)
    return page.replace(b"</body>", b"<table>" + rows + b"</table></body>")


def page_with_image(megabytes: int = 19) -> bytes:
    """A published report's page with an inline (base64) image, as a browser's "save as one file" does."""
    page = (DATA / "qingshi-zrzy-2023.html").read_bytes()
    image = b'<img src="data:image/png;base64,' + b"QUJD" * (megabytes * 1024 * 1024 // 4) + b'">'
    return page.replace(b"</body>", image + b"</body>")


# name → (suffix, maker): every hostile file of issue 12 §5 that is built rather than written by hand
HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "far-cell": (".xlsx", far_cell),
    "far-styled-cell": (".xlsx", far_styled_cell),
    "million-rows": (".xlsx", million_rows),
    "huge-merge": (".xlsx", huge_merge),
    "labelled-rows-100k": (".xlsx", labelled_rows),
    "merges-520k": (".xlsx", many_merges),
    "html-50mb": (".html", huge_html),
    "html-19mb": (".html", lambda: huge_html(19)),
    "text-20mb": (".txt", huge_text),
    "text-19mb": (".txt", lambda: huge_text(19)),
}

Maker = Callable[[], bytes]
