"""The report as one self-contained web page for the portal (inline CSS, no script, no external resource), and
the three tables as an HTML fragment for a portal editor's clipboard; semantic tables from the layout grids."""

from __future__ import annotations

from html import escape

from app.clipboard import to_tsv
from app.document import ReportDocument
from app.export.layout import BlockGrid, CellKind, GridCell, section_grids
from app.export.pdfgrid import vertical_columns
from app.export.text import DRAFT_MARK, DRAFT_NOTE, cell_text, paragraphs, run_in_heading, title_lines
from app.spec.model import Section
from app.textclean import clean_text

# Narrow screens: each table scrolls sideways inside its own box; print: A4, header rows on every page.
CSS = """
:root{color-scheme:light}
body{margin:0;background:#fff;color:#111;font:16px/1.8 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",
"WenQuanYi Micro Hei",sans-serif}
main{max-width:56rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font:700 1.6rem/1.5 "FZXiaoBiaoSong-B05S","SimSun","Songti SC",serif;text-align:center;margin:1rem 0 1.5rem}
h1 span{display:block}
h2{font:700 1.1rem/1.8 "SimHei","Heiti SC",sans-serif;margin:1.4rem 0 .4rem}
h3{font:700 1rem/1.8 "KaiTi","Kaiti SC",serif;margin:.8rem 0 .2rem}
p{margin:0 0 .4rem;text-indent:2em;text-align:justify}
p .run-in{font-family:"KaiTi","Kaiti SC",serif;font-weight:700}
.draft{color:#c00000;border:1px solid #c00000;padding:.4rem .6rem;text-indent:0;font-weight:700}
.draft-mark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:9rem;color:rgba(217,26,26,.12);
transform:rotate(-30deg);pointer-events:none;z-index:-1}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.4rem 0 1rem;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.85rem;line-height:1.4}
table.wide{min-width:40rem}
caption{text-align:left;font-weight:700;padding:.3rem 0}
caption.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
th,td{border:1px solid #333;padding:.25rem .35rem;vertical-align:middle}
th{font-weight:400;text-align:center;background:#f4f6f8}
th[scope=row]{text-align:left;background:#fff}
th.vertical{writing-mode:vertical-rl;letter-spacing:.1em}
td{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.total{background:#f7f7f7}
@media print{
@page{size:A4;margin:18mm 15mm}
body{font-size:12pt}
main{max-width:none;padding:0}
.table-wrap{overflow:visible}
table.wide{min-width:0}
thead{display:table-header-group}
tr,h2,h3{break-inside:avoid}
h2,h3{break-after:avoid}
th{background:none}
td.total{background:none}
}
""".strip()

# Inline styles for the clipboard fragment: a portal editor keeps style attributes but drops <style> blocks.
_CELL = "border:1px solid #000;padding:2px 4px;"
_INLINE = {
    "table": "border-collapse:collapse;font-size:14px;",
    "caption": "text-align:left;font-weight:bold;padding:4px 0;",
    "th": _CELL + "text-align:center;font-weight:normal;",
    "row": _CELL + "text-align:left;font-weight:normal;",
    "td": _CELL + "text-align:right;",
}


def _e(text: str) -> str:
    return escape(clean_text(text), quote=True)


