"""A ruled table flowable for the official grids: merged cells, header rows repeated on every page,
and page breaks allowed inside merged row groups (the group label is repeated below the break)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.export.cjk import Align, CJKParagraph, Token
from app.export.layout import BlockGrid, CellKind, GridCell

PAD = 3.0  # cell padding, points
RULE = 0.5  # line width of the grid

ALIGN: dict[CellKind, Align] = {
    CellKind.TITLE: "left",
    CellKind.CORNER: "center",
    CellKind.HEADER: "center",
    CellKind.GROUP: "center",
    CellKind.LABEL: "left",
    CellKind.VALUE: "center",
    CellKind.TOTAL: "center",
}


@dataclass(frozen=True, slots=True)
class PlacedCell:
    """A grid cell with the tokens it shows."""

    cell: GridCell
    tokens: tuple[Token, ...]
    vertical: bool = False


class GridFlowable(Flowable):
    """Draws a block grid with the given column widths; rows grow to fit their text.

    ``caption`` (the section heading) is drawn above the grid and never left alone at a page foot.
    """

    def __init__(
        self,
        cells: list[PlacedCell],
        n_rows: int,
        head_rows: int,
        col_widths: list[float],
        leading: float,
        caption: CJKParagraph | None = None,
    ) -> None:
        super().__init__()
        self.cells = cells
        self.n_rows = n_rows
        self.head_rows = head_rows
        self.col_widths = col_widths
        self.leading = leading
        self.caption = caption
        self.caption_height = 0.0
        self.paras = [
            CJKParagraph(list(pc.tokens), leading=leading, align=ALIGN[pc.cell.kind], vertical=pc.vertical)
            for pc in cells
        ]
        self.row_heights = self._row_heights()

    def _span_width(self, cell: GridCell) -> float:
        return sum(self.col_widths[cell.col : cell.col + cell.colspan])

    def _row_heights(self) -> list[float]:
        heights = [self.leading + 2 * PAD] * self.n_rows
        needs: list[tuple[GridCell, float]] = []
        for pc, para in zip(self.cells, self.paras, strict=True):
            _, h = para.wrap(self._span_width(pc.cell) - 2 * PAD, 1e6)
            needs.append((pc.cell, h + 2 * PAD))
        for cell, need in needs:
            if cell.rowspan == 1:
                heights[cell.row] = max(heights[cell.row], need)
        for cell, need in sorted(needs, key=lambda n: n[0].rowspan):
            if cell.rowspan > 1:
                have = sum(heights[cell.row : cell.row + cell.rowspan])
                if need > have:
                    for r in range(cell.row, cell.row + cell.rowspan):
                        heights[r] += (need - have) / cell.rowspan
        return heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.caption is not None:
            _, self.caption_height = self.caption.wrap(avail_width, avail_height)
        self.width = sum(self.col_widths)
        self.height = self.caption_height + sum(self.row_heights)
        return self.width, self.height

    def _slice(self, start: int, stop: int, caption: CJKParagraph | None = None) -> GridFlowable:
        """Head rows plus body rows [start, stop); merged cells cut by the slice are clipped."""
        shift = start - self.head_rows
        out: list[PlacedCell] = []
        for pc in self.cells:
            c = pc.cell
            if c.row < self.head_rows:
                out.append(pc)
            elif c.row < stop and c.last_row >= start:
                top, bottom = max(c.row, start), min(c.last_row, stop - 1)
                out.append(replace(pc, cell=replace(c, row=top - shift, rowspan=bottom - top + 1)))
        n_rows = self.head_rows + stop - start
        return GridFlowable(out, n_rows, self.head_rows, self.col_widths, self.leading, caption)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        body = self.n_rows - self.head_rows
        keep = min(2, body // 2)  # rows kept together at each end of a break
        if self.caption is not None:
            _, self.caption_height = self.caption.wrap(avail_width, avail_height)
        used = self.caption_height + sum(self.row_heights[: self.head_rows])
        best = 0
        for r in range(self.head_rows, self.n_rows):
            used += self.row_heights[r]
            if used > avail_height:
                break
            best = r + 1
        best = min(best, self.n_rows - keep)
        # A merged label cut by the break can make the rows above it taller: step back until it fits.
        while best - self.head_rows >= max(keep, 1):
            head = self._slice(self.head_rows, best, self.caption)
            if head.wrap(avail_width, avail_height)[1] <= avail_height:
                return [head, self._slice(best, self.n_rows)]
            best -= 1
        return []

    def draw(self) -> None:
        canvas = self.canv
        xs = [0.0]
        for w in self.col_widths:
            xs.append(xs[-1] + w)
        if self.caption is not None:
            self.caption.drawOn(canvas, 0, self.height - self.caption_height)
        ys = [self.height - self.caption_height]
        for h in self.row_heights:
            ys.append(ys[-1] - h)
        canvas.setLineWidth(RULE)
        for pc, para in zip(self.cells, self.paras, strict=True):
            c = pc.cell
            x0, x1 = xs[c.col], xs[c.col + c.colspan]
            y_top, y_bottom = ys[c.row], ys[c.row + c.rowspan]
            canvas.rect(x0, y_bottom, x1 - x0, y_top - y_bottom, stroke=1, fill=0)
            _, h = para.wrap(x1 - x0 - 2 * PAD, 1e6)
            para.drawOn(canvas, x0 + PAD, y_bottom + (y_top - y_bottom - h) / 2)


# ---------------------------------------------------------------------------- column widths
def _chars(n: float, size: float) -> float:
    return n * size + 2 * PAD


def vertical_columns(grids: list[BlockGrid], text_of: Callable[[GridCell], str]) -> set[int]:
    """Row-group columns whose labels all fit one character per row: these are set vertically."""
    labels = grids[0].label_cols
    columns = set(range(labels - 1))
    for grid in grids:
        for cell in grid.cells:
            if cell.kind is CellKind.GROUP and len(text_of(cell)) > cell.rowspan:
                columns.discard(cell.col)
    return columns


def plan_widths(
    grids: list[BlockGrid], text_of: Callable[[GridCell], str], font: str, size: float, avail: float
) -> list[float] | None:
    """Column widths for a section's grids at ``size`` points, or None when they cannot fit ``avail``.

    Value columns share one width, wide enough for every number and for headers on two lines;
    a row-group column is two characters wide when its labels are set vertically, else four; the
    row-label column takes the rest, and any surplus is shared by labels and values.
    """
    labels, values = grids[0].label_cols, grids[0].value_cols
    value_need = _chars(2, size)
    leaf_want = leaf_min = 0.0
    vertical = vertical_columns(grids, text_of)
    group_chars = [2.0 if c in vertical else 4.0 for c in range(max(labels - 1, 0))]
    for grid in grids:
        for cell in grid.cells:
            text = text_of(cell)
            if cell.kind in (CellKind.VALUE, CellKind.TOTAL) and cell.colspan == 1:
                value_need = max(value_need, stringWidth(text, font, size) + 2 * PAD + 1)
            elif cell.kind is CellKind.HEADER and cell.colspan == 1 and cell.col >= labels:
                chars = min(len(text), max(2, math.ceil(len(text) / 2)), 4)
                value_need = max(value_need, _chars(chars, size))
            elif cell.kind is CellKind.LABEL and cell.last_col == labels - 1:
                leaf_want = max(leaf_want, stringWidth(text, font, size) + 2 * PAD + 1)
    if labels == 0:
        width = avail / values
        return [width] * values if width >= value_need else None
    groups = [_chars(n, size) for n in group_chars]
    leaf_min = min(_chars(12, size), leaf_want)
    rest = avail - sum(groups) - values * value_need
    if rest < leaf_min:
        return None
    leaf = min(rest, leaf_want)
    share = (rest - leaf) / (values + 1)
    return [*groups, leaf + share] + [value_need + share] * values
