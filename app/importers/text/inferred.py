"""Readings of a row whose digits ran together: every split of the printed digits into the row's cells that
the row's declared totals allow, so that a single one can be offered as a 推定 value (Qt-free).

A portal page that prints a table without separators turns 表三's "21 7 1 0 0 0 0 218"… into "21710000218".
The digits keep their order and the gaps that were printed stay boundaries between cells, so a reading is a
way of cutting each printed group into consecutive cells. A printed count never has a leading zero, so "00"
is two cells. The declared totals of the row (表三 总计 = the six columns; 表四's three 总计 = their four
results) must hold. A row with one reading can be offered for confirmation; several or none stay unreadable.

The number of splits grows as C(n−1, k−1) for n digits over k cells; the search checks each total as soon as
its cells are placed, prunes partial sums that no remaining digits could reach, and stops after a fixed
number of steps (``TOO_MANY``) so that no printed row, however long, costs more than a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.spec.model import Block

MAX_CELL_DIGITS = 12  # a count of applications or documents; far above any published one
MAX_STEPS = 20_000  # cells tried before giving up; a real row needs a few hundred at most


@dataclass(frozen=True, slots=True)
class Relation:
    """One declared total of a row: cell ``target`` equals the sum of cells ``parts`` (indices in the row)."""

    target: int
    parts: tuple[int, ...]


class Outcome(StrEnum):
    """How many readings the digits allow."""

    ONE = "one"
    SEVERAL = "several"
    NONE = "none"
    TOO_MANY = "too_many"  # the search was stopped before it could tell


@dataclass(frozen=True, slots=True)
class Inference:
    """The result of reading run-together digits: the outcome and, when there is exactly one, the reading."""

    outcome: Outcome
    reading: tuple[int, ...] | None = None
    steps: int = 0


def row_relations(blk: Block) -> tuple[Relation, ...]:
    """The totals declared within each row of ``blk`` (a total column and the columns it sums)."""
    index = {col.id: i for i, col in enumerate(blk.columns)}
    return tuple(
        Relation(index[comp.target_column], tuple(index[c] for c in comp.columns))
        for comp in blk.computed
        if comp.target_column is not None
    )


def digit_groups(text: str) -> list[str] | None:
    """The groups of digits as printed ("20 0 00 0 121" → ["20", "0", "00", "0", "121"]), None if anything
    else is printed (signs, decimals, commas, units: those are not run-together counts)."""
    groups = text.split()
    return groups if groups and all(g.isascii() and g.isdigit() for g in groups) else None


def infer(
    groups: Sequence[str],
    count: int,
    relations: Sequence[Relation],
    *,
    max_steps: int = MAX_STEPS,
) -> Inference:
    """The readings of ``groups`` (digit strings as printed, in order) as ``count`` cells obeying ``relations``."""
    digits = "".join(groups)
    if not groups or count <= 0 or not digits.isdigit() or len(groups) > count or len(digits) < count:
        return Inference(Outcome.NONE)
    if len(digits) > count * MAX_CELL_DIGITS:
        return Inference(Outcome.NONE)
    # the cell index at which each relation can first be checked, and the relations still open at each cell
    closing: list[list[Relation]] = [[] for _ in range(count)]
    for rel in relations:
        closing[max(rel.target, *rel.parts)].append(rel)
    # a group boundary after digit position p: the next cell must start there
    ends: set[int] = set()
    pos = 0
    for g in groups:
        pos += len(g)
        ends.add(pos)
    search = _Search(digits, ends, count, tuple(relations), closing, max_steps)
    search.run(0, [])
    if search.stopped:
        return Inference(Outcome.TOO_MANY, steps=search.steps)
    if not search.found:
        return Inference(Outcome.NONE, steps=search.steps)
    if len(search.found) > 1:
        return Inference(Outcome.SEVERAL, steps=search.steps)
    return Inference(Outcome.ONE, search.found[0], search.steps)


class _Search:
    """Depth-first search over the cells left to right; stops at the second reading or after ``max_steps``."""

    def __init__(
        self,
        digits: str,
        ends: set[int],
        count: int,
        relations: tuple[Relation, ...],
        closing: list[list[Relation]],
        max_steps: int,
    ) -> None:
        self.digits = digits
        self.ends = ends
        self.count = count
        self.relations = relations
        self.closing = closing
        self.max_steps = max_steps
        self.steps = 0
        self.stopped = False
        self.found: list[tuple[int, ...]] = []
        # the number of group boundaries at or after each digit position (each needs a cell of its own)
        self.boundaries_from = [sum(1 for e in ends if e > p) for p in range(len(digits) + 1)]

    def run(self, pos: int, values: list[int]) -> None:
        cell = len(values)
        if cell == self.count:
            if pos == len(self.digits):
                self.found.append(tuple(values))
            return
        left_after = self.count - cell - 1  # cells still to place after this one
        next_end = min(e for e in self.ends if e > pos)
        longest = min(next_end - pos, MAX_CELL_DIGITS)
        if self.digits[pos] == "0":
            longest = 1  # a printed count has no leading zero
        for length in range(1, longest + 1):
            end = pos + length
            rest = len(self.digits) - end
            # every later cell needs a digit, and every later group a cell; cells never cross a group
            if rest < left_after or rest > left_after * MAX_CELL_DIGITS or self.boundaries_from[end] > left_after:
                continue
            if self.steps >= self.max_steps:
                self.stopped = True
                return
            self.steps += 1
            values.append(int(self.digits[pos:end]))
            if self._consistent(values, rest, left_after):
                self.run(end, values)
            values.pop()
            if self.stopped or len(self.found) > 1:
                return

    def _consistent(self, values: list[int], rest: int, left_after: int) -> bool:
        """The totals closed by the last cell hold, and no open total is out of reach."""
        cell = len(values) - 1
        for rel in self.closing[cell]:
            if values[rel.target] != sum(values[p] for p in rel.parts):
                return False
        for rel in self.relations:
            if max(rel.target, *rel.parts) <= cell:
                continue  # closed: checked when it closed
            placed = sum(values[p] for p in rel.parts if p <= cell)
            if rel.target <= cell:
                if placed > values[rel.target]:
                    return False
            else:
                # the target is still to come: it has at most this many digits
                room = min(MAX_CELL_DIGITS, rest - (left_after - 1))
                if placed >= 10**room:
                    return False
        return True
