"""The report as a PDF in the official layout (GB/T 9704-2012 page and type), built with reportlab."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from app import APP_NAME, __version__
from app.document import ReportDocument
from app.export.cjk import Align, CJKParagraph, Span, tokenize
from app.export.fonts import FontSet, Role, is_invisible, system_fonts
from app.export.layout import BlockGrid, CellKind, GridCell, section_grids
from app.export.pdfgrid import GridFlowable, PlacedCell, plan_widths, vertical_columns
from app.export.text import DRAFT_MARK, DRAFT_NOTE, cell_text, paragraphs, run_in_heading, title_lines
from app.spec.model import Section

# GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 16 pt per page.
TOP, LEFT, TEXT_W, TEXT_H = 37 * mm, 28 * mm, 156 * mm, 225 * mm
BODY = 16.0
LINE = TEXT_H / 22
TITLE = 22.0
FOLIO = 14.0
KEEP_WITH_HEADING = 3 * LINE  # a heading starts a new page unless two lines of text follow it
TABLE_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5)
# Only on a landscape page, and only when 7.5 pt cannot hold every number on one line (nine-digit counts):
# a smaller type beats a number broken over two lines, which a reader takes for two numbers.
LANDSCAPE_EXTRA_SIZES = (7.0, 6.5, 6.0, 5.5, 5.0)


@dataclass(frozen=True, slots=True)
class Piece:
    """A text the PDF draws, its role (font) and where it sits, in words for the clerk."""

    where: str
    role: Role
    text: str


def pieces(doc: ReportDocument) -> Iterator[Piece]:
    """Every text the PDF draws, in reading order (used for the glyph check)."""
    for line in title_lines(doc):
        yield Piece("标题", Role.TITLE, line)
    for meta in doc.spec.metadata:
        if meta.kind == "longtext":
            yield Piece(f"基本信息 · {meta.label}", Role.BODY, doc.meta.get(meta.id, ""))
    for section in doc.spec.sections:
        yield Piece(section.heading, Role.HEADING1, section.heading)
        for field in section.fields:
            where = f"{section.heading} · {field.title}" if field.heading else section.heading
            if field.heading:
                yield Piece(where, Role.HEADING2, field.title)
            yield Piece(where, Role.BODY, doc.texts.get(field.id, ""))
        for grid in section_grids(section):
            for cell in grid.cells:
                yield Piece(f"表{section.number}", Role.TABLE, cell_text(doc, cell))


@dataclass(frozen=True, slots=True)
class GlyphProblem:
    """Characters of one place in the report that the chosen font cannot draw."""

    where: str
    chars: str
    font: str
    fallback: str | None  # the face that draws them instead, or None: they would print as boxes

    @property
    def message(self) -> str:
        codes = "、".join(f"U+{ord(c):04X}" for c in self.chars)
        if self.fallback:
            return f"{self.where}：“{self.chars}”（{codes}）{self.font}中没有，改用{self.fallback}显示"
        return f"{self.where}：“{self.chars}”（{codes}）所有可用字体中都没有，无法显示，请改用常用字或核对输入"


def check_glyphs(doc: ReportDocument, fonts: FontSet | None = None) -> list[GlyphProblem]:
    """Every place whose text the role's font cannot draw, before anything is exported."""
    fonts = fonts or system_fonts()
    found: dict[tuple[str, str, str | None], str] = {}
    for piece in pieces(doc):
        face = fonts.face(piece.role)
        for char in piece.text:
            if char.isspace() or face.has(char) or (is_invisible(char) and not fonts.fallback.has(char)):
                continue
            fallback = fonts.fallback.family if fonts.fallback.has(char) else None
            key = (piece.where, face.family, fallback)
            if char not in found.get(key, ""):
                found[key] = found.get(key, "") + char
    return [GlyphProblem(where, chars, font, fb) for (where, font, fb), chars in found.items()]


