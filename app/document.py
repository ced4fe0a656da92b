"""The report being edited: values, texts and explanations, with totals derived from the spec (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import ClassVar

from app.spec import edition_for_year, load_spec
from app.spec.loader import SpecError
from app.spec.model import ReportSpec
from app.values import CellValue, numeric


@dataclass(frozen=True, slots=True)
class Formula:
    """One way a computed cell is defined: the sum of ``parts``; ``rule`` checks a stated value."""

    rule: str
    target: str
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Formulas:
    """All formulas of a spec, grouped by target cell, in evaluation order."""

    by_target: dict[str, tuple[Formula, ...]]
    order: tuple[str, ...]  # computed cells, each after the computed cells it depends on


@cache
def formulas_for(spec: ReportSpec) -> Formulas:
    """Expand the spec's declared totals into per-cell formulas (first formula = the definition)."""
    by_target: dict[str, list[Formula]] = {}
    for blk in spec.blocks:
        for comp in blk.computed:
            if comp.target_column:
                for row in blk.rows:
                    target = blk.ref(row.id, comp.target_column)
                    parts = tuple(blk.ref(row.id, c) for c in comp.columns)
                    by_target.setdefault(target, []).append(Formula(comp.rule, target, parts))
            else:
                assert comp.target_row
                for col in blk.columns:
                    target = blk.ref(comp.target_row, col.id)
                    parts = tuple(blk.ref(r, col.id) for r in comp.rows)
                    by_target.setdefault(target, []).append(Formula(comp.rule, target, parts))
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(ref: str) -> None:
        if state.get(ref) == 2:
            return
        if state.get(ref) == 1:
            raise SpecError(f"{spec.edition} 版", "合计（computed）", f"合计互相引用，形成循环（{ref}）")
        state[ref] = 1
        for part in by_target[ref][0].parts:
            if part in by_target:
                visit(part)
        state[ref] = 2
        order.append(ref)

    for target in by_target:
        visit(target)
    return Formulas({k: tuple(v) for k, v in by_target.items()}, tuple(order))


