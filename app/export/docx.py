"""The report as a Word document (.docx) in the official layout: GB/T 9704 page and type, tables 二/三/四
as real Word tables with the official merges, page numbers "— n —" (python-docx)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from app import APP_NAME, __version__
from app.document import ReportDocument
from app.export.fonts import FontSet, Role, system_fonts
from app.export.layout import BlockGrid, CellKind, GridCell, section_grids
from app.export.pdf import BODY, FOLIO, LINE, TITLE, plan_table
from app.export.pdfgrid import PAD
from app.export.text import DRAFT_MARK, DRAFT_NOTE, cell_text, paragraphs, run_in_heading, title_lines
from app.spec.model import Section
from app.textclean import clean_text

# GB/T 9704-2012 on A4 (the PDF's page): 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_LEFT = Mm(37), Mm(28)
MARGIN_RIGHT, MARGIN_BOTTOM = Mm(210 - 28 - 156), Mm(297 - 37 - 225)
FOOTER_DISTANCE = Mm(297 - 37 - 225 - 7 - 6)  # the folio's top 7 mm under the 版心

# The faces Word/WPS should use, East Asian name first; ``fontTable`` gives each a fallback (altName),
# so a PC without 方正小标宋简体 or 仿宋_GB2312 shows 宋体 / 仿宋 instead of a random face.
FONTS: dict[Role, tuple[str, str]] = {
    Role.TITLE: ("方正小标宋简体", "宋体"),
    Role.BODY: ("仿宋_GB2312", "仿宋"),
    Role.HEADING1: ("黑体", "SimHei"),
    Role.HEADING2: ("楷体_GB2312", "楷体"),
    Role.TABLE: ("宋体", "SimSun"),
    Role.FOLIO: ("宋体", "SimSun"),
}
STYLE_NAMES = {
    Role.TITLE: "年报标题",
    Role.BODY: "年报正文",
    Role.HEADING1: "年报一级标题",
    Role.HEADING2: "年报二级标题",
    Role.TABLE: "年报表格",
}
_OUTLINE = {Role.HEADING1: 0, Role.HEADING2: 1}
_TWIPS_PER_PT = 20
_RED = "D91A1A"
_ALIGN = {
    CellKind.TITLE: "left",
    CellKind.CORNER: "center",
    CellKind.HEADER: "center",
    CellKind.GROUP: "center",
    CellKind.LABEL: "left",
    CellKind.VALUE: "right",
    CellKind.TOTAL: "right",
}


def _fonts_xml(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>'


def _set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """Name the face for Latin and East Asian text alike (Word and WPS read ``w:eastAsia`` for Chinese)."""
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    rpr.insert(0, parse_xml(f"<w:rFonts {nsdecls('w')} {_fonts_xml(name)[len('<w:rFonts ') :]}"))


class _WordBuilder:
    def __init__(self, doc: ReportDocument, fonts: FontSet, draft: bool) -> None:
        self.doc = doc
        self.fonts = fonts  # only for measuring: the table column plan is the PDF's
        self.draft = draft
        self.word: DocxDocument = Document()
        self.body = self.word.element.body

    # ------------------------------------------------------------------ set-up
    def styles(self) -> None:
        styles = self.word.styles
        normal = styles["Normal"]
        assert isinstance(normal, ParagraphStyle)
        self._style_fonts(normal, FONTS[Role.BODY][0], BODY)
        sizes = {Role.TITLE: TITLE, Role.BODY: BODY, Role.HEADING1: BODY, Role.HEADING2: BODY, Role.TABLE: 10.5}
        for role, name in STYLE_NAMES.items():
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            assert isinstance(style, ParagraphStyle)
            style.base_style = normal
            style.quick_style = True
            self._style_fonts(style, FONTS[role][0], sizes[role])
            fmt = style.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.widow_control = True
            if role is Role.TABLE:
                continue  # the table's own size and leading are set per table
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(LINE)
            if role is Role.TITLE:
                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.line_spacing = Pt(TITLE * 1.6)
            else:
                fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                fmt.first_line_indent = Pt(2 * BODY)
                ind = fmt._element.get_or_add_pPr().get_or_add_ind()
                ind.set(qn("w:firstLineChars"), "200")
            if role in _OUTLINE:
                fmt.keep_with_next = True
                style.element.get_or_add_pPr().append(
                    parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{_OUTLINE[role]}"/>')
                )
        self._font_table()

    @staticmethod
    def _style_fonts(style: ParagraphStyle, name: str, size: float) -> None:
        style.font.size = Pt(size)
        style.font.bold = False
        _set_fonts(style.element.get_or_add_rPr(), name)

    def _font_table(self) -> None:
        """Declare each face with its fallback (altName) and the GB2312 character set in word/fontTable.xml."""
        part = next(p for p in self.word.part.package.iter_parts() if p.partname.endswith("/fontTable.xml"))
        root = parse_xml(part.blob)
        present = {font.get(qn("w:name")) for font in root.iterchildren(qn("w:font"))}
        for name, alt in sorted(set(FONTS.values())):
            if name in present:
                continue
            root.append(
                parse_xml(
                    f"<w:font {nsdecls('w')} w:name={quoteattr(name)}><w:altName w:val={quoteattr(alt)}/>"
                    '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                )
            )
        part._blob = serialize_part_xml(root)

    def page(self, section: DocxSection, *, landscape: bool = False) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
        if landscape:  # the 版心 turned, as in the PDF
            section.top_margin, section.bottom_margin = MARGIN_LEFT, MARGIN_RIGHT
            section.left_margin, section.right_margin = MARGIN_BOTTOM, MARGIN_TOP
        else:
            section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
            section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.footer_distance = FOOTER_DISTANCE if not landscape else Mm(6)
        section.header_distance = Mm(15)

    def footers(self, section: DocxSection) -> None:
        """ "— n —" in 四号 宋体: odd pages on the right, even pages on the left, one character in from the edge."""
        self.word.settings.odd_and_even_pages_header_footer = True
        for footer, align, side in (
            (section.footer, "right", "right"),
            (section.even_page_footer, "left", "left"),
        ):
            para = footer.paragraphs[0]
            name = FONTS[Role.FOLIO][0]
            rpr = f"<w:rPr>{_fonts_xml(name)}<w:sz w:val='{int(FOLIO * 2)}'/></w:rPr>"
            indent = int(FOLIO * _TWIPS_PER_PT)
            para._p.append(
                parse_xml(f'<w:pPr {nsdecls("w")}><w:jc w:val="{align}"/><w:ind w:{side}="{indent}"/></w:pPr>')
            )
            runs = (
                f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
                f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r>{rpr}<w:t>1</w:t></w:r>"
                f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
                f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>'
            )
            for run in parse_xml(f"<w:p {nsdecls('w')}>{runs}</w:p>"):
                para._p.append(run)

    def draft_headers(self, section: DocxSection) -> None:
        """The PDF's 草稿 rule: a red notice at the top and a faint diagonal 草稿 behind every page."""
        for header in (section.header, section.even_page_header):
            para = header.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(DRAFT_NOTE)
            run.font.size = Pt(10.5)
            run.font.color.rgb = RGBColor.from_string(_RED)
            _set_fonts(run._r.get_or_add_rPr(), FONTS[Role.HEADING1][0])
            para._p.append(parse_xml(_watermark()))

    # ------------------------------------------------------------------ text
    def para(self, text: str, role: Role, run_in: str = "") -> Paragraph:
        para = self.word.add_paragraph(style=STYLE_NAMES[role])
        if run_in:
            head = para.add_run(run_in)
            _set_fonts(head._r.get_or_add_rPr(), FONTS[Role.HEADING2][0])
        if text:
            para.add_run(text)
        return para

    def story(self) -> None:
        doc = self.doc
        for line in title_lines(doc):
            self.para(line, Role.TITLE)
        if title_lines(doc):
            self.para("", Role.BODY)  # one blank line under the title, as in the PDF
        for meta in doc.spec.metadata:
            if meta.kind == "longtext":
                for text in paragraphs(doc.meta.get(meta.id, "")):
                    self.para(text, Role.BODY)
        for section in doc.spec.sections:
            self.para(section.heading, Role.HEADING1)
            if section.blocks:
                self.table(section)
                continue
            for fld in section.fields:
                texts = paragraphs(doc.texts.get(fld.id, ""))
                run_in, first = run_in_heading(texts[0]) if texts else ("", "")
                if fld.heading and not run_in:
                    self.para(fld.title, Role.HEADING2)
                if run_in:
                    self.para(first, Role.BODY, run_in=run_in)
                    texts = texts[1:]
                for text in texts:
                    self.para(text, Role.BODY)

    # ------------------------------------------------------------------ tables
    def _text_of(self, cell: GridCell) -> str:
        return cell_text(self.doc, cell)

    def table(self, section: Section) -> None:
        grids = section_grids(section)
        size, widths, wide = plan_table(grids, self._text_of, self.fonts.face(Role.TABLE).name)
        if wide:
            self.page(self.word.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        twips = [round(w * _TWIPS_PER_PT) for w in widths]
        self.body.insert(len(self.body) - 1, parse_xml(self._table_xml(grids, size, twips)))
        if wide:
            self.page(self.word.add_section(WD_SECTION.NEW_PAGE))
        else:
            self.word.add_paragraph(style=STYLE_NAMES[Role.TABLE])  # the gap under a table

    def _table_xml(self, grids: list[BlockGrid], size: float, twips: list[int]) -> str:
        """One Word table for a section's blocks (they share the columns); merges as gridSpan / vMerge."""
        border = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        pad = round(PAD * _TWIPS_PER_PT)
        out = [
            f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val='TableGrid'/>"
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type='fixed'/>"
            "<w:tblCellMar>"
            + "".join(f'<w:{side} w:w="{pad}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
            + "</w:tblCellMar>"
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            ' w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in twips),
            "</w:tblGrid>",
        ]
        rpr = f"<w:rPr>{_fonts_xml(FONTS[Role.TABLE][0])}<w:sz w:val='{round(size * 2)}'/></w:rPr>"
        spacing = (
            f'<w:spacing w:line="{round(size * 1.35 * _TWIPS_PER_PT)}" w:lineRule="exact"/><w:ind w:firstLine="0"/>'
        )
        for n, grid in enumerate(grids):
            starts = {(c.row, c.col): c for c in grid.cells}
            covered: dict[tuple[int, int], GridCell] = {}  # first column of a vertically merged cell below its top
            for cell in grid.cells:
                for r in range(cell.row + 1, cell.last_row + 1):
                    covered[(r, cell.col)] = cell
            for r in range(grid.n_rows):
                head = n == 0 and r < grid.head_rows  # repeated on every page the table runs over
                out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + "</w:trPr>")
                c = 0
                while c < grid.n_cols:
                    top = starts.get((r, c))
                    below = covered.get((r, c))
                    if top is not None:
                        cell, text = top, self._text_of(top)
                        merge = "<w:vMerge w:val='restart'/>" if top.rowspan > 1 else ""
                    elif below is not None:
                        cell, text, merge = below, "", "<w:vMerge/>"
                    else:  # not reached for a well-formed grid; keep the table rectangular
                        c += 1
                        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[c - 1]}" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
                        continue
                    width = sum(twips[c : c + cell.colspan])
                    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
                    run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(clean_text(text))}</w:t></w:r>' if text else ""
                    out.append(
                        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
                        f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{_style_id(Role.TABLE)}"/>'
                        f'{spacing}<w:jc w:val="{_ALIGN[cell.kind]}"/></w:pPr>{run}</w:p></w:tc>'
                    )
                    c += cell.colspan
                out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    # ------------------------------------------------------------------ all
    def build(self) -> bytes:
        self.styles()
        first = self.word.sections[0]
        self.page(first)
        self.footers(first)
        if self.draft:
            self.draft_headers(first)
        # the template's empty first paragraph would push the title down one line
        for p in list(self.body.iterchildren(qn("w:p"))):
            self.body.remove(p)
        self.story()
        props = self.word.core_properties
        props.title = clean_text(self.doc.title)
        props.author = clean_text(self.doc.meta.get("agency", ""))
        props.subject = self.doc.spec.name
        props.comments = f"{APP_NAME} {__version__}"
        props.last_modified_by = APP_NAME
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def _style_id(role: Role) -> str:
    # python-docx derives a style id from the name by removing spaces
    return STYLE_NAMES[role].replace(" ", "")