def plan_table(
    grids: list[BlockGrid], text_of: Callable[[GridCell], str], font: str
) -> tuple[float, list[float], bool]:
    """(type size, column widths, landscape) of a section's grids: the largest size that fits the 版心
    width, else the largest that fits a landscape page, else the smallest squeezed onto one."""
    for avail, wide in ((TEXT_W, False), (TEXT_H, True)):
        for size in TABLE_SIZES + (LANDSCAPE_EXTRA_SIZES if wide else ()):
            widths = plan_widths(grids, text_of, font, size, avail)
            if widths is not None:
                return size, widths, wide
    n = grids[0].n_cols
    return TABLE_SIZES[-1], [TEXT_H / n] * n, True


class _Builder:
    """Turns the document into flowables with the chosen fonts."""

    def __init__(self, doc: ReportDocument, fonts: FontSet) -> None:
        self.doc = doc
        self.fonts = fonts

    def para(
        self,
        spans: list[Span],
        *,
        indent: float = 0.0,
        align: Align = "justify",
        leading: float = LINE,
        before: float = 0.0,
        after: float = 0.0,
    ) -> CJKParagraph:
        return CJKParagraph(
            tokenize(spans, self.fonts),
            leading=leading,
            first_indent=indent,
            align=align,
            space_before=before,
            space_after=after,
        )

    def body(self, text: str) -> list[Flowable]:
        return [self.para([Span(p, Role.BODY, BODY)], indent=2 * BODY) for p in paragraphs(text)]

    def story(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = []
        lines = title_lines(doc)
        for n, line in enumerate(lines):
            out.append(
                self.para(
                    [Span(line, Role.TITLE, TITLE)],
                    align="center",
                    leading=TITLE * 1.6,
                    after=LINE if n == len(lines) - 1 else 0.0,
                )
            )
        for meta in doc.spec.metadata:
            if meta.kind == "longtext":
                out += self.body(doc.meta.get(meta.id, ""))
        for section in doc.spec.sections:
            heading = self.para([Span(section.heading, Role.HEADING1, BODY)], indent=2 * BODY)
            if section.blocks:
                out += self.table(section, heading)
                continue
            out += [CondPageBreak(KEEP_WITH_HEADING), heading]
            for field in section.fields:
                texts = paragraphs(doc.texts.get(field.id, ""))
                run_in, first = run_in_heading(texts[0]) if texts else ("", "")
                if field.heading and not run_in:
                    title = self.para([Span(field.title, Role.HEADING2, BODY)], indent=2 * BODY)
                    out += [CondPageBreak(KEEP_WITH_HEADING), title]
                if run_in:
                    spans = [Span(run_in, Role.HEADING2, BODY), Span(first, Role.BODY, BODY)]
                    out.append(self.para(spans, indent=2 * BODY))
                    texts = texts[1:]
                for text in texts:
                    out += self.body(text)
        return out

    # ------------------------------------------------------------------ tables
    def table(self, section: Section, heading: CJKParagraph) -> list[Flowable]:
        """The section's grids at the largest type size that fits the 版心 width, else on a landscape page."""
        grids = section_grids(section)
        size, widths, wide = plan_table(grids, self._text_of, self.fonts.face(Role.TABLE).name)
        vertical = vertical_columns(grids, self._text_of)
        tables: list[Flowable] = [
            self._grid(grid, size, widths, vertical, heading if n == 0 else None) for n, grid in enumerate(grids)
        ]
        if wide:
            return [NextPageTemplate("landscape"), PageBreak(), *tables, NextPageTemplate("portrait"), PageBreak()]
        return [*tables, Spacer(1, LINE / 2)]

    def _text_of(self, cell: GridCell) -> str:
        return cell_text(self.doc, cell)

    def _grid(
        self, grid: BlockGrid, size: float, widths: list[float], vertical: set[int], caption: CJKParagraph | None
    ) -> GridFlowable:
        placed = [
            PlacedCell(
                cell,
                tuple(tokenize([Span(self._text_of(cell), Role.TABLE, size)], self.fonts)),
                vertical=cell.kind is CellKind.GROUP and cell.col in vertical,
            )
            for cell in grid.cells
        ]
        return GridFlowable(placed, grid.n_rows, grid.head_rows, widths, size * 1.35, caption)


class _Doc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, doc: ReportDocument, fonts: FontSet, draft: bool) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=LEFT,
            topMargin=TOP,
            rightMargin=A4[0] - LEFT - TEXT_W,
            bottomMargin=A4[1] - TOP - TEXT_H,
            title=doc.title,
            author=doc.meta.get("agency", ""),
            subject=doc.spec.name,
            creator=f"{APP_NAME} {__version__}",
            initialFontName=fonts.face(Role.BODY).name,  # no stray non-embedded Helvetica
            initialFontSize=BODY,
        )
        self.fonts = fonts
        self.draft = draft
        portrait = Frame(LEFT, A4[1] - TOP - TEXT_H, TEXT_W, TEXT_H, id="text", **_NO_PADDING)
        # Landscape table pages: the 版心 turned, its top still 37 mm from the binding edge's page top.
        wide = Frame(A4[1] - TOP - TEXT_H, A4[0] - LEFT - TEXT_W, TEXT_H, TEXT_W, id="wide", **_NO_PADDING)
        self.addPageTemplates(
            [
                PageTemplate("portrait", [portrait], onPage=self._decorate_portrait, pagesize=A4),
                PageTemplate("landscape", [wide], onPage=self._decorate_landscape, pagesize=landscape(A4)),
            ]
        )

    def _decorate_portrait(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._decorate(canvas, A4)

    def _decorate_landscape(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._decorate(canvas, landscape(A4))

    def _decorate(self, canvas: Canvas, size: tuple[float, float]) -> None:
        """Page number "— n —" 7 mm under the 版心, odd pages right and even pages left; the draft mark."""
        page = canvas.getPageNumber()
        width, height = size
        face = self.fonts.face(Role.FOLIO)
        text = f"— {page} —"
        canvas.saveState()
        canvas.setFont(face.name, FOLIO)
        bottom = A4[1] - TOP - TEXT_H if width < height else A4[0] - LEFT - TEXT_W
        y = bottom - 7 * mm - FOLIO * 0.8
        left = LEFT if width < height else A4[1] - TOP - TEXT_H
        right = left + (TEXT_W if width < height else TEXT_H)
        if page % 2:
            canvas.drawRightString(right - FOLIO, y, text)
        else:
            canvas.drawString(left + FOLIO, y, text)
        if self.draft:
            self._draft_mark(canvas, width, height)
        canvas.restoreState()

    def _draft_mark(self, canvas: Canvas, width: float, height: float) -> None:
        face = self.fonts.face(Role.HEADING1)
        canvas.setFillColorRGB(0.85, 0.1, 0.1)
        canvas.setFont(face.name, 10.5)
        canvas.drawCentredString(width / 2, height - 18 * mm, DRAFT_NOTE)
        canvas.setFillColorRGB(0.85, 0.1, 0.1, alpha=0.16)
        canvas.setFont(face.name, 150)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -50, DRAFT_MARK)


_NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


def build_pdf(doc: ReportDocument, *, draft: bool = False, fonts: FontSet | None = None) -> bytes:
    """The whole report as PDF bytes; ``draft`` adds a visible 草稿 mark to every page."""
    fonts = fonts or system_fonts()
    buffer = io.BytesIO()
    template = _Doc(buffer, doc, fonts, draft)
    template.build(_Builder(doc, fonts).story())
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    """Pages in a PDF we built (reportlab writes one /Type /Page object per page)."""
    return len(re.findall(rb"/Type /Page\b", data))
