"""What the importers need to know about the editions' tables, derived from the declarations (Qt-free).

A published report may be laid out in another edition than its year requires. Two cases are told apart
from the declarations alone, never by section or block ids written in code:

- the editions' columns differ (table 二): the importer chooses the layout the source uses;
- the columns agree but the rows differ (table 三's （六）其他处理): the other edition's rows are looked
  for too, as optional rows, and what they hold is kept apart (``foreign_cells``).
"""

from __future__ import annotations

from functools import cache

from app.spec import available_editions, load_spec
from app.spec.model import Block, Computed, ReportSpec, Row, Section


def _blocks_by_id(spec: ReportSpec, section_id: str) -> dict[str, Block]:
    return {b.id: b for b in spec.section(section_id).blocks}


@cache
def columns_vary(section_id: str) -> bool:
    """True when some block of the section has other columns (or exists only) in another edition."""
    layouts = [_blocks_by_id(load_spec(e), section_id) for e in available_editions()]
    ids = {b for layout in layouts for b in layout}
    for block_id in ids:
        columns = {
            tuple(c.path for c in layout[block_id].columns) if block_id in layout else None for layout in layouts
        }
        if len(columns) > 1:
            return True
    return False


def other_edition_rows(sec: Section, layout: ReportSpec) -> list[tuple[Block, Row, str]]:
    """Rows that other editions print in this section's blocks and ``layout`` has not, where the
    columns agree: (that edition's block, row, edition), in that edition's order."""
    if columns_vary(sec.id):
        return []
    own = _blocks_by_id(layout, sec.id)
    out: list[tuple[Block, Row, str]] = []
    for edition in available_editions():
        if edition == layout.edition:
            continue
        for block_id, other in _blocks_by_id(load_spec(edition), sec.id).items():
            mine = own.get(block_id)
            if mine is None or not mine.row_labels:
                continue
            known = {r.id for r in mine.rows}
            out.extend((other, row, edition) for row in other.rows if row.id not in known)
    return out


def total_row(blk: Block) -> str | None:
    """The row that totals the block's rows (（七）总计), if the declaration has one."""
    return next((c.target_row for c in blk.computed if c.target_row), None)


def row_total(blk: Block) -> Computed | None:
    """The declared total of a whole row when it is the last column and sums every other one (表三's 总计)."""
    ids = [c.id for c in blk.columns]
    for comp in blk.computed:
        if comp.target_column == ids[-1] and sorted(comp.columns) == sorted(ids[:-1]):
            return comp
    return None


def has_subheadings(sec: Section) -> bool:
    """A text section whose fields are introduced by their own headings (一、总体情况's （一）…（五））."""
    return any(f.heading for f in sec.fields)
