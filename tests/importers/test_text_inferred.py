"""推定 values: rows whose digits ran together, read when the row's totals allow one reading, marked until confirmed."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.importers.common import ImportResult, ProblemKind
from app.importers.text import import_text, read_text_file
from app.importers.text.inferred import Outcome
from app.importers.text.tables import RUN_TOGETHER_REASONS
from app.persistence import ProjectError, dumps, loads
from app.rules import Severity, validate
from tests.importers.conftest import DATA

RESULT_TOTAL = [
    f"t3.result_total.{c}" for c in ("natural", "commercial", "research", "public_interest", "legal", "other", "total")
]


def _import(year: int) -> ImportResult:
    return import_text(read_text_file(str(DATA / f"pingtan-{year}.page.txt")))


def test_pingtan_2020_result_total_is_read_as_inferred_values_and_listed() -> None:
    result = _import(2020)
    doc = result.document
    # printed "20 0 00 0 121": the one reading is 20 0 0 0 0 1 21
    assert [doc.value(ref) for ref in RESULT_TOTAL] == [Decimal(v) for v in (20, 0, 0, 0, 0, 1, 21)]
    assert set(RESULT_TOTAL) <= doc.inferred.keys()
    assert doc.inferred["t3.result_total.natural"] == "20 0 00 0 121"
    assert not doc.unread & set(RESULT_TOTAL)
    listed = [p for p in result.problems if "“20 0 00 0 121”" in p.message]
    assert len(listed) == 1
    assert listed[0].kind is ProblemKind.CHECK and set(listed[0].refs) == set(RESULT_TOTAL)
    assert "推定" in listed[0].message and "20、0、0、0、0、1、21" in listed[0].message
    assert listed[0].source.startswith("第10行第")


def test_the_published_error_behind_the_run_together_row_is_reported() -> None:
    # 平潭 2020 prints （七）总计 自然人 20 while its result rows add up to 26
    issues = validate(_import(2020).document)
    natural = [i for i in issues if i.key == "T3-RESULT-SUM@t3.result_total.natural"]
    assert natural and natural[0].severity is Severity.ERROR and natural[0].difference == Decimal(-6)


def test_rows_with_several_readings_stay_unreadable_with_the_reason() -> None:
    result = _import(2023)
    doc = result.document
    # （一）予以公开 "220000022": 22|0|0|0|0|0|22 or 2|20|0|0|0|0|22
    assert doc.cells["t3.disclosed.natural"] is None
    assert "t3.disclosed.natural" in doc.unread and "t3.disclosed.natural" not in doc.inferred
    (problem,) = [p for p in result.unreadable if "“220000022”" in p.message]
    assert RUN_TOGETHER_REASONS[Outcome.SEVERAL] in problem.message


def test_unconfirmed_values_are_listed_by_a_rule_until_confirmed_or_edited() -> None:
    doc = _import(2024).document
    inferred = [i for i in validate(doc) if i.rule == "NUM-INFERRED"]
    # 一、本年新收 and （七）总计 "21710000218", （一）（二）（三）5.（四）1. and 表四
    assert len(inferred) == 7 and all(i.severity is Severity.WARNING for i in inferred)
    new = next(i for i in inferred if "t3.new.natural" in i.refs)
    assert "“21710000218”" in new.message and "尚未确认" in new.message
    assert doc.cells["t3.new.natural"] == 217 and doc.cells["t3.new.commercial"] == 1
    before = doc.marks_of(new.refs)
    confirmed = doc.confirm_inferred([*new.refs, "t3.carried.natural"])  # a cell without 推定 is left out
    assert confirmed == {ref: {} for ref in new.refs} and doc.inferred.keys() >= set(new.refs)  # none dropped yet
    doc.restore_marks(confirmed, confirmed)
    assert len([i for i in validate(doc) if i.rule == "NUM-INFERRED"]) == 6
    doc.restore_marks(before, before)  # undo
    assert doc.inferred["t3.new.natural"] == "21710000218"
    assert len([i for i in validate(doc) if i.rule == "NUM-INFERRED"]) == 7
    doc.restore_marks(confirmed, confirmed)
    doc.apply({"t4.cases.review_upheld": Decimal(2)})  # an edit confirms that cell only
    left = [i for i in validate(doc) if i.rule == "NUM-INFERRED"]
    assert len(left) == 6
    t4 = next(i for i in left if i.refs[0].startswith("t4."))
    assert "t4.cases.review_upheld" not in t4.refs and len(t4.refs) == 14
    every = doc.confirm_inferred()
    doc.restore_marks(every, every)
    assert every and not doc.inferred
    assert not [i for i in validate(doc) if i.rule == "NUM-INFERRED"]


def test_marks_survive_saving_and_older_projects_load() -> None:
    doc = _import(2020).document
    data = json.loads(dumps(doc))
    assert data["inferred_cells"]["t3.result_total.total"] == "20 0 00 0 121"
    again = loads(dumps(doc))
    assert again.inferred == doc.inferred
    del data["inferred_cells"]
    assert not loads(json.dumps(data, ensure_ascii=False).encode()).inferred
    every = doc.confirm_inferred()
    doc.restore_marks(every, every)
    assert "inferred_cells" not in json.loads(dumps(doc))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "“inferred_cells”应为对象"),
        ({"t9.nowhere": "1"}, "“t9.nowhere”不是本格式"),
        ({"t3.new.natural": 1}, "“inferred_cells.t3.new.natural”应为原文数字"),
    ],
)
def test_a_malformed_mark_is_refused_in_chinese(value: object, message: str) -> None:
    data = json.loads(dumps(_import(2020).document))
    data["inferred_cells"] = value
    with pytest.raises(ProjectError, match=message):
        loads(json.dumps(data, ensure_ascii=False).encode())


def test_the_final_problem_list_decides_the_inferred_marks() -> None:
    doc = _import(2020).document
    assert doc.inferred
    assert not ImportResult(doc, []).document.inferred  # e.g. PDF tables read from their cells after the text
