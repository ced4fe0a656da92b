"""Import a report from a Word document (.docx: ours, or saved by Word, WPS or LibreOffice) (Qt-free).

Stages: read (the file, bounded: size, zip entries, the main part's unpacked size, table size) → the body as
paragraphs and tables in order (gridSpan and vMerge expanded like merged cells in a workbook) → the
paragraphs through the text importer (title, preamble, sections and their fields split by the headings) →
the tables through the Excel importer's grid logic (rows by label, columns by header labels, stated totals)
→ the problems of both, placed as 第N段 / 第N个表格第M行.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from app.importers.common import ImportResult, SourceError
from app.importers.mixed import text_and_tables
from app.importers.source import read_bytes
from app.importers.xlsx.read import Cell, Sheet

SAVE_AS_DOCX = "请在 Word/WPS 中另存为 .docx 后导入"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps and other Office 97–2003 files
MAX_ENTRIES = 5000  # zip members (a report has about 20)
MAX_PART = 40 * 1024 * 1024  # the unpacked main part (a 100-page report is about 2 MB)
MAX_TABLES = 200
MAX_ROWS = 5000  # all tables together
MAX_COLS = 200  # grid columns of one table
MAX_CHARS = 5_000_000

_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_SKIP = frozenset({qn("w:txbxContent"), qn("w:moveFrom"), qn("w:del"), qn("w:pPr"), qn("w:rPr")})
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag"), qn("w:ins")})
_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


@dataclass
class WordTable(Sheet):
    """One table of the document as a grid (1-based), named for the clerk by its place."""

    number: int = 0

    def where(self, row: int, col: int | None = None) -> str:
        place = f"Word 文档第{self.number}个表格第{row}行"
        return place if col is None else f"{place}第{col}列"


@dataclass(frozen=True, slots=True)
class WordBody:
    """The body in reading order: paragraph texts (their number in the document) and the tables."""

    paragraphs: list[tuple[int, str]]
    tables: list[WordTable]


# --------------------------------------------------------------------------- read
def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document's name in the package (word/document.xml for Word, WPS and LibreOffice)."""
    try:
        rels = _read_member(archive, "_rels/.rels", 1024 * 1024)
    except KeyError:
        return "word/document.xml"
    match = re.search(rb'Target="/?([^"]+)"[^>]*?Type="[^"]*/officeDocument"', rels) or re.search(
        rb'Type="[^"]*/officeDocument"[^>]*?Target="/?([^"]+)"', rels
    )
    return match.group(1).decode("utf-8", "replace") if match else "word/document.xml"


def _read_member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """A member, unpacked no further than ``cap`` bytes whatever its header claims (a zip bomb stops here)."""
    with archive.open(name) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise SourceError(f"Word 文档的正文部分解压后超过 {cap // (1024 * 1024)} MB，不像一份年度报告，未导入")
    return data


