"""The 2021 declaration matches the official format (reference §2.3–2.5) and loads strictly."""

from __future__ import annotations

import pytest

from app.spec import edition_for_year, load_spec
from app.spec.loader import SpecError, parse_spec


@pytest.fixture(scope="module")
def spec():
    return load_spec("2021")


def test_six_sections_in_official_order(spec):
    assert [s.heading for s in spec.sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [f.title for f in spec.section("s1").fields if f.heading] == [
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ]


def test_table_two_has_ten_input_cells_in_four_blocks(spec):
    blocks = spec.section("s2").blocks
    assert [b.title for b in blocks] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert sum(len(b.rows) * len(b.columns) for b in blocks) == 10
    assert [c.label for c in blocks[0].columns] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    fee = blocks[3]
    assert fee.columns[0].label == "本年收费金额（单位：万元）"
    assert fee.value_type.kind == "decimal" and fee.value_type.unit == "万元"


def test_table_three_layout(spec):
    t3 = spec.block("t3")
    assert len(t3.rows) == 25 and len(t3.columns) == 7
    assert [c.label for c in t3.columns] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert t3.label_depth == 3 and t3.header_depth == 3
    assert t3.corner == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert sum(1 for r in t3.rows if r.path[0] == "三、本年度办理结果") == 22
    assert t3.row("withheld_security").label == "3.危及“三安全一稳定”"
    assert t3.row("withheld_law").label == "2.其他法律行政法规禁止公开"
    assert t3.row("partial").label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_table_four_has_three_groups_of_five(spec):
    t4 = spec.block("t4")
    assert len(t4.columns) == 15 and t4.label_depth == 0
    groups = [c.path[:-1] for c in t4.columns]
    assert groups[0] == ("行政复议",)
    assert groups[5] == ("行政诉讼", "未经复议直接起诉") and groups[10] == ("行政诉讼", "复议后起诉")
    assert [c.label for c in t4.columns[:5]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_computed_cells_are_the_totals(spec):
    computed = set(spec.computed_cells)
    assert len(spec.cells) == 200
    # 表三: the 总计 column (25) plus （七）总计 for the 6 other columns; 表四: three 总计.
    assert len(computed) == 25 + 6 + 3
    assert "t3.result_total.natural" in computed and "t3.new.total" in computed
    assert "t4.cases.after_total" in computed and "t4.cases.after_pending" not in computed


def test_every_cell_id_is_stable_ascii(spec):
    for ref in spec.cells:
        assert ref.isascii() and ref.count(".") == 2


def test_edition_follows_year():
    assert edition_for_year(2024) == "2021"


BASE = """
[report]
edition = "x"
name = "x"
title_suffix = "x"
first_year = 2000
[value_types.count]
kind = "integer"
unit = "件"
[[metadata]]
id = "agency"
label = "机关"
kind = "text"
[[sections]]
id = "s1"
number = "一"
title = "t"
kind = "text"
[[sections.fields]]
id = "f1"
title = "t"
"""


def test_loader_accepts_minimal_declaration():
    spec = parse_spec(BASE)
    assert spec.text_fields["f1"].section_id == "s1"


@pytest.mark.parametrize(
    "extra",
    [
        "[typo]\na = 1\n",  # unknown top-level key
        '[[rules]]\nid = "R"\nkind = "fields_required"\nseverity = "warning"\nmessage = "m"\nfields = ["nope"]\n',
        '[[rules]]\nid = "R"\nkind = "fee_notice"\nseverity = "warning"\nmessage = "m"\ncell = "t9.x.y"\n'
        'field = "f1"\nkeywords = []\n',
        '[rule_severity]\n"T9" = "error"\n',
    ],
)
def test_loader_rejects_mistakes(extra):
    with pytest.raises(SpecError):
        parse_spec(BASE + extra)


def test_label_variants_are_declared_on_the_items_they_belong_to(spec):
    t3 = spec.block("t3")
    assert t3.row("withheld_law").variants == ("2.其他法律法规禁止公开", "2.其他法律、行政法规禁止公开")
    assert spec.section("s5").variants == ("政府信息公开工作存在的主要问题及改进情况",)
    assert load_spec("2019").section("s5").variants == ("存在的主要问题及改进情况",)
    assert spec.block("t2_8").column("amount").variants[-1] == "本年收费金额"
    assert t3.row("new").variants == ()
