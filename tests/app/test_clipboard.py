"""Clipboard TSV parsing and paste planning."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.clipboard import parse_tsv, plan_paste, to_tsv
from app.spec import load_spec
from app.values import NA

SPEC = load_spec("2021")
T3 = SPEC.block("t3")
COMPUTED = frozenset(SPEC.computed_cells)


def test_excel_block_with_crlf_and_trailing_newline() -> None:
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]


def test_quoted_cells_keep_tabs_and_newlines() -> None:
    assert parse_tsv('"a\tb"\t"line1\nline2"\r\n') == [["a\tb", "line1\nline2"]]


def test_single_value_without_newline() -> None:
    assert parse_tsv("７") == [["７"]]


def test_empty_line_inside_block_is_kept() -> None:
    assert parse_tsv("1\r\n\r\n2\r\n") == [["1"], [""], ["2"]]


cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)


@given(st.lists(st.lists(cell_text, min_size=1, max_size=4), min_size=1, max_size=4))
def test_round_trip(rows: list[list[str]]) -> None:
    # A row made of one empty cell is written as an empty line, read back as [""].
    assert parse_tsv(to_tsv(rows)) == rows


def test_plan_paste_parses_full_width_and_skips_totals() -> None:
    # Anchor on 自然人 of 第一项; seven values run into the computed 总计 column.
    plan = plan_paste(T3, [["１２", "3", "0", "0", "1", "不适用", "99"]], (0, 0), COMPUTED)
    assert plan.ok
    assert plan.edits["t3.new.natural"] == Decimal(12)
    assert plan.edits["t3.new.other"] is NA
    assert "t3.new.total" not in plan.edits
    assert plan.skipped_computed == 1


def test_plan_paste_reports_bad_cells_and_overflow() -> None:
    plan = plan_paste(T3, [["1", "abc", "2", "3"]], (0, 4), COMPUTED, location={"t3.new.other": "其他"})
    assert not plan.ok
    assert plan.problems[0].where == "其他"
    assert "不是有效的数字" in plan.problems[0].reason
    assert plan.overflow == 1


def test_single_value_fills_selection() -> None:
    fill = [(0, 0), (1, 0), (2, 0)]
    plan = plan_paste(T3, [["0"]], (0, 0), COMPUTED, fill)
    assert set(plan.edits) == {"t3.new.natural", "t3.carried.natural", "t3.disclosed.natural"}
    assert all(v == 0 for v in plan.edits.values())
