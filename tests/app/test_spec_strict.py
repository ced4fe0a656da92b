"""The loader refuses every kind of mistake in a declaration with a Chinese SpecError naming file, item and key."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from app.errors import UserError
from app.rules.kinds import CROSS_YEAR_KINDS, KINDS
from app.spec import load_spec
from app.spec.builtin import BUILTIN_FILES
from app.spec.loader import SpecError, parse_spec
from app.spec.params import PARAMS
from tests.app.spec_dump import dump

FILE = "gov_info_annual_2021.toml"
TEXT = (resources.files("app.spec") / "data" / FILE).read_text(encoding="utf-8")
SNAPSHOTS = Path(__file__).resolve().parent.parent / "data" / "spec"


def _mutated(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old  # the mistake is made exactly where the case says
    return TEXT.replace(old, new)


CASES = {
    "misspelt parameter": (
        'right = ["result_total", "carry_forward"]',
        'colums = ["result_total", "carry_forward"]',
        ["规则 T3-BAL", "未知参数 “colums”"],
    ),
    "missing parameter": ('limit_row = "new"\n', "", ["规则 T3-CARRY-PLAUS", "缺少参数 “limit_row”"]),
    "parameter of the wrong type": (
        "threshold = 0.5",
        'threshold = "half"',
        ["规则 X-SIMILAR", "“threshold”应为数"],
    ),
    "unknown rule kind": (
        'kind = "column_balance"',
        'kind = "column_balanse"',
        ["规则 T3-BAL", "未知规则类型 “column_balanse”", "column_balance"],
    ),
    "bad severity": (
        'id = "NUM-INT"\nkind = "integer_cells"\nseverity = "error"',
        'id = "NUM-INT"\nkind = "integer_cells"\nseverity = "fatal"',
        ["规则 NUM-INT", "未知严重程度 “fatal”"],
    ),
    "bad computed severity": (
        '"T4-SUM" = "error"',
        '"T4-SUM" = "eror"',
        ["[rule_severity] T4-SUM", "未知严重程度 “eror”"],
    ),
    "unknown row": (
        'limit_row = "new"',
        'limit_row = "neww"',
        ["规则 T3-CARRY-PLAUS", "未知行 “neww”（表块 t3 中没有）"],
    ),
    "unknown column": ('stock = "in_force"', 'stock = "inforce"', ["规则 X-STOCK", "未知列", "“inforce”"]),
    "unknown block": (
        'block = "t2_1"\nrows',
        'block = "t2_7"\nrows',
        ["规则 X-STOCK", "未知表块 “t2_7”"],
    ),
    "unknown cell": (
        'cell = "t3.other_fee_unpaid.total"',
        'cell = "t3.other_fee_unpaid.totl"',
        ["规则 FEE-NOTICE", "未知单元格 “t3.other_fee_unpaid.totl”"],
    ),
    "unknown cell in a pattern": (
        'cells = ["t4.cases.review_total"]',
        'cells = ["t4.case.review_total"]',
        ["规则 TXT-05", "未知单元格 “t4.case.review_total”"],
    ),
    "unknown key in a pattern": (
        'label = "予以公开" }',
        'lable = "予以公开" }',
        ["规则 TXT-05", "未知参数 “lable”"],
    ),
    "unknown field": ('field = "s5_main"', 'field = "s5_mian"', ["规则 TXT-03", "未知文字项 “s5_mian”"]),
    "unknown key in a text field": (
        'heading_words = ["监督"]',
        'heading_word = ["监督"]',
        ["文字项 s1_supervise", "未知键 “heading_word”"],
    ),
    "unknown key in a section": (
        'label_header = "信息内容"',
        'label_heder = "信息内容"',
        ["部分 s2", "未知键 “label_heder”"],
    ),
    "unknown key in a row": (
        '{ id = "carried", path = ["二、上年结转政府信息公开申请数量"], short = "第二项" }',
        '{ id = "carried", path = ["二、上年结转政府信息公开申请数量"], shrot = "第二项" }',
        ["表块 t3 的行 carried", "未知键 “shrot”"],
    ),
    "unknown value type": (
        'id = "t4"\nvalue_type = "count"',
        'id = "t4"\nvalue_type = "cuont"',
        ["表块 t4", "“cuont”"],
    ),
    "unknown row of a computed total": (
        '"other_no_correction", "other_fee_unpaid", "other_misc",',
        '"other_no_correction", "other_fee_unpaid", "other_misk",',
        ["表块 t3", "未知行 “other_misk”"],
    ),
    "unknown top-level table": ("[rule_severity]", "[rule_severities]", ["顶层", "未知键 “rule_severities”"]),
    "duplicate rule id": ('id = "TXT-07"', 'id = "TXT-06"', ["规则 “TXT-06”重复"]),
    "bad metadata kind": ('kind = "longtext"', 'kind = "long_text"', ["基本信息项 preamble", "“long_text”"]),
    "bad regular expression": (
        '{ pattern = "予以公开(',
        '{ pattern = "予以公开((',
        ["规则 TXT-05 的 patterns 第6项", "“pattern”不是有效的正则表达式"],
    ),
    "bad placeholder pattern": ('"××", ', '"××", "[", ', ["规则 TXT-07", "“patterns”第3项不是有效的正则表达式"]),
    "TOML syntax": ("[report]", "[report", ["不是有效的 TOML", "第5行"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_mistake_is_refused_naming_file_rule_and_key(name):
    old, new, expected = CASES[name]
    with pytest.raises(SpecError) as info:
        parse_spec(_mutated(old, new), FILE)
    message = str(info.value)
    assert message.startswith(f"格式声明 {FILE}，") or message.startswith(f"格式声明 {FILE}：")
    for part in expected:
        assert part in message, message
    assert isinstance(info.value, UserError)


def test_the_message_suggests_the_name_meant():
    with pytest.raises(SpecError) as info:
        parse_spec(_mutated('limit_row = "new"', 'limit_rwo = "new"'), FILE)
    expected = "格式声明 gov_info_annual_2021.toml，规则 T3-CARRY-PLAUS：未知参数 “limit_rwo”（是否为 “limit_row”？）"
    assert str(info.value) == expected
    assert (info.value.source, info.value.where) == (FILE, "规则 T3-CARRY-PLAUS")
    assert info.value.detail.startswith("未知参数 “limit_rwo”")


def test_source_is_optional():
    with pytest.raises(SpecError, match=r"^格式声明，规则 T3-BAL："):
        parse_spec(_mutated(*CASES["misspelt parameter"][:2]))


@pytest.mark.parametrize("edition", sorted(BUILTIN_FILES))
def test_both_shipped_declarations_load_unchanged(edition):
    """The loaded model equals the snapshot taken before the declarations were restructured."""
    snapshot = json.loads((SNAPSHOTS / f"{edition}.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(dump(load_spec(edition)), ensure_ascii=False)) == snapshot


def test_every_rule_kind_has_a_parameter_class_and_a_check():
    assert set(PARAMS) == set(KINDS) | set(CROSS_YEAR_KINDS)
    assert not set(KINDS) & set(CROSS_YEAR_KINDS)