def _attrs(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def grid_table(
    doc: ReportDocument, grid: BlockGrid, caption: str, *, hidden_caption: bool, vertical: set[int], inline: bool
) -> str:
    """One block as a <table>: head rows in <thead> with th scope col/colgroup, the body's row groups and
    labels as th scope rowgroup/row, numbers as td; rowspan/colspan exactly as the grid."""

    def style(key: str) -> str:
        return f' style="{_INLINE[key]}"' if inline else ""

    wide = ' class="wide"' if grid.value_cols > 4 and not inline else ""
    cap_class = ' class="hidden"' if hidden_caption and not inline else ""
    out = [f"<table{wide}{style('table')}>", f"<caption{cap_class}{style('caption')}>{_e(caption)}</caption>"]
    rows: dict[int, list[str]] = {}
    for cell in grid.cells:
        if cell.kind is CellKind.TITLE:
            continue  # the block title is the caption
        text = _e(cell_text(doc, cell))
        span = _attrs(cell)
        if cell.kind in (CellKind.HEADER, CellKind.CORNER):
            scope = "colgroup" if cell.colspan > 1 and cell.kind is CellKind.HEADER else "col"
            html = f'<th scope="{scope}"{span}{style("th")}>{text}</th>'
        elif cell.kind is CellKind.GROUP:
            cls = ' class="vertical"' if cell.col in vertical and not inline else ""
            html = f'<th scope="rowgroup"{span}{cls}{style("th")}>{text}</th>'
        elif cell.kind is CellKind.LABEL:
            html = f'<th scope="row"{span}{style("row")}>{text}</th>'
        else:
            cls = ' class="total"' if cell.kind is CellKind.TOTAL and not inline else ""
            html = f"<td{span}{cls}{style('td')}>{text}</td>"
        rows.setdefault(cell.row, []).append(html)
    first_head = 1 if grid.block.title else 0
    out.append("<thead>")
    for r in range(first_head, grid.head_rows):
        out.append("<tr>" + "".join(rows.get(r, [])) + "</tr>")
    out.append("</thead><tbody>")
    for r in range(grid.head_rows, grid.n_rows):
        out.append("<tr>" + "".join(rows.get(r, [])) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def section_tables(doc: ReportDocument, section: Section, *, inline: bool = False) -> list[str]:
    """The tables of one table section: a block with a title (表二's 第二十条…) gets it as its caption."""
    grids = section_grids(section)
    if not grids:
        return []
    vertical = vertical_columns(grids, lambda c: cell_text(doc, c))
    return [
        grid_table(
            doc,
            grid,
            grid.block.title or section.heading,
            hidden_caption=not grid.block.title,
            vertical=vertical,
            inline=inline,
        )
        for grid in grids
    ]


def _paragraph(text: str, run_in: str = "") -> str:
    head = f'<span class="run-in">{_e(run_in)}</span>' if run_in else ""
    return f"<p>{head}{_e(text)}</p>"


def build_html(doc: ReportDocument, *, draft: bool = False) -> bytes:
    """The whole report as one UTF-8 web page; ``draft`` shows the red notice and a faint 草稿 behind the text."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(doc.title)}</title>",
        f'<meta name="description" content="{_e(doc.spec.name)}">',
        f"<style>\n{CSS}\n</style></head>",
        "<body><main>",
    ]
    if draft:
        out.append(f'<p class="draft" role="note">{_e(DRAFT_NOTE)}</p>')
        out.append(f'<div class="draft-mark" aria-hidden="true">{_e(DRAFT_MARK)}</div>')
    out.append("<h1>" + "".join(f"<span>{_e(line)}</span>" for line in title_lines(doc)) + "</h1>")
    for meta in doc.spec.metadata:
        if meta.kind == "longtext":
            out += [_paragraph(p) for p in paragraphs(doc.meta.get(meta.id, ""))]
    for section in doc.spec.sections:
        out.append(f'<section id="{section.id}"><h2>{_e(section.heading)}</h2>')
        for n, table in enumerate(section_tables(doc, section)):
            label = _e(f"表{section.number}" + (f"（{n + 1}）" if len(section.blocks) > 1 else ""))
            out.append(f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0">\n{table}\n</div>')
        for fld in section.fields:
            texts = paragraphs(doc.texts.get(fld.id, ""))
            run_in, first = run_in_heading(texts[0]) if texts else ("", "")
            if fld.heading and not run_in:
                out.append(f"<h3>{_e(fld.title)}</h3>")
            if run_in:
                out.append(_paragraph(first, run_in))
                texts = texts[1:]
            out += [_paragraph(t) for t in texts]
        out.append("</section>")
    out.append("</main></body></html>\n")
    return "\n".join(out).encode("utf-8")


def tables_html(doc: ReportDocument) -> str:
    """Tables 二, 三 and 四 as an HTML fragment with inline styles, for pasting into a portal editor."""
    parts: list[str] = []
    for section in doc.spec.sections:
        if section.blocks:
            parts.append(f"<p><strong>{_e(section.heading)}</strong></p>")
            parts += section_tables(doc, section, inline=True)
    return "\n".join(parts)


def tables_text(doc: ReportDocument) -> str:
    """The same tables as tab-separated text (the clipboard's plain-text fallback): one line per grid row,
    a merged cell's text in its first position only."""
    rows: list[list[str]] = []
    for section in doc.spec.sections:
        if not section.blocks:
            continue
        rows.append([section.heading])
        for grid in section_grids(section):
            lines = [[""] * grid.n_cols for _ in range(grid.n_rows)]
            for cell in grid.cells:
                lines[cell.row][cell.col] = cell_text(doc, cell)
            rows += lines
        rows.append([])
    return to_tsv(rows)
