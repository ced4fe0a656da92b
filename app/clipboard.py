"""Spreadsheet clipboard text (Excel/WPS TSV) and pasting a block of it into a table block (Qt-free)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.numbers import NumberError, parse_value
from app.spec.model import Block
from app.values import CellValue


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from clipboard text: Excel's excel-tab dialect (\\r\\n rows, quoted cells).

    One trailing empty line (Excel always ends the block with a newline) is dropped.
    """
    if not text:
        return []
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect="excel-tab")]
    if rows and rows[-1] == [] and text.endswith(("\n", "\r")):
        rows.pop()
    return [r if r else [""] for r in rows]


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Clipboard text for a block of cells, as Excel writes it (\\r\\n after every row)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class PasteProblem:
    """A pasted cell that cannot be used; ``where`` names it for the clerk."""

    where: str
    reason: str


@dataclass
class PastePlan:
    """What a paste would do: the edits to apply as one step, or the problems preventing it."""

    edits: dict[str, CellValue] = field(default_factory=dict)
    problems: list[PasteProblem] = field(default_factory=list)
    skipped_computed: int = 0  # pasted values that fell on totals (totals are computed, not pasted)
    overflow: int = 0  # pasted values beyond the table's edge

    @property
    def ok(self) -> bool:
        return not self.problems


def plan_paste(
    block: Block,
    rows: Sequence[Sequence[str]],
    anchor: tuple[int, int],
    computed: frozenset[str],
    fill: Sequence[tuple[int, int]] = (),
    *,
    location: dict[str, str] | None = None,
) -> PastePlan:
    """Map a pasted block onto ``block`` at ``anchor`` (row, column), parsing every value.

    A single pasted value with ``fill`` (the selected cells) fills each of them, as in Excel.
    Values landing on ``computed`` cells are skipped; values beyond the edge are counted.
    """
    plan = PastePlan()
    vtype = block.value_type
    single = len(rows) == 1 and len(rows[0]) == 1
    if single and len(fill) > 1:
        targets = [(r, c, rows[0][0]) for r, c in fill]
    else:
        r0, c0 = anchor
        targets = [(r0 + i, c0 + j, text) for i, row in enumerate(rows) for j, text in enumerate(row)]
    for r, c, text in targets:
        if not (0 <= r < len(block.rows) and 0 <= c < len(block.columns)):
            if text.strip():
                plan.overflow += 1
            continue
        ref = block.ref(block.rows[r].id, block.columns[c].id)
        if ref in computed:
            if text.strip():
                plan.skipped_computed += 1
            continue
        try:
            plan.edits[ref] = parse_value(text, vtype)
        except NumberError as exc:
            where = (location or {}).get(ref, f"第{r + 1}行第{c + 1}列")
            plan.problems.append(PasteProblem(where, str(exc)))
    return plan
