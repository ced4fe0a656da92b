"""Import a report from a saved portal web page: HTML → text, one line per table row → text importer (Qt-free).

Table rows become tab-separated lines in document order. Cells spanning rows or columns (rowspan/colspan)
appear once, where the page puts them, which is all the label-anchored table reader needs. An empty cell
after the first number of a row is written as a blank mark, so that it is kept as blank and flagged.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from app.importers.common import ImportResult, SourceError
from app.importers.source import declared_charset, decode_text, read_bytes
from app.importers.text import BLANK_CELL, import_text

_BLOCK = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "table", "title"}
)
_SKIP = frozenset({"script", "style", "noscript", "head", "template", "iframe", "button", "select"})
# The most tags a page may have. A report's page has a few thousand; parsing costs about 15 µs a tag, so this
# bound keeps any page under the size cap to about two seconds (a 19 MB page of table rows took 15 s).
MAX_TAGS = 100_000


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.origin: list[int] = []  # page line of each piece of ``out``
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.title: list[str] = []
        self.in_title = False
        self.tags = 0

    def _emit(self, piece: str) -> None:
        self.out.append(piece)
        self.origin.append(self.getpos()[0])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if self.tags > MAX_TAGS:
            where = f"（在第{self.getpos()[0]}行）"
            raise SourceError(
                f"网页的标记超过 {MAX_TAGS // 10_000} 万个{where}，不像一份年度报告的网页，无法导入；"
                "请确认选择的文件是否正确"
            )
        if tag in _SKIP and tag != "head":
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if self.skip:
            return
        if tag == "tr":
            self._close_row()  # </tr> is optional: a new row ends the one before
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self._close_cell()  # </td> and </th> are optional: a new cell ends the one before
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("")
        elif tag in _BLOCK and self.cell is None:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head" and self.skip:
            self.skip -= 1
            return
        if tag == "title":
            self.in_title = False
        if self.skip:
            return
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag in ("table", "tbody", "thead", "tfoot"):
            self._close_row()  # the end of a table ends its last row and cell, with or without their end tags
            if tag == "table":
                self._emit("\n")
        elif tag in _BLOCK and self.cell is None:
            self._emit("\n")

    def _close_cell(self) -> None:
        if self.row is not None and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            if not text and any(c and c != BLANK_CELL for c in self.row):
                text = BLANK_CELL
            self.row.append(text)
            self.cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self.row is not None:
            cells = [c for c in self.row if c]
            if cells:
                self._emit("\n" + "\t".join(cells) + "\n")
            self.row = None

    def close(self) -> None:
        super().close()
        self._close_row()  # a page cut off inside a table keeps its last row

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self._emit(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(page: str) -> tuple[str, list[int]]:
    """The visible text of a page (paragraphs on their own lines, each table row as one tab-separated
    line) and, for each line of it, the line of the page it comes from."""
    parser = _PageText()
    parser.feed(page)
    parser.close()
    lines: list[str] = []
    origin: list[int] = []
    current = ""
    current_origin = 0
    for piece, page_line in zip(parser.out, parser.origin, strict=True):
        parts = piece.replace("\xa0", " ").split("\n")
        for i, part in enumerate(parts):
            if i > 0:
                lines.append(current)
                origin.append(current_origin)
                current = ""
            if part.strip() and not current.strip():
                current_origin = page_line
            current += part
    lines.append(current)
    origin.append(current_origin)
    kept = [(ln.strip(" "), o) for ln, o in zip(lines, origin, strict=True) if ln.strip()]
    title = re.sub(r"\s+", "", "".join(parser.title))
    if title and "年度报告" in title and not any("年度报告" in ln for ln, _ in kept[:10]):
        kept.insert(0, (title, 1))
    return "\n".join(ln for ln, _ in kept), [o for _, o in kept]


def import_html(page: str) -> ImportResult:
    """Import a report from the HTML of a saved page; problems name the line of the page."""
    text, origin = html_to_text(page)
    result = import_text(text, layout=False)
    problems = []
    for problem in result.problems:
        if problem.line is not None and 0 < problem.line <= len(origin):
            page_line = origin[problem.line - 1]
            source = f"网页第{page_line}行" + ("起" if "至" in problem.source else "")
            problem = replace(problem, source=source, line=page_line)
        problems.append(problem)
    result.problems = problems
    return result


def import_html_file(path: str) -> ImportResult:
    """Import a saved page (regular files only, size-capped, encoding detected); SourceError otherwise."""
    data = read_bytes(path, "html")
    return import_html(decode_text(data, Path(path).name, declared_charset(data)))
