"""What the importers derive from the declarations about the editions' tables (no ids written in code)."""

from __future__ import annotations

from app.importers.layouts import columns_vary, has_subheadings, other_edition_rows, row_total, total_row
from app.spec import load_spec


def test_table_two_changes_columns_between_editions_and_the_others_do_not() -> None:
    assert columns_vary("s2")
    assert not columns_vary("s3") and not columns_vary("s4")


def test_the_2019_single_other_row_is_the_only_row_a_2021_table_three_may_carry() -> None:
    spec = load_spec("2021")
    rows = other_edition_rows(spec.section("s3"), spec)
    assert [(b.id, r.id, e) for b, r, e in rows] == [("t3", "other", "2019")]
    back = other_edition_rows(load_spec("2019").section("s3"), load_spec("2019"))
    assert [r.id for _, r, _ in back] == ["other_no_correction", "other_fee_unpaid", "other_misc"]
    assert other_edition_rows(spec.section("s2"), spec) == []  # its columns differ: a layout, not rows


def test_totals_and_subheadings_come_from_the_declaration() -> None:
    spec = load_spec("2021")
    t3 = spec.block("t3")
    comp = row_total(t3)
    assert comp is not None and comp.target_column == "total" and len(comp.columns) == len(t3.columns) - 1
    assert row_total(spec.block("t4")) is None  # three group totals, none of the whole row
    assert total_row(t3) == "result_total" and total_row(spec.block("t4")) is None
    assert [s.id for s in spec.sections if has_subheadings(s)] == ["s1"]