def read_document_xml(data: bytes) -> bytes:
    """The main part of a .docx package; SourceError for a .doc/.wps, a damaged or a hostile file."""
    if data.startswith(_OLE):
        raise SourceError(f"这是旧版 Word（.doc）或 WPS（.wps）格式的文件，无法直接导入；{SAVE_AS_DOCX}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise SourceError(f"无法打开该 Word 文档：文件已损坏，或不是 .docx 格式；{SAVE_AS_DOCX}") from exc
    with archive:
        if len(archive.infolist()) > MAX_ENTRIES:
            raise SourceError(f"Word 文档包含超过 {MAX_ENTRIES} 个部件，不像一份年度报告，未导入")
        name = "word/document.xml"
        try:
            name = _main_part(archive)  # a damaged package may fail already here, on its relationships
            xml = _read_member(archive, name, MAX_PART)
        except KeyError as exc:
            raise SourceError(f"该文件不是 Word 文档（缺少正文部分 {name}）；{SAVE_AS_DOCX}") from exc
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise SourceError("无法读取 Word 文档的正文部分：文件已损坏或使用了不支持的压缩方式") from exc
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", xml):  # markup only: in text it would be &lt;!
        raise SourceError("Word 文档的正文含有实体定义（DOCTYPE/ENTITY），Word 不会这样保存，为安全起见未导入")
    return xml


def _text(element: BaseOxmlElement) -> str:
    """The visible text of a paragraph: runs, tabs and line breaks; no deleted, moved-away or text-box text."""
    out: list[str] = []

    def walk(node: BaseOxmlElement) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _W_T:
                out.append(child.text or "")
            elif tag == _W_TAB:
                out.append("\t")
            elif tag in (_W_BR, _W_CR):
                out.append("\n")
            else:
                walk(child)

    walk(element)
    return "".join(out)


class _BodyReader:
    def __init__(self) -> None:
        self.paragraphs: list[tuple[int, str]] = []
        self.tables: list[WordTable] = []
        self.count = 0  # paragraphs of the body (outside tables), for 第N段
        self.rows = 0
        self.chars = 0

    def _count(self, text: str) -> str:
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise SourceError(f"Word 文档的文字超过 {MAX_CHARS} 个字符，不像一份年度报告，未导入")
        return text

    def body(self, node: BaseOxmlElement) -> None:
        for child in node:
            if child.tag == qn("w:p"):
                self.count += 1
                text = self._count(_text(child))
                if text.strip():
                    self.paragraphs.append((self.count, text))
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag in _WRAPPERS:
                self.body(child)

    def table(self, tbl: BaseOxmlElement) -> None:
        if len(self.tables) >= MAX_TABLES:
            raise SourceError(f"Word 文档有超过 {MAX_TABLES} 个表格，不像一份年度报告，未导入")
        sheet = WordTable(f"表格{len(self.tables) + 1}", number=len(self.tables) + 1)
        above: dict[int, Cell] = {}  # the cell each grid column shows on the row before (for vMerge)
        r = 0
        for tr in tbl.iter(qn("w:tr")):
            if tr.getparent() is not tbl:
                continue  # a row of a table nested in a cell
            r += 1
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise SourceError(f"Word 文档的表格共超过 {MAX_ROWS} 行，不像一份年度报告，未导入")
            c = 1 + _grid_value(tr, "w:gridBefore")
            row_cells: dict[int, Cell] = {}
            for tc in tr.iterchildren(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span = max(1, _grid_value(tc, "w:gridSpan"))
                merge = pr.find(qn("w:vMerge")) if pr is not None else None
                if c + span - 1 > MAX_COLS:
                    raise SourceError(f"Word 文档第{sheet.number}个表格超过 {MAX_COLS} 列，不像一份年度报告，未导入")
                continued = merge is not None and merge.get(qn("w:val"), "continue") != "restart"
                if continued and c in above:
                    top = above[c]
                    cells = [Cell(top.value, copy=True) for _ in range(span)]
                else:
                    paras = [self._count(_text(p)).strip() for p in tc.iter(qn("w:p")) if _in_cell(p, tc)]
                    text = "\n".join(p for p in paras if p)
                    first = table_cell(text)
                    cells = [first] + [Cell(first.value, copy=True) for _ in range(span - 1)]
                for offset, cell in enumerate(cells):
                    if cell.value != "":
                        sheet.cells[(r, c + offset)] = cell
                    row_cells[c + offset] = cell
                c += span
            above = row_cells
            sheet.n_cols = max(sheet.n_cols, c - 1)
        sheet.n_rows = r
        self.tables.append(sheet)


def _grid_value(element: BaseOxmlElement, tag: str) -> int:
    """An integer property of a row (w:gridBefore) or a cell (w:gridSpan), 0 when absent or absurd."""
    node = next(element.iter(qn(tag)), None)
    if node is None:
        return 0
    try:
        value = int(node.get(qn("w:val"), "0"))
    except ValueError:
        return 0
    return value if 0 <= value <= MAX_COLS else MAX_COLS + 1


def _in_cell(p: BaseOxmlElement, tc: BaseOxmlElement) -> bool:
    """A paragraph of the cell itself, not of a table nested inside it."""
    parent = p.getparent()
    while parent is not None and parent is not tc:
        if parent.tag == qn("w:tbl"):
            return False
        parent = parent.getparent()
    return True


def table_cell(text: str) -> Cell:
    """A table cell as the workbook reader would have it; a number's decimals become its number format
    (so the fee's decimals, 96171.6000, survive as they do from our workbook)."""
    match = _NUMBER.fullmatch(text.replace(",", "").replace("，", ""))
    if match is None:
        return Cell(text)
    places = match.group(1)
    return Cell(text, number_format="0." + "0" * len(places) if places else "0")


def read_body(data: bytes) -> WordBody:
    """Paragraphs and tables of a .docx in reading order; SourceError when it cannot or must not be read."""
    xml = read_document_xml(data)
    try:
        root = parse_xml(xml)
    except Exception as exc:  # lxml's XMLSyntaxError and kin
        raise SourceError("Word 文档的正文部分已损坏（不是有效的 XML），无法导入") from exc
    body = root.find(qn("w:body"))
    if body is None:
        raise SourceError("Word 文档中没有正文")
    reader = _BodyReader()
    reader.body(body)
    return WordBody(reader.paragraphs, reader.tables)


# --------------------------------------------------------------------------- import
def import_docx(data: bytes) -> ImportResult:
    """Import a report from the bytes of a .docx file."""
    body = read_body(data)
    lines: list[str] = []
    origin: list[int] = []  # text line → paragraph number
    for number, text in body.paragraphs:
        for part in text.split("\n"):
            lines.append(part)
            origin.append(number)
    return text_and_tables(
        lines,
        origin,
        list(body.tables),
        layout=False,
        line_source=lambda number, source: f"Word 文档第{number}段" + ("起" if "至" in source else ""),
        tables_name="Word 文档的表格",
    )


def import_docx_file(path: str) -> ImportResult:
    """Import a .docx file (regular files only, size-capped); SourceError when it cannot be read."""
    return import_docx(read_bytes(path, "docx"))