def _watermark() -> str:
    """A VML text watermark, the shape Word itself writes for 设计 → 水印 (WPS and LibreOffice read it)."""
    vml = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    formulas = "".join(
        f'<v:f eqn="{eqn}"/>'
        for eqn in (
            "sum #0 0 10800",
            "prod #0 2 1",
            "sum 21600 0 @1",
            "sum 0 0 @2",
            "sum 21600 0 @3",
            "if @0 @3 0",
            "if @0 21600 @1",
            "if @0 0 @2",
            "if @0 @4 21600",
            "mid @5 @6",
            "mid @8 @5",
            "mid @7 @8",
            "mid @6 @7",
            "sum @6 0 @5",
        )
    )
    return (
        f"<w:r {nsdecls('w')} {vml}><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
        ' path="m@7,l@8,m@5,21600l@6,21600e">'
        f"<v:formulas>{formulas}</v:formulas>"
        '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"'
        ' o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
        '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"'
        ' style="position:absolute;margin-left:0;margin-top:0;width:340pt;height:170pt;rotation:325;'
        "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"'
        f' fillcolor="#{_RED}" stroked="f"><v:fill opacity="0.16"/>'
        f'<v:textpath style="font-family:&quot;{FONTS[Role.HEADING1][0]}&quot;;font-size:1pt" string="{DRAFT_MARK}"/>'
        "</v:shape></w:pict></w:r>"
    )


def build_docx(doc: ReportDocument, *, draft: bool = False, fonts: FontSet | None = None) -> bytes:
    """The whole report as .docx bytes; ``draft`` adds the red notice and a 草稿 watermark to every page."""
    return _WordBuilder(doc, fonts or system_fonts(), draft).build()
