"""The 本级政府汇总: tables 二/三/四 summed cell by cell over the included units, with drill-down (Qt-free)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from app.collect.board import SUMMARY_SCOPE, Board, UnitRow
from app.collect.roster import CollectError
from app.document import ReportDocument, formulas_for
from app.spec import edition_for_year, load_spec
from app.spec.model import ReportSpec
from app.values import NA, CellValue


@dataclass(frozen=True, slots=True)
class Contribution:
    """One unit's value in a cell of the sum."""

    agency: str
    file: str | None
    value: CellValue


@dataclass
class SummaryResult:
    """The summed report (a normal project) and where each sum cell came from."""

    document: ReportDocument
    units: list[UnitRow]
    blanks: dict[str, list[str]] = field(default_factory=dict)  # sum cell → units that left it blank
    not_applicable: dict[str, list[str]] = field(default_factory=dict)  # sum cell → units with 不适用 (as 0)

    def note_items(self) -> list[tuple[str, str]]:
        """What the clerk must know about the sum: (cell, Chinese line), blanks first, then 不适用."""
        cells = self.document.spec.cells
        items = [
            (ref, f"{cells[ref].location}：{'、'.join(units)} 未填写，按 0 汇总，请核实")
            for ref, units in self.blanks.items()
        ]
        items += [
            (ref, f"{cells[ref].location}：{'、'.join(units)} 填写“不适用”，按 0 汇总")
            for ref, units in self.not_applicable.items()
        ]
        return items

    def notes(self) -> list[str]:
        """The lines of note_items, one per cell."""
        return [line for _, line in self.note_items()]

    def contributions(self, ref: str, include_zero: bool = False) -> list[Contribution]:
        """Each included unit's value in ``ref`` (input or total), largest first; zeros folded unless asked."""
        out = [Contribution(u.agency, u.file, unit_value(u.document, ref)) for u in self.units if u.document]
        if not include_zero:
            out = [c for c in out if not (isinstance(c.value, Decimal) and c.value == 0)]
        # numbers largest first, then 不适用, then blanks
        return sorted(
            out, key=lambda c: (0, -c.value) if isinstance(c.value, Decimal) else (1 if c.value is NA else 2, 0)
        )

    def zero_units(self, ref: str) -> list[str]:
        """The units whose value in ``ref`` is 0 (folded in ``contributions``)."""
        return [
            u.agency
            for u in self.units
            if u.document is not None and (v := unit_value(u.document, ref)) is not None and v is not NA and v == 0
        ]

    def change(self, ref: str, last_year: ReportDocument) -> Decimal | None:
        """This sum's value minus last year's summary in ``ref`` (None when last year's format lacks it)."""
        if ref not in last_year.spec.cells:
            return None
        return self.document.number(ref) - last_year.number(ref)


def unit_value(doc: ReportDocument | None, ref: str) -> CellValue:
    """A unit's value in a cell; totals computed from its own entries (stated totals are not summed)."""
    if doc is None or ref not in doc.spec.cells:
        return None
    if not doc.spec.cells[ref].computed:
        return doc.cells.get(ref)
    return _pure_total(doc, ref)


def _pure_total(doc: ReportDocument, ref: str) -> Decimal:
    formulas = formulas_for(doc.spec).by_target
    total = Decimal(0)
    for part in formulas[ref][0].parts:
        if part in formulas:
            total += _pure_total(doc, part)
        else:
            value = doc.cells.get(part)
            if isinstance(value, Decimal):
                total += value
    return total


@cache
def table_cells(spec: ReportSpec) -> tuple[str, ...]:
    """The input cells of the tables (二/三/四), the ones summed, in declaration order."""
    return tuple(ref for ref in spec.input_cells if spec.cells[ref].section.blocks)


def summarise(
    units: Board | Sequence[UnitRow],
    base: ReportDocument | None = None,
    year: int | None = None,
    folder: str | os.PathLike[str] | None = None,
) -> SummaryResult:
    """Sum the included units (a Board's, or the rows given) into a 本级政府汇总 project; CollectError if none.

    Every input cell of the tables is summed exactly; a blank in any unit flags the cell (the others are
    summed), 不适用 counts as 0 with a note (all 不适用 stays 不适用). Totals are computed, never summed from
    stated values. Narrative and 基本信息 come from ``base`` (the office's own project) or are left empty.
    The sum records the folder it came from (a Board's, or ``folder``) so that no later scan of that folder
    reads it back as a unit.
    """
    if isinstance(units, Board):
        year = year or units.year
        folder = folder or units.folder
        rows = units.included_rows()
    else:
        rows = [u for u in units if u.document is not None]
    docs = [(u, u.document) for u in rows if u.document is not None]
    if not docs:
        raise CollectError("没有可汇总的单位报告（所有单位都未计入汇总）")
    year = year or docs[0][1].year
    edition = edition_for_year(year) if year else docs[0][1].spec.edition
    odd = [u.agency for u, d in docs if d.spec.edition != edition]
    if odd:
        raise CollectError(f"{'、'.join(odd)} 的报告格式与汇总年度不符，不能汇总")
    spec = load_spec(edition)
    if base is not None and base.spec is spec:
        doc = ReportDocument(spec, meta=dict(base.meta), texts=dict(base.texts))
    else:
        doc = ReportDocument(spec)
        doc.meta["agency_type"] = "人民政府"
    if year:
        doc.meta["year"] = str(year)
        doc.meta.setdefault("period", f"{year}年1月1日至12月31日")
        if not doc.meta.get("period"):
            doc.meta["period"] = f"{year}年1月1日至12月31日"
    doc.meta["scope"] = SUMMARY_SCOPE
    doc.collected_from = os.path.abspath(folder) if folder is not None else None
    doc.fee_decimals = max(d.fee_decimals for _, d in docs)
    result = SummaryResult(doc, [u for u, _ in docs])
    cells: dict[str, CellValue] = {}
    for ref in table_cells(spec):
        total = Decimal(0)
        numbers = 0
        blanks: list[str] = []
        nas: list[str] = []
        for unit, unit_doc in docs:
            value = unit_doc.cells.get(ref)
            if value is None:
                blanks.append(unit.agency)
            elif value is NA:
                nas.append(unit.agency)
            else:
                total += value
                numbers += 1
        if blanks:
            result.blanks[ref] = blanks
        if numbers:
            cells[ref] = total
            if nas:
                result.not_applicable[ref] = nas
        elif nas and not blanks:
            cells[ref] = NA
        elif nas:
            cells[ref] = Decimal(0)
            result.not_applicable[ref] = nas
        else:
            cells[ref] = None  # every unit left it blank: the sum is blank too, and flagged
    doc.apply(cells)
    return result


def units_of(rows: Iterable[UnitRow]) -> list[str]:
    return [r.agency for r in rows]
