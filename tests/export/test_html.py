"""The portal page: self-contained, semantic tables exactly as the official grids, escaped text, the draft rule,
readable back by our own HTML importer; and the clipboard fragment for a portal editor."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from app.clipboard import parse_tsv
from app.export.html import build_html, tables_html, tables_text
from app.export.layout import CellKind, section_grids
from app.export.text import DRAFT_MARK, DRAFT_NOTE, cell_text
from app.importers.html import import_html


class _Tables(HTMLParser):
    """Every <table> as its caption and rows of (tag, attrs, text) cells; every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cell: list | None = None
        self.in_caption = False
        self.section = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append({"caption": "", "caption_attrs": {}, "head": [], "body": [], "part": "body"})
        elif tag == "caption":
            self.in_caption = True
            self.tables[-1]["caption_attrs"] = a
        elif tag in ("thead", "tbody"):
            self.tables[-1]["part"] = "head" if tag == "thead" else "body"
        elif tag == "tr":
            self.tables[-1][self.tables[-1]["part"]].append([])
        elif tag in ("td", "th"):
            self.cell = [tag, a, ""]

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None:
            t = self.tables[-1]
            t[t["part"]][-1].append(tuple(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += data
        elif self.in_caption:
            self.tables[-1]["caption"] += data


def parse(page: str) -> _Tables:
    parser = _Tables()
    parser.feed(page)
    return parser


def placed(rows: list[list[tuple]]) -> dict[tuple[int, int], tuple]:
    """Cells by (row, col) after resolving rowspan/colspan the way a browser does."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, row in enumerate(rows):
        c = 0
        for tag, attrs, text in row:
            while (r, c) in taken:
                c += 1
            rs, cs = int(attrs.get("rowspan") or 1), int(attrs.get("colspan") or 1)
            out[(r, c)] = (tag, attrs, text, rs, cs)
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            c += cs
    return out


@pytest.fixture
def page(huaian) -> str:
    return build_html(huaian).decode("utf-8")


def test_self_contained_no_script_no_external_resource(page):
    parsed = parse(page)
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), attrs  # no event handlers
        assert "src" not in attrs and "href" not in attrs
    assert "url(" not in page and "@import" not in page and "http" not in page
    assert page.count("<style>") == 1 and '<meta charset="utf-8">' in page and 'lang="zh-CN"' in page
    assert "width=device-width" in page  # phones do not zoom out to a desktop width


def test_tables_are_the_official_grids(huaian, page):
    tables = parse(page).tables
    grids = [(s, g) for s in huaian.spec.sections for g in section_grids(s)]
    assert len(tables) == len(grids) == 6
    for table, (section, grid) in zip(tables, grids, strict=True):
        assert table["caption"] == (grid.block.title or section.heading)
        first = 1 if grid.block.title else 0  # the block title row is the caption
        assert len(table["head"]) == grid.head_rows - first
        assert len(table["body"]) == grid.n_rows - grid.head_rows
        cells = placed(table["head"] + table["body"])
        expected = [c for c in grid.cells if c.kind is not CellKind.TITLE]
        assert len(cells) == len(expected)
        for cell in expected:
            tag, attrs, text, rs, cs = cells[(cell.row - first, cell.col)]
            assert (text, rs, cs) == (cell_text(huaian, cell), cell.rowspan, cell.colspan), cell
            scope = {
                CellKind.HEADER: "colgroup" if cell.colspan > 1 else "col",
                CellKind.CORNER: "col",
                CellKind.GROUP: "rowgroup",
                CellKind.LABEL: "row",
            }.get(cell.kind)
            assert tag == ("th" if scope else "td") and attrs.get("scope") == scope, cell


def test_narrow_screens_scroll_tables_sideways_and_print_repeats_headers(page):
    assert re.search(r"\.table-wrap\{overflow-x:auto", page)
    assert page.count('class="table-wrap"') == 6
    assert "@media print" in page and "thead{display:table-header-group}" in page


def test_text_is_escaped(huaian):
    huaian.texts["s6_main"] = "<script>alert(\"x\")</script> & =SUM(A1) '引号'"
    huaian.meta["agency"] = "<b>某机关</b>"
    page = build_html(huaian).decode("utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; =SUM(A1) &#x27;引号&#x27;" in page
    assert "<title>&lt;b&gt;某机关&lt;/b&gt;2024年" in page


def test_draft_rule(huaian, page):
    draft = build_html(huaian, draft=True).decode("utf-8")
    assert DRAFT_NOTE in draft and f">{DRAFT_MARK}<" in draft
    assert DRAFT_NOTE not in page and DRAFT_MARK not in page


def test_our_html_importer_reads_the_page_back(huaian, page):
    result = import_html(page)
    doc = result.document
    assert doc.cells == huaian.cells
    for ref, value in doc.stated.items():  # totals printed on the page are read as stated ones, equal to ours
        assert value == huaian.value(ref), ref
    assert doc.meta["agency"] == "淮安市人民政府" and doc.year == 2024
    assert not result.unreadable


def test_clipboard_fragment_has_inline_styles_and_the_same_tables(huaian):
    fragment = tables_html(huaian)
    parsed = parse(fragment)
    assert len(parsed.tables) == 6
    assert "<style" not in fragment and "class=" not in fragment  # an editor keeps only inline styles
    assert all("style" in a for t, a in parsed.tags if t in ("table", "th", "td"))
    assert "447228" in fragment and "三、收到和处理政府信息公开申请情况" in fragment


def test_clipboard_text_fallback_is_tab_separated(huaian):
    rows = parse_tsv(tables_text(huaian))
    t3 = next(r for r in rows if r and r[-1] == "3050")  # （七）总计 … 3050
    assert "（七）总计" in t3 and "2932" in t3
    assert ["二、主动公开政府信息情况"] in rows