# The marks some cells hold: ref → {mark kind → what the mark keeps, "" for a plain mark}
CellMarks = dict[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class Changes:
    """What an edit changed: the cells set and the totals whose value moved as a result."""

    edited: frozenset[str] = frozenset()
    recomputed: frozenset[str] = frozenset()

    @property
    def all(self) -> frozenset[str]:
        return self.edited | self.recomputed


@dataclass
class ReportDocument:
    """One annual report. Input cells hold what the clerk entered; totals are derived.

    ``stated`` keeps totals written in a source document (an imported report) so that the
    rules can compare them with the computed ones; nothing silently "fixes" a number.
    """

    spec: ReportSpec
    meta: dict[str, str] = field(default_factory=dict)
    cells: dict[str, CellValue] = field(default_factory=dict)
    stated: dict[str, CellValue] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    # Decimals the amounts (万元) are kept to; -1: the edition's declared default (spec.fee_decimals).
    fee_decimals: int = -1
    previous_project: str | None = None
    # A 本级政府汇总 made by the collector: the folder it summed (absolute). The collector never reads such a file
    # back as a unit of that folder, or of a folder inside or around it (its units are already there).
    collected_from: str | None = None
    # Values read from a source laid out in another edition, keyed "EDITION:REF" (e.g. the 2019 single
    # row "2019:t3.other.natural" in a 2021 report). Kept so that FMT-T3-ROWSET reports them; they never
    # enter this edition's cells or totals.
    foreign_cells: dict[str, CellValue] = field(default_factory=dict)
    # Labels as printed in an imported source where they differ from the official wording beyond
    # width, spacing and numbering style, keyed "section:s5", "row:t3.withheld_law", "column:t3.total".
    # STR-LABELS reports them.
    source_labels: dict[str, str] = field(default_factory=dict)
    # Cells an import could not read (left blank, or a total computed from its parts). A rule whose
    # inputs include one reports 无法核对 instead of a difference; the mark clears when the cell is edited.
    unread: set[str] = field(default_factory=set)
    # Totals the source printed blank: a defect of the published report, reported by NUM-NO-BLANK.
    blank_totals: set[str] = field(default_factory=set)
    # 推定 values: cells (entered or totals) read from digits the source ran together ("21710000218") where
    # the row's totals allow exactly one reading, each with the digits as printed. Unconfirmed until the clerk
    # edits the cell or confirms it (confirm_inferred); NUM-INFERRED lists them meanwhile.
    inferred: dict[str, str] = field(default_factory=dict)
    # Printed-blank totals whose sum the clerk adopted (采用计算值): no longer a defect to fix, still noted
    # by NUM-NO-BLANK as an info, so the report does not hide that its source printed them blank.
    adopted_totals: set[str] = field(default_factory=set)
    _totals: dict[str, Decimal] | None = field(default=None, repr=False, compare=False)

    # The cell marks that say where a value came from, each a field holding a set of refs (or a dict from ref
    # to what the mark keeps); an edit of the cell clears them and undo restores them (marks_of /
    # restore_marks), so a new kind is one name here and one field.
    MARK_KINDS: ClassVar[tuple[str, ...]] = ("unread", "blank_totals", "inferred", "adopted_totals")

    def __post_init__(self) -> None:
        if self.fee_decimals < 0:
            self.fee_decimals = self.spec.fee_decimals
        for ref in self.spec.input_cells:
            self.cells.setdefault(ref, None)
        for meta in self.spec.metadata:
            self.meta.setdefault(meta.id, meta.default)
        for fid in self.spec.text_fields:
            self.texts.setdefault(fid, "")

    # ------------------------------------------------------------------ creation
    @classmethod
    def new(cls, agency: str = "", year: int | None = None) -> ReportDocument:
        """An empty report; the edition follows the year."""
        spec = load_spec(edition_for_year(year))
        doc = cls(spec)
        doc.meta["agency"] = agency
        if year:
            doc.meta["year"] = str(year)
            doc.meta["period"] = f"{year}年1月1日至12月31日"
        return doc

    # ------------------------------------------------------------------ reading
    @property
    def year(self) -> int | None:
        text = self.meta.get("year", "").strip()
        return int(text) if text.isdigit() else None

    @property
    def title(self) -> str:
        year = self.year
        return f"{self.meta.get('agency', '').strip()}{year or ''}年{self.spec.title_suffix}"

    def is_computed(self, ref: str) -> bool:
        return self.spec.cells[ref].computed

    def totals(self) -> dict[str, Decimal]:
        """The formula value of every computed cell (stated values are used as inputs upstream)."""
        if self._totals is None:
            formulas = formulas_for(self.spec)
            totals: dict[str, Decimal] = {}
            for target in formulas.order:
                parts = formulas.by_target[target][0].parts
                totals[target] = sum((self._effective(p, totals) for p in parts), Decimal(0))
            self._totals = totals
        return self._totals

    def _effective(self, ref: str, totals: Mapping[str, Decimal]) -> Decimal:
        if ref in totals:
            stated = self.stated.get(ref)
            return numeric(stated) if stated is not None else totals[ref]
        return numeric(self.cells.get(ref))

    def value(self, ref: str) -> CellValue:
        """What the cell shows: the entry, or for a total its stated value if any, else the sum."""
        if self.spec.cells[ref].computed:
            stated = self.stated.get(ref)
            return stated if stated is not None else self.totals()[ref]
        return self.cells[ref]

    def number(self, ref: str) -> Decimal:
        """The cell as a number for arithmetic (blank and 不适用 count as 0)."""
        return numeric(self.value(ref))

    # ------------------------------------------------------------------ editing
    def apply(self, edits: Mapping[str, CellValue]) -> Changes:
        """Set input cells (or stated totals) and report what changed, including moved totals."""
        before = dict(self.totals())
        edited = set()
        for ref, value in edits.items():
            info = self.spec.cells[ref]
            if info.computed:
                if value is None:
                    self.stated.pop(ref, None)
                else:
                    self.stated[ref] = value
            else:
                self.cells[ref] = value
            edited.add(ref)
            for kind in self.MARK_KINDS:
                self._unmark(kind, ref)
        self._totals = None
        after = self.totals()
        moved = {ref for ref, v in after.items() if before.get(ref) != v}
        return Changes(frozenset(edited), frozenset(moved - edited))

    def clear_stated(self, refs: Iterable[str] | None = None) -> Changes:
        """Drop stated totals (all, or the given ones) so the computed sums apply."""
        targets = list(self.stated) if refs is None else [r for r in refs if r in self.stated]
        return self.apply(dict.fromkeys(targets))

    # ------------------------------------------------------------------ marks
    def _marks(self, kind: str) -> set[str] | dict[str, str]:
        marks: set[str] | dict[str, str] = getattr(self, kind)
        return marks

    def _unmark(self, kind: str, ref: str) -> None:
        marks = self._marks(kind)
        if isinstance(marks, dict):
            marks.pop(ref, None)
        else:
            marks.discard(ref)

    def marks_of(self, refs: Iterable[str]) -> CellMarks:
        """The marks each of ``refs`` holds, kind → what the mark keeps ("" for a plain mark); refs without
        marks are left out."""
        out: CellMarks = {}
        for ref in refs:
            held = {}
            for kind in self.MARK_KINDS:
                marks = self._marks(kind)
                if ref in marks:
                    held[kind] = marks[ref] if isinstance(marks, dict) else ""
            if held:
                out[ref] = held
        return out

    def confirm_inferred(self, refs: Iterable[str] | None = None) -> CellMarks:
        """The marks the 推定 values among ``refs`` (all when None) hold once confirmed: their other marks,
        without "inferred"; for restore_marks, so that confirming is an undoable step. Values are untouched."""
        targets = list(self.inferred) if refs is None else [ref for ref in refs if ref in self.inferred]
        held = self.marks_of(targets)
        return {ref: {kind: kept for kind, kept in held[ref].items() if kind != "inferred"} for ref in targets}

    def adopt_computed(self, refs: Iterable[str]) -> CellMarks:
        """The marks ``refs`` would hold once their printed-blank totals adopt the computed sum: each of
        them in blank_totals moves to adopted_totals; for restore_marks (an undoable step)."""
        out: CellMarks = {}
        for ref in refs:
            if ref in self.blank_totals:
                held = self.marks_of((ref,)).get(ref, {})
                out[ref] = {k: v for k, v in held.items() if k != "blank_totals"} | {"adopted_totals": ""}
        return out

    def restore_marks(self, refs: Iterable[str], marks: Mapping[str, Mapping[str, str]]) -> None:
        """Give each of ``refs`` exactly the marks ``marks`` lists for it (none when absent), e.g. on undo."""
        for ref in refs:
            held = marks.get(ref, {})
            for kind in self.MARK_KINDS:
                target = self._marks(kind)
                if kind not in held:
                    self._unmark(kind, ref)
                elif isinstance(target, dict):
                    target[ref] = held[kind]
                else:
                    target.add(ref)
