"""The sum's property: units that pass every arithmetic rule of tables 二/三/四 sum to a report that passes them too."""

from __future__ import annotations

import os
import random
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.collect import Status, UnitRow, scan, summarise
from app.persistence import load, save
from app.rules import Issue, validate
from app.spec import edition_for_year, load_spec
from app.spec.model import ReportSpec
from tests.collect.generate import unit_document, write_units

# Rule kinds that check the numbers of the tables (every one of them linear, or a bound a sum keeps)
ARITHMETIC_KINDS = frozenset({"column_balance", "column_not_greater", "integer_cells", "fee_cells", "no_blank"})
YEARS = (2024, 2020)  # one year of each shipped edition (2021 and 2019 formats)


def arithmetic_rules(spec: ReportSpec) -> frozenset[str]:
    """The declared rules on the tables' numbers: the kinds above and the declared totals' checks."""
    totals = {comp.rule for block in spec.blocks for comp in block.computed}
    return frozenset({r.id for r in spec.rules if r.kind in ARITHMETIC_KINDS} | totals)


def _table_issues(doc_issues: list[Issue], spec: ReportSpec) -> list[str]:
    rules = arithmetic_rules(spec)
    tables = {s.id for s in spec.sections if s.blocks}
    return [f"{i.rule} {i.message}" for i in doc_issues if i.rule in rules and i.section in tables]


def test_the_arithmetic_rules_are_found_in_the_declaration() -> None:
    for year in YEARS:
        spec = load_spec(edition_for_year(year))
        rules = arithmetic_rules(spec)
        assert {"T3-BAL", "T3-CARRY-PLAUS", "T3-ROW-TOTAL", "T3-RESULT-SUM", "T4-SUM", "NUM-INT"} <= rules


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(1, 12),
    year=st.sampled_from(YEARS),
    scale=st.sampled_from((3, 20, 400)),
    data=st.data(),
)
def test_any_subset_of_passing_units_sums_to_a_passing_report(
    seed: int, count: int, year: int, scale: int, data: st.DataObject
) -> None:
    rng = random.Random(seed)
    docs = [unit_document(rng, f"第{n}局", year, scale) for n in range(1, count + 1)]
    for doc in docs:  # the generator is consistent with every rule, not only the arithmetic ones
        assert validate(doc) == [], doc.meta["agency"]
    chosen = data.draw(st.lists(st.sampled_from(range(count)), min_size=1, unique=True), label="units")
    rows = [UnitRow(None, docs[i].meta["agency"], Status.PASSED, document=docs[i]) for i in chosen]

    result = summarise(rows)

    spec = result.document.spec
    assert _table_issues(validate(result.document), spec) == []
    # and every cell of the tables, entered or total, is the exact sum of the units' cells
    for ref, info in spec.cells.items():
        if info.section.blocks:
            expected = sum((docs[i].number(ref) for i in chosen), Decimal(0))
            assert result.document.number(ref) == expected, ref


def test_the_offices_summary_is_not_its_own_report_twice(tmp_path: Path) -> None:
    """The office's summary (based on its own project) saved into the folder does not replace the office's report."""
    folder = tmp_path / "各单位"
    write_units(folder, 2, seed=21)
    own = unit_document(random.Random(22), "某县人民政府办公室")
    save(own, folder / "县政府办.json")
    board = scan(folder)
    summary = summarise(board, base=own)
    assert summary.document.meta["agency"] == "某县人民政府办公室"  # the same unit name as the office's report
    save(summary.document, folder / "某县本级政府汇总.json")  # newer than the office's own report

    again = scan(folder)

    names = sorted(Path(r.file or "").name for r in again.rows)
    assert names == ["县政府办.json", "第1局.json", "第2局.json"]
    assert all(r.status is Status.PASSED for r in again.rows) and again.duplicates == []
    assert summarise(again).document.cells == summary.document.cells
    assert load(folder / "某县本级政府汇总.json").collected_from == os.path.abspath(folder)
