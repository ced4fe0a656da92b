"""Readings of run-together digits (app.importers.text.inferred): known rows, a brute-force oracle, a property."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from app.importers.text.inferred import (
    MAX_STEPS,
    Inference,
    Outcome,
    Relation,
    digit_groups,
    infer,
    row_relations,
)
from app.spec import load_spec

SPEC = load_spec("2021")
T3 = row_relations(SPEC.block("t3"))
T4 = row_relations(SPEC.block("t4"))
ROW_TOTAL = (Relation(3, (0, 1, 2)),)


def _read(text: str, count: int, relations: tuple[Relation, ...]) -> Inference:
    groups = digit_groups(text)
    assert groups is not None
    return infer(groups, count, relations)


def test_relations_come_from_the_declared_totals() -> None:
    assert row_relations(SPEC.block("t3")) == (Relation(6, (0, 1, 2, 3, 4, 5)),)
    assert row_relations(SPEC.block("t4")) == (
        Relation(4, (0, 1, 2, 3)),
        Relation(9, (5, 6, 7, 8)),
        Relation(14, (10, 11, 12, 13)),
    )
    assert row_relations(SPEC.block("t2_1")) == ()


def test_pingtan_2020_result_total_has_one_reading() -> None:
    result = _read("20 0 00 0 121", 7, T3)
    assert result.outcome is Outcome.ONE
    assert result.reading == (20, 0, 0, 0, 0, 1, 21)


def test_printed_gaps_stay_cell_boundaries() -> None:
    # "12 1" could not be read as 1|21 if the gap were ignored; with it, the total must be 1 … and fails
    assert _read("1 0 0 0 0 12 1", 7, T3).outcome is Outcome.NONE
    assert _read("1 0 0 0 0 1 21", 7, T3).outcome is Outcome.NONE
    assert _read("1 0 0 0 0 1 2", 7, T3).outcome is Outcome.ONE


def test_pingtan_rows_of_tables_three_and_four() -> None:
    assert _read("21710000218", 7, T3).reading == (217, 1, 0, 0, 0, 0, 218)
    assert _read("640020470", 7, T3).reading == (64, 0, 0, 2, 0, 4, 70)
    assert _read("21317000001324019", 15, T4).reading == (2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)


def test_several_readings_are_not_chosen_between() -> None:
    # 0|11|0|11 and 0|1|10|11 both add up
    result = _read("011011", 4, ROW_TOTAL)
    assert result.outcome is Outcome.SEVERAL
    assert result.reading is None


def test_without_a_total_a_row_has_several_readings() -> None:
    assert _read("898989", 3, ()).outcome is Outcome.SEVERAL


def test_no_reading_when_no_split_adds_up() -> None:
    assert _read("898989", 7, T3).outcome is Outcome.NONE


def test_leading_zeros_are_separate_cells() -> None:
    assert _read("0055", 4, ROW_TOTAL).reading == (0, 0, 5, 5)
    # 0|05|6 would add up, but "05" is never a printed count; 0|0|5|6 does not add up
    assert _read("0056", 4, ROW_TOTAL).outcome is Outcome.NONE


def test_impossible_shapes() -> None:
    assert infer([], 3, ROW_TOTAL).outcome is Outcome.NONE
    assert infer(["1", "2", "3", "4", "5"], 4, ROW_TOTAL).outcome is Outcome.NONE  # more groups than cells
    assert infer(["12"], 4, ROW_TOTAL).outcome is Outcome.NONE  # fewer digits than cells
    assert infer(["1" * 60], 4, ROW_TOTAL).outcome is Outcome.NONE  # longer than any four counts
    assert digit_groups("12.5 3") is None
    assert digit_groups("12元") is None
    assert digit_groups("") is None


def test_the_search_is_bounded() -> None:
    digits = "123456789" * 9  # C(80, 14) ≈ 10^15 splittings over table 四's 15 cells
    result = infer([digits], 15, T4)
    assert result.outcome is Outcome.TOO_MANY
    assert result.steps <= MAX_STEPS
    assert infer(["123456789"], 7, T3, max_steps=3).outcome is Outcome.TOO_MANY


def _naive(digits: str, count: int, relations: tuple[Relation, ...]) -> list[tuple[int, ...]]:
    """Every reading of a single group, by trying every cut."""
    out = []
    for cuts in itertools.combinations(range(1, len(digits)), count - 1):
        bounds = (0, *cuts, len(digits))
        parts = [digits[a:b] for a, b in itertools.pairwise(bounds)]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        values = tuple(int(p) for p in parts)
        if all(values[r.target] == sum(values[i] for i in r.parts) for r in relations):
            out.append(values)
    return out


def test_agrees_with_trying_every_cut() -> None:
    for n in range(4, 8):
        for digits in ("".join(t) for t in itertools.product("0129", repeat=n)):
            expected = _naive(digits, 4, ROW_TOTAL)
            result = infer([digits], 4, ROW_TOTAL)
            if not expected:
                assert result.outcome is Outcome.NONE, digits
            elif len(expected) == 1:
                assert result.outcome is Outcome.ONE and result.reading == expected[0], digits
            else:
                assert result.outcome is Outcome.SEVERAL, digits


_Case = tuple[tuple[int, ...], tuple[Relation, ...], list[str]]
_count = st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 999))


@st.composite
def _consistent_row(draw: st.DrawFn) -> _Case:
    """A row of table 三 or 四 whose totals hold, printed with its digits run together (some gaps kept)."""
    if draw(st.booleans()):
        parts = draw(st.lists(_count, min_size=6, max_size=6))
        row = (*parts, sum(parts))
        relations = T3
    else:
        groups = [draw(st.lists(_count, min_size=4, max_size=4)) for _ in range(3)]
        row = tuple(v for g in groups for v in (*g, sum(g)))
        relations = T4
    gaps = draw(st.lists(st.booleans(), min_size=len(row) - 1, max_size=len(row) - 1))
    printed = [str(row[0])]
    for value, gap in zip(row[1:], gaps, strict=True):
        if gap:
            printed.append(str(value))
        else:
            printed[-1] += str(value)
    return row, relations, printed


@settings(max_examples=300, deadline=None)
@given(_consistent_row())
def test_a_unique_reading_is_the_row_that_was_printed(
    case: _Case,
) -> None:
    row, relations, printed = case
    result = infer(printed, len(row), relations)
    assert result.outcome is not Outcome.NONE  # the printed row itself is a reading
    if result.outcome is Outcome.ONE:
        assert result.reading == row
