"""Cells an import could not read: the rules say 无法核对 until they are filled; printed-blank totals reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from app.importers.text import import_text
from app.persistence import dumps, loads
from app.rules import Severity, validate

DATA = Path(__file__).parent.parent / "data"


def _pingtan_2020():  # type: ignore[no-untyped-def]
    return import_text((DATA / "pingtan-2020.page.txt").read_text(encoding="utf-8"))


def test_unread_cells_turn_differences_into_infos_and_filling_them_brings_the_rule_back() -> None:
    doc = _pingtan_2020().document
    row = [f"t3.new.{c}" for c in ("natural", "commercial", "research", "public_interest", "legal", "other")]
    assert set(row) <= doc.unread
    issues = validate(doc)
    bal = [i for i in issues if i.rule == "T3-BAL"]
    assert bal and all(i.severity is Severity.INFO and "无法核对（1 格未能读取）" in i.message for i in bal)
    txt = [i for i in issues if i.rule == "TXT-05"]
    assert txt and all(i.severity is Severity.INFO and i.key.endswith("#unread") for i in txt)
    # the published row 一 reads 20 0 0 0 0 1 (total 21); its result rows add up to 26 for 自然人
    doc.apply(dict(zip(row, [Decimal(v) for v in (20, 0, 0, 0, 0, 1)], strict=True)))
    assert not doc.unread & set(row)
    issues = validate(doc)
    natural = [i for i in issues if i.rule == "T3-BAL" and i.key == "T3-BAL@natural"]
    assert natural and natural[0].severity is Severity.ERROR and natural[0].difference == Decimal(-6)
    assert not [i for i in issues if "无法核对" in i.message and "t3.new.natural" in i.refs]


def test_marks_survive_saving_and_an_older_project_without_them_loads() -> None:
    doc = _pingtan_2020().document
    again = loads(dumps(doc))
    assert again.unread == doc.unread and again.unread
    assert not loads(dumps(type(doc)(doc.spec))).unread


def test_a_total_printed_blank_is_reported_after_import() -> None:
    doc = _pingtan_2020().document
    doc.blank_totals.add("t3.new.total")
    issues = [i for i in validate(loads(dumps(doc))) if i.key.endswith(":totals")]
    assert issues and "在导入的原文中为空白" in issues[0].message and issues[0].refs == ("t3.new.total",)
    doc.apply({"t3.new.total": Decimal(21)})
    assert not [i for i in validate(doc) if i.key.endswith(":totals")]


def test_the_final_problem_list_decides_the_marks() -> None:
    from app.importers.common import ImportResult

    doc = _pingtan_2020().document
    assert doc.unread
    assert not ImportResult(doc, []).document.unread  # e.g. PDF tables read from their cells after the text


def test_marks_of_and_restore_marks_cover_every_mark_kind() -> None:
    doc = _pingtan_2020().document
    doc.blank_totals.add("t3.new.total")
    refs = ("t3.new.natural", "t3.new.total", "t3.carried.natural")
    marks = doc.marks_of(refs)
    assert marks == {"t3.new.natural": {"unread": ""}, "t3.new.total": {"blank_totals": ""}}
    doc.apply({"t3.new.natural": Decimal(20), "t3.new.total": Decimal(21)})
    assert not doc.marks_of(refs)
    doc.restore_marks(refs, marks)
    assert doc.marks_of(refs) == marks
    doc.restore_marks(("t3.new.natural",), {})
    assert "t3.new.natural" not in doc.unread and "t3.new.total" in doc.blank_totals


def test_a_mark_kind_that_keeps_a_text_per_cell_is_cleared_and_restored_with_it() -> None:
    from dataclasses import dataclass, field
    from typing import ClassVar

    from app.document import ReportDocument

    @dataclass
    class Kept(ReportDocument):
        kept: dict[str, str] = field(default_factory=dict)
        MARK_KINDS: ClassVar[tuple[str, ...]] = (*ReportDocument.MARK_KINDS, "kept")

    base = _pingtan_2020().document
    doc = Kept(base.spec, cells=dict(base.cells), unread=set(base.unread))
    doc.kept["t3.new.natural"] = "20 0 00 0 121"
    marks = doc.marks_of(["t3.new.natural"])
    assert marks == {"t3.new.natural": {"unread": "", "kept": "20 0 00 0 121"}}
    doc.apply({"t3.new.natural": Decimal(20)})
    assert not doc.kept and "t3.new.natural" not in doc.unread
    doc.restore_marks(["t3.new.natural"], marks)
    assert doc.kept == {"t3.new.natural": "20 0 00 0 121"} and "t3.new.natural" in doc.unread
