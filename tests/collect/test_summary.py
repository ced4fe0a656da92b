"""The sum: exact cell-by-cell totals, blanks flagged by unit, 不适用 noted, stated totals not summed."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from app.collect import CollectError, Status, scan, summarise, unit_value
from app.persistence import dumps, loads, save
from app.rules import Severity, validate
from app.values import NA
from tests.collect.generate import unit_document, write_units


def test_sum_is_exact_cell_by_cell(tmp_path: Path) -> None:
    write_units(tmp_path, 3, seed=7)
    board = scan(tmp_path)
    result = summarise(board)
    docs = [r.document for r in board.rows if r.document is not None]
    assert len(result.units) == 3
    for ref in ("t3.new.natural", "t2_8.fee.amount", "t4.cases.after_pending", "t2_1.normative.in_force"):
        expected = sum((d.cells[ref] for d in docs), Decimal(0))  # type: ignore[misc]
        assert result.document.cells[ref] == expected
    total = result.document.number("t3.result_total.total")
    assert total == sum((d.number("t3.result_total.total") for d in docs), Decimal(0))
    assert result.document.meta["scope"] == "本级政府汇总"
    assert result.document.meta["year"] == "2024"
    assert result.blanks == {} and result.not_applicable == {} and result.notes() == []
    assert not [
        i for i in validate(result.document) if i.severity is Severity.ERROR and i.section in {"s2", "s3", "s4"}
    ]


def test_fee_keeps_its_decimals_exactly(tmp_path: Path) -> None:
    for number, fee in enumerate(("0.1234", "0.0001", "2.5"), start=1):
        doc = unit_document(random.Random(number), f"第{number}局")
        doc.apply({"t2_8.fee.amount": Decimal(fee)})
        save(doc, tmp_path / f"第{number}局.json")
    result = summarise(scan(tmp_path))
    assert result.document.cells["t2_8.fee.amount"] == Decimal("2.6235")
    assert result.document.fee_decimals == 4


def test_blank_is_flagged_with_the_units_that_left_it(tmp_path: Path) -> None:
    for number in (1, 2, 3):
        doc = unit_document(random.Random(number), f"第{number}局")
        if number != 2:
            doc.apply({"t2_5.license.decisions": None})
        save(doc, tmp_path / f"第{number}局.json")
        if number == 2:
            kept = doc.cells["t2_5.license.decisions"]
    board = scan(tmp_path)
    for row in board.rows:  # a blank is an error (NUM-NO-BLANK): tick them in anyway
        board.set_included(row.file or "", True)
    result = summarise(board)
    assert result.document.cells["t2_5.license.decisions"] == kept
    assert result.blanks == {"t2_5.license.decisions": ["第1局", "第3局"]}
    (note,) = result.notes()
    assert "第1局、第3局" in note and "未填写" in note and "表二" in note


def test_all_blank_stays_blank_and_not_applicable_counts_as_zero(tmp_path: Path) -> None:
    rows = []
    for number in (1, 2):
        doc = unit_document(random.Random(number), f"第{number}局")
        doc.apply({"t2_5.license.decisions": None, "t2_6.penalty.decisions": NA if number == 1 else Decimal(4)})
        doc.apply({"t2_6.enforcement.decisions": NA})
        save(doc, tmp_path / f"第{number}局.json")
    board = scan(tmp_path)
    rows = [r for r in board.rows if r.document is not None]
    result = summarise(rows)
    assert result.document.cells["t2_5.license.decisions"] is None
    assert result.blanks["t2_5.license.decisions"] == ["第1局", "第2局"]
    assert result.document.cells["t2_6.penalty.decisions"] == Decimal(4)
    assert result.not_applicable == {"t2_6.penalty.decisions": ["第1局"]}
    assert result.document.cells["t2_6.enforcement.decisions"] is NA  # every unit: 不适用
    assert any("不适用" in line and "第1局" in line for line in result.notes())


def test_stated_totals_are_not_summed(tmp_path: Path) -> None:
    doc = unit_document(random.Random(1), "第1局")
    doc.apply({"t3.new.total": doc.number("t3.new.total") + 100})  # a published total that is wrong
    save(doc, tmp_path / "第1局.json")
    write_units(tmp_path / "其他", 1, seed=2)
    board = scan(tmp_path)
    for row in board.rows:
        board.set_included(row.file or "", True)
    result = summarise(board)
    assert result.document.stated == {}
    parts = sum(
        (
            result.document.number(f"t3.new.{c}")
            for c in ("natural", "commercial", "research", "public_interest", "legal", "other")
        ),
        Decimal(0),
    )
    assert result.document.number("t3.new.total") == parts
    assert unit_value(doc, "t3.new.total") == doc.number("t3.new.total") - 100


def test_base_project_gives_the_narrative(tmp_path: Path) -> None:
    write_units(tmp_path, 2, seed=1)
    base = unit_document(random.Random(9), "某县人民政府")
    base.texts["s5_main"] = "本县的问题与改进。"
    result = summarise(scan(tmp_path), base=base)
    assert result.document.meta["agency"] == "某县人民政府"
    assert result.document.meta["scope"] == "本级政府汇总"
    assert result.document.texts["s5_main"] == "本县的问题与改进。"
    plain = summarise(scan(tmp_path))
    assert plain.document.texts["s5_main"] == "" and plain.document.meta["agency_type"] == "人民政府"


def test_sum_opens_as_a_normal_project(tmp_path: Path) -> None:
    write_units(tmp_path, 2, seed=1)
    result = summarise(scan(tmp_path))
    again = loads(dumps(result.document))
    assert again.cells == result.document.cells and again.meta == result.document.meta


def test_nothing_to_sum_is_a_collect_error(tmp_path: Path) -> None:
    doc = unit_document(random.Random(1), "错误局")
    doc.apply({"t3.new.natural": doc.number("t3.new.natural") + 1})
    save(doc, tmp_path / "错误局.json")
    board = scan(tmp_path)
    assert board.rows[0].status is Status.ERRORS
    with pytest.raises(CollectError, match="没有可汇总"):
        summarise(board)


def test_note_items_name_the_cell_of_each_note(tmp_path: Path) -> None:
    for number in (1, 2):
        doc = unit_document(random.Random(number), f"第{number}局")
        if number == 1:
            doc.apply({"t2_1.regulation.issued": None, "t4.cases.direct_other": NA})
        save(doc, tmp_path / f"第{number}局.json")
    board = scan(tmp_path)
    board.set_included(str(tmp_path / "第1局.json"), True)
    result = summarise(board)
    items = result.note_items()
    assert [ref for ref, _ in items] == ["t2_1.regulation.issued", "t4.cases.direct_other"]
    assert "第1局 未填写" in items[0][1] and "不适用" in items[1][1]
    assert result.notes() == [line for _, line in items]
