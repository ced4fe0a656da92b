"""The official grid of each table section (merged headers and row-group labels), derived from the spec."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.spec.model import Block, Section


class CellKind(StrEnum):
    """What a grid cell shows; the exporters style cells by kind."""

    TITLE = "title"  # a block title spanning the whole grid (表二 第二十条第（一）项)
    CORNER = "corner"  # the label-column header (信息内容, or the 勾稽 note of 表三)
    HEADER = "header"  # a column header or header group
    GROUP = "group"  # a row-group label spanning several rows (三、本年度办理结果)
    LABEL = "label"  # a row's own label
    VALUE = "value"  # an input cell
    TOTAL = "total"  # a computed cell


@dataclass(frozen=True, slots=True)
class GridCell:
    """One (possibly merged) cell; ``row``/``col`` are its top-left position inside the block grid."""

    row: int
    col: int
    kind: CellKind
    text: str = ""
    ref: str | None = None
    rowspan: int = 1
    colspan: int = 1

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass(frozen=True, slots=True)
class BlockGrid:
    """A block laid out on its section's grid: ``head_rows`` title and header rows, then one row per data row."""

    block: Block
    label_cols: int
    value_cols: int
    head_rows: int
    n_rows: int
    cells: tuple[GridCell, ...]

    @property
    def n_cols(self) -> int:
        return self.label_cols + self.value_cols

    def cell_of(self, ref: str) -> GridCell:
        for cell in self.cells:
            if cell.ref == ref:
                return cell
        raise KeyError(ref)


def _runs(keys: list[tuple[str, ...] | None]) -> list[tuple[int, int]]:
    """(start, length) of each run of equal, non-None consecutive keys."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(keys):
        j = i + 1
        while j < len(keys) and keys[i] is not None and keys[j] == keys[i]:
            j += 1
        if keys[i] is not None:
            runs.append((i, j - i))
        i = j
    return runs


def block_grid(section: Section, block: Block) -> BlockGrid:
    """Lay out one block on the grid shared by all blocks of ``section``.

    The section's grid has as many label columns as its deepest row path and as many value columns
    as its widest block; a narrower block's last column spans the rest (表二 第（五）项).
    """
    label_cols = max((b.label_depth for b in section.blocks), default=0)
    value_cols = max(len(b.columns) for b in section.blocks)
    cells: list[GridCell] = []
    top = 0
    if block.title:
        cells.append(GridCell(0, 0, CellKind.TITLE, block.title, colspan=label_cols + value_cols))
        top = 1
    depth = block.header_depth
    if label_cols:
        corner = block.corner or section.label_header
        cells.append(GridCell(top, 0, CellKind.CORNER, corner, rowspan=depth, colspan=label_cols))

    def col_span(j: int) -> int:
        return value_cols - len(block.columns) + 1 if j == len(block.columns) - 1 else 1

    # Column headers: a group label merges the columns sharing its path prefix; a leaf label
    # reaches down to the last header row.
    for level in range(depth):
        keys = [c.path[: level + 1] if level < len(c.path) - 1 else None for c in block.columns]
        for start, length in _runs(keys):
            width = sum(col_span(j) for j in range(start, start + length))
            text = block.columns[start].path[level]
            cells.append(GridCell(top + level, label_cols + start, CellKind.HEADER, text, colspan=width))
        for j, column in enumerate(block.columns):
            if len(column.path) - 1 == level:
                cells.append(
                    GridCell(
                        top + level,
                        label_cols + j,
                        CellKind.HEADER,
                        column.label,
                        rowspan=depth - level,
                        colspan=col_span(j),
                    )
                )
    head_rows = top + depth

    # Row labels: a group label merges the rows sharing its path prefix; a leaf label reaches
    # across to the last label column.
    if block.row_labels and label_cols:
        for level in range(label_cols):
            keys = [r.path[: level + 1] if level < len(r.path) - 1 else None for r in block.rows]
            for start, length in _runs(keys):
                text = block.rows[start].path[level]
                cells.append(GridCell(head_rows + start, level, CellKind.GROUP, text, rowspan=length))
        for i, row in enumerate(block.rows):
            level = len(row.path) - 1
            cells.append(GridCell(head_rows + i, level, CellKind.LABEL, row.label, colspan=label_cols - level))

    computed_cols = {c.target_column for c in block.computed if c.target_column}
    computed_rows = {c.target_row for c in block.computed if c.target_row}
    for i, row in enumerate(block.rows):
        for j, column in enumerate(block.columns):
            kind = CellKind.TOTAL if column.id in computed_cols or row.id in computed_rows else CellKind.VALUE
            cells.append(
                GridCell(head_rows + i, label_cols + j, kind, ref=block.ref(row.id, column.id), colspan=col_span(j))
            )
    cells.sort(key=lambda c: (c.row, c.col))
    return BlockGrid(block, label_cols, value_cols, head_rows, head_rows + len(block.rows), tuple(cells))


def section_grids(section: Section) -> list[BlockGrid]:
    """The grids of a table section's blocks, in order (one per block, all the same width)."""
    return [block_grid(section, block) for block in section.blocks]
