"""An edition stated as differences from another (`extends`): merged by id, strictly, from any resolver."""

from __future__ import annotations

import copy
import re

import pytest

from app.spec import load_spec
from app.spec.builtin import builtin_declaration
from app.spec.loader import SpecError, merge, parse_spec, read_declaration
from app.spec.model import ReportSpec, Severity

PACK = "pack.toml"


def _parse(text: str) -> ReportSpec:
    return parse_spec('extends = "2021"\n' + text, PACK)


def _refused(text: str, *parts: str) -> SpecError:
    with pytest.raises(SpecError) as caught:
        _parse(text)
    message = str(caught.value)
    assert message.startswith(f"格式声明 {PACK}，"), message
    for part in parts:
        assert part in message, message
    return caught.value


def test_the_2019_declaration_states_only_what_differs():
    text, _ = builtin_declaration("2019")
    full, _ = builtin_declaration("2021")
    assert text.startswith("#") and 'extends = "2021"' in text
    assert len(text.splitlines()) < len(full.splitlines()) / 2


def test_an_override_changes_a_severity_and_keeps_everything_else():
    spec = _parse('[[rules]]\nid = "T3-CARRY-PLAUS"\nseverity = "error"\n')
    base = load_spec("2021")
    rule = next(r for r in spec.rules if r.id == "T3-CARRY-PLAUS")
    assert rule.severity is Severity.ERROR
    assert [r.id for r in spec.rules] == [r.id for r in base.rules]
    assert rule.params == next(r for r in base.rules if r.id == "T3-CARRY-PLAUS").params
    assert spec.edition == "2021" and spec.cells.keys() == base.cells.keys()


def test_a_nested_row_override_adds_a_label_variant():
    spec = _parse(
        '[[sections]]\nid = "s3"\n[[sections.blocks]]\nid = "t3"\n'
        'rows = [{ id = "partial", variants = ["（二）部分公开", "（二）部分公开（区分处理）"] }]\n'
    )
    row = next(r for r in spec.block("t3").rows if r.id == "partial")
    assert row.variants == ("（二）部分公开", "（二）部分公开（区分处理）")
    assert row.path[-1].startswith("（二）部分公开（区分处理的")  # the path is the base's


def test_after_before_remove_and_replace():
    spec = _parse(
        '[[metadata]]\nid = "fax"\nafter = "contact_phone"\nlabel = "传真"\nkind = "text"\n'
        '[[metadata]]\nid = "unit_code"\nbefore = "agency"\nlabel = "单位代码"\nkind = "text"\n'
        '[[metadata]]\nid = "download_url"\nremove = true\n'
        '[[metadata]]\nid = "preamble"\nreplace = true\nlabel = "前言"\nkind = "text"\n'
    )
    ids = [m.id for m in spec.metadata]
    assert ids[0] == "unit_code" and ids[ids.index("contact_phone") + 1] == "fax"
    assert "download_url" not in ids
    preamble = next(m for m in spec.metadata if m.id == "preamble")
    assert preamble.kind == "text" and preamble.hint == ""  # replaced whole: the base's hint is gone


def test_an_existing_item_placed_elsewhere_moves():
    spec = _parse('[[rules]]\nid = "X-SAME-DATA"\nbefore = "META-REQ"\n')
    assert spec.rules[0].id == "X-SAME-DATA"
    assert [r.id for r in spec.rules].count("X-SAME-DATA") == 1


def test_a_table_entry_is_removed_or_merged():
    spec = _parse('[value_types.count]\nunit = "个"\n')
    assert spec.value_types["count"].unit == "个" and spec.value_types["count"].kind == "integer"
    _refused("[value_types.fee]\nremove = true\n", "表块 t2_8", "未知值类型 “fee”")  # still used by t2_8


@pytest.mark.parametrize(
    "text, parts",
    [
        ('[[rules]]\nid = "T3-BALL"\nseverity = "info"\n', ["所依据的格式中没有规则 “T3-BALL”", "T3-BAL", "after"]),
        ('[[rules]]\nid = "T3-BALL"\nremove = true\n', ["所依据的格式中没有规则 “T3-BALL”"]),
        (
            '[[sections]]\nid = "s3"\n[[sections.blocks]]\nid = "t3"\nrows = [{ id = "parital", variants = [] }]\n',
            ["部分 s3 的表块 t3", "没有行 “parital”", "partial"],
        ),
        (
            '[[metadata]]\nid = "fax"\nafter = "contact_fone"\nlabel = "传真"\nkind = "text"\n',
            ["未知基本信息项 “contact_fone”"],
        ),
        ('[[rules]]\nid = "TXT-01"\nremove = "yes"\n', ["规则 TXT-01", "“remove”只能写 true"]),
        ('[[rules]]\nid = "TXT-01"\nremove = true\nseverity = "info"\n', ["删除时只写"]),
        ('[[rules]]\nid = "TXT-01"\nremove = true\nafter = "META-REQ"\n', ["不能同时使用"]),
        ("[value_types.money]\nremove = true\n", ["“money”在所依据的格式中不存在"]),
        ('[[rules]]\nseverity = "info"\n', ["应写明 “id”"]),
        (
            '[[rules]]\nid = "T3-BAL"\nseverty = "info"\n',
            ["规则 T3-BAL", "未知参数 “severty”"],
        ),  # the merged result is strict
    ],
)
def test_an_override_naming_what_the_base_lacks_is_refused(text: str, parts: list[str]):
    _refused(text, *parts)


def test_an_unknown_base_edition_and_a_cycle_are_refused():
    with pytest.raises(SpecError, match=re.escape("格式声明 pack.toml，顶层：“extends”：未知的格式版本 “2012”")):
        parse_spec('extends = "2012"\n', PACK)
    with pytest.raises(SpecError, match="“extends”应为所依据的格式版本"):
        parse_spec("extends = 2021\n", PACK)
    texts = {
        "a": ('extends = "b"\n[report]\nedition = "a"\n', "a.toml"),
        "b": ('extends = "a"\n[report]\nedition = "b"\n', "b.toml"),
        "self": ('extends = "self"\n', "self.toml"),
    }
    with pytest.raises(
        SpecError, match=re.escape("格式声明 b.toml，顶层：“extends”形成循环：a.toml → b.toml → a.toml")
    ):
        parse_spec(*texts["a"], resolve=texts.__getitem__)
    with pytest.raises(SpecError, match=re.escape("形成循环：self.toml → self.toml")):
        parse_spec(*texts["self"], resolve=texts.__getitem__)


def test_an_adjusted_edition_may_keep_its_base_name():
    spec = parse_spec('extends = "2021"\n[report]\nedition = "2021"\nname = "某省调整"\n', PACK)
    assert (spec.edition, spec.name) == ("2021", "某省调整")


def test_a_resolver_serves_bases_other_than_the_shipped_ones():
    bases = {
        "2021": builtin_declaration("2021"),
        "local": ('extends = "2021"\n[report]\nedition = "local"\n', "l.toml"),
    }
    spec = parse_spec('extends = "local"\n[report]\nname = "某省格式"\n', PACK, resolve=bases.__getitem__)
    assert (spec.edition, spec.name) == ("local", "某省格式")


def test_merge_changes_neither_argument():
    base = read_declaration(*builtin_declaration("2021"))
    before = copy.deepcopy(base)
    override = {"rules": [{"id": "TXT-01", "remove": True}], "report": {"edition": "x"}}
    kept = copy.deepcopy(override)
    merged = merge(base, override, PACK)
    assert base == before and override == kept
    assert "TXT-01" not in [r["id"] for r in merged["rules"]] and merged["report"]["edition"] == "x"
