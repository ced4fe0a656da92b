"""Cells an import could not read: the rules say 无法核对 until they are filled; printed-blank totals reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.document import ReportDocument
from app.importers.text import import_text
from app.persistence import dumps, load, loads, save
from app.rules import Issue, Severity, validate
from tests.importers.conftest import pingtan_2020_with_row_one_unreadable

DATA = Path(__file__).parent.parent / "data"


def _pingtan_2020():  # type: ignore[no-untyped-def]
    return import_text((DATA / "pingtan-2020.page.txt").read_text(encoding="utf-8"))


def _row_one_with_several_readings():  # type: ignore[no-untyped-def]
    return import_text(pingtan_2020_with_row_one_unreadable())


def test_unread_cells_turn_differences_into_infos_and_filling_them_brings_the_rule_back() -> None:
    doc = _row_one_with_several_readings().document
    row = [f"t3.new.{c}" for c in ("natural", "commercial", "research", "public_interest", "legal", "other")]
    assert set(row) <= doc.unread and not set(row) & set(doc.inferred)
    issues = validate(doc)
    bal = [i for i in issues if i.rule == "T3-BAL"]
    assert bal and all(i.severity is Severity.INFO and "无法核对（1 格未能读取）" in i.message for i in bal)
    txt = [i for i in issues if i.rule == "TXT-05"]
    assert txt and all(i.severity is Severity.INFO and i.key.endswith("#unread") for i in txt)
    # filled, row 一 is checked again against the printed （七）总计 (a 推定 20 for 自然人, 结转 0): the
    # published 20 0 0 0 0 1 balances, a wrong 26 is a difference
    doc.apply(dict(zip(row, [Decimal(v) for v in (20, 0, 0, 0, 0, 1)], strict=True)))
    assert not doc.unread & set(row)
    issues = validate(doc)
    assert not [i for i in issues if i.rule == "T3-BAL"]
    doc.apply({"t3.new.natural": Decimal(26)})
    issues = validate(doc)
    natural = [i for i in issues if i.rule == "T3-BAL" and i.key == "T3-BAL@natural"]
    assert natural and natural[0].severity is Severity.ERROR and abs(natural[0].difference or 0) == 6
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
    refs = ("t2_1.normative.made", "t3.new.natural", "t3.new.total", "t3.carried.natural")
    marks = doc.marks_of(refs)
    assert marks == {
        "t2_1.normative.made": {"unread": ""},
        "t3.new.natural": {"inferred": "200 000121"},
        "t3.new.total": {"blank_totals": "", "inferred": "200 000121"},
    }
    doc.apply({"t2_1.normative.made": Decimal(7), "t3.new.natural": Decimal(20), "t3.new.total": Decimal(21)})
    assert not doc.marks_of(refs)
    doc.restore_marks(refs, marks)
    assert doc.marks_of(refs) == marks
    doc.restore_marks(("t2_1.normative.made", "t3.new.natural"), {})
    assert "t2_1.normative.made" not in doc.unread and "t3.new.natural" not in doc.inferred
    assert "t3.new.total" in doc.blank_totals and doc.inferred["t3.new.total"] == "200 000121"


def test_a_mark_kind_that_keeps_a_text_per_cell_is_cleared_and_restored_with_it() -> None:
    from dataclasses import dataclass, field
    from typing import ClassVar

    @dataclass
    class Kept(ReportDocument):
        kept: dict[str, str] = field(default_factory=dict)
        MARK_KINDS: ClassVar[tuple[str, ...]] = (*ReportDocument.MARK_KINDS, "kept")

    base = _pingtan_2020().document
    doc = Kept(base.spec, cells=dict(base.cells), unread=set(base.unread))
    doc.kept["t2_1.normative.made"] = "20 0 00 0 121"
    marks = doc.marks_of(["t2_1.normative.made"])
    assert marks == {"t2_1.normative.made": {"unread": "", "kept": "20 0 00 0 121"}}
    doc.apply({"t2_1.normative.made": Decimal(7)})
    assert not doc.kept and "t2_1.normative.made" not in doc.unread
    doc.restore_marks(["t2_1.normative.made"], marks)
    assert doc.kept == {"t2_1.normative.made": "20 0 00 0 121"} and "t2_1.normative.made" in doc.unread


def _unread(doc: ReportDocument, *refs: str) -> ReportDocument:
    """``doc`` as an import would leave it when it could not read ``refs``."""
    doc.apply(dict.fromkeys(refs))
    doc.unread.update(refs)
    return doc


def _zeros(year: int) -> ReportDocument:
    doc = ReportDocument.new("某某市某某局", year)
    doc.apply(dict.fromkeys(doc.spec.input_cells, Decimal(0)))
    return doc


def _of(issues: list[Issue], rule: str) -> list[Issue]:
    return [i for i in issues if i.rule == rule]


def test_fee_notice_cannot_be_checked_while_its_count_is_unread(zeros: ReportDocument) -> None:
    zeros.texts["s6_main"] = "无其他需要报告的事项。"
    assert not _of(validate(zeros), "FEE-NOTICE")
    _unread(zeros, "t3.other_fee_unpaid.natural")
    [note] = _of(validate(zeros), "FEE-NOTICE")
    assert note.severity is Severity.INFO and "无法核对（1 格未能读取）" in note.message
    assert note.key == "FEE-NOTICE@s6_main#unread" and note.refs[0] == "t3.other_fee_unpaid.natural"
    # a notice read elsewhere in the row already decides it: the warning stands, as a lower bound
    zeros.apply({"t3.other_fee_unpaid.legal": Decimal(2)})
    [warning] = _of(validate(zeros), "FEE-NOTICE")
    assert warning.severity is Severity.WARNING and "至少2件" in warning.message
    zeros.apply({"t3.other_fee_unpaid.natural": Decimal(1)})
    [warning] = _of(validate(zeros), "FEE-NOTICE")
    assert warning.severity is Severity.WARNING and "= 3件" in warning.message and not zeros.unread
    # a text that reports the fee needs no count at all
    _unread(zeros, "t3.other_fee_unpaid.legal")
    zeros.texts["s6_main"] = "本年度未收取信息处理费。"
    assert not _of(validate(zeros), "FEE-NOTICE")


def test_no_application_statement_cannot_be_checked_against_unread_intake(zeros: ReportDocument) -> None:
    assert not _of(validate(zeros), "TXT-06")  # "未收到" and 0 applications
    _unread(zeros, "t3.new.natural")
    [note] = _of(validate(zeros), "TXT-06")
    assert note.severity is Severity.INFO and note.key == "TXT-06@s1_request#unread"
    assert note.refs[0] == "t3.new.natural" and "无法核对（1 格未能读取）" in note.message
    zeros.apply({"t3.new.natural": Decimal(0)})
    assert not _of(validate(zeros), "TXT-06")
    # an application read in another cell contradicts "未收到" whatever the unread cell holds
    _unread(zeros, "t3.new.natural")
    zeros.apply({"t3.new.legal": Decimal(1), "t3.disclosed.legal": Decimal(1)})
    [warning] = _of(validate(zeros), "TXT-06")
    assert warning.severity is Severity.WARNING and "至少1件" in warning.message
    # a text quoting a count says nothing a 0 would contradict
    zeros.apply({"t3.new.legal": Decimal(0), "t3.disclosed.legal": Decimal(0)})
    zeros.texts["s1_request"] = "本年度共收到申请3件。"
    assert not _of(validate(zeros), "TXT-06")


def test_carry_over_cannot_be_checked_against_unread_cells_of_either_year() -> None:
    previous, doc = _zeros(2023), _zeros(2024)
    assert not _of(validate(doc, previous), "X-CARRY")
    _unread(previous, "t3.carry_forward.natural")
    previous.apply({"t3.carry_forward.legal": Decimal(4)})  # read, and not carried over: a real difference
    issues = _of(validate(doc, previous), "X-CARRY")
    [note] = [i for i in issues if i.severity is Severity.INFO]
    assert note.key == "X-CARRY@natural#unread" and "上年度报告的" in note.message
    assert note.refs == ("t3.carried.natural",)  # this report's cell, not last year's
    [error] = [i for i in issues if i.severity is Severity.ERROR]
    assert error.key == "X-CARRY@legal"  # the total column says nothing more
    _unread(doc, "t3.carried.research")
    notes = [i for i in _of(validate(doc, previous), "X-CARRY") if i.severity is Severity.INFO]
    assert [i.key for i in notes] == ["X-CARRY@natural#unread", "X-CARRY@research#unread"]
    assert "上年度报告的" not in notes[1].message
    previous.apply({"t3.carry_forward.natural": Decimal(2)})
    doc.apply({"t3.carried.research": Decimal(0), "t3.carried.legal": Decimal(4)})
    [error] = _of(validate(doc, previous), "X-CARRY")
    assert error.key == "X-CARRY@natural" and error.difference == Decimal(-2)


def test_stock_flow_cannot_be_checked_against_unread_cells_of_either_year() -> None:
    previous, doc = _zeros(2023), _zeros(2024)
    _unread(previous, "t2_1.regulation.in_force")
    _unread(doc, "t2_1.normative.issued")
    notes = _of(validate(doc, previous), "X-STOCK")
    assert [i.key for i in notes] == ["X-STOCK@regulation#unread", "X-STOCK@normative#unread"]
    assert all(i.severity is Severity.INFO for i in notes)
    assert "上年度报告的" in notes[0].message and notes[0].refs[0] == "t2_1.regulation.in_force"
    assert notes[1].refs[0] == "t2_1.normative.issued"
    previous.apply({"t2_1.regulation.in_force": Decimal(5)})
    doc.apply({"t2_1.normative.issued": Decimal(1)})
    issues = _of(validate(doc, previous), "X-STOCK")
    assert [i.key for i in issues] == ["X-STOCK@regulation", "X-STOCK@normative"]
    assert all(i.severity is Severity.WARNING for i in issues)


BLANK = ["t3.new.total", "t3.carried.total"]


def test_totals_printed_blank_are_an_error_in_check_until_the_sum_is_adopted(
    blank_totals_source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    project = tmp_path / "j.json"
    assert main(["import-text", str(blank_totals_source), "-o", str(project)]) == 0
    doc = load(project)
    assert sorted(doc.blank_totals) == sorted(BLANK) and not doc.adopted_totals
    capsys.readouterr()
    assert main(["check", str(project)]) == 1
    out = capsys.readouterr().out
    assert "[错误] NUM-NO-BLANK 表三 · 一、本年新收政府信息公开申请数量 · 总计 等2个合计在导入的原文中为空白" in out
    # 采用计算值: the sums stand as the report's totals; the source's blank stays on record as an info
    assert doc.adopt_computed(["t3.new.total", "t3.new.natural"]) == {"t3.new.total": {"adopted_totals": ""}}
    doc.restore_marks(BLANK, doc.adopt_computed(BLANK))
    assert not doc.blank_totals and doc.adopted_totals == set(BLANK) and doc.stated.get("t3.new.total") is None
    save(doc, project)
    assert main(["check", str(project)]) == 0
    out = capsys.readouterr().out
    assert "NUM-NO-BLANK" in out and "[提示]" in out and "已采用计算值" in out and "[错误] NUM-NO-BLANK" not in out
    assert load(project).adopted_totals == set(BLANK)


def test_a_cell_left_blank_by_the_import_is_not_reported_as_left_blank_by_the_report(zeros: ReportDocument) -> None:
    zeros.apply({"t3.new.natural": None, "t3.new.legal": None})
    _unread(zeros, "t3.new.research")
    blanks = {i.key: i for i in _of(validate(zeros), "NUM-NO-BLANK")}
    assert set(blanks) == {"NUM-NO-BLANK@t3", "NUM-NO-BLANK@t3:unread"}
    assert blanks["NUM-NO-BLANK@t3"].refs == ("t3.new.natural", "t3.new.legal")
    unread = blanks["NUM-NO-BLANK@t3:unread"]
    assert unread.refs == ("t3.new.research",) and unread.severity is Severity.ERROR
    assert "导入时未能读取，现为空白" in unread.message and "没有数据的请填0" not in unread.message
