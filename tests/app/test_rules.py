"""Every single-report rule of reference §3 fires on a failing report and stays quiet on a passing one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.document import ReportDocument
from app.rules import Severity, has_errors, validate


def rules_of(doc: ReportDocument) -> set[str]:
    return {i.rule for i in validate(doc)}


def only(doc: ReportDocument, rule: str):
    return [i for i in validate(doc) if i.rule == rule]


def test_consistent_report_has_no_issue(zeros):
    assert validate(zeros) == []


def test_samples_have_no_errors(huaian, jianxi):
    assert not has_errors(validate(huaian))
    assert not has_errors(validate(jianxi))


def test_sample_warnings_are_the_known_ones(huaian, jianxi):
    # 淮安's transcription abbreviates 监督保障; 涧西 says "没有问题" and is silent on the fee.
    assert rules_of(huaian) == {"TXT-02"}
    assert rules_of(jianxi) == {"TXT-03", "TXT-04"}


def test_t3_balance_names_both_sides_and_the_difference(zeros):
    zeros.apply({"t3.new.natural": Decimal(12), "t3.disclosed.natural": Decimal(10)})
    [issue] = only(zeros, "T3-BAL")
    assert issue.severity is Severity.ERROR
    assert "第一项+第二项=12，第三项+第四项=10，相差2" in issue.message
    assert "自然人" in issue.location
    assert set(issue.refs) == {
        "t3.new.natural",
        "t3.carried.natural",
        "t3.result_total.natural",
        "t3.carry_forward.natural",
    }
    assert (issue.left, issue.right, issue.difference) == (12, 10, 2)


def test_t3_balance_checks_every_column_without_echoing_in_the_total(zeros):
    zeros.apply({"t3.carried.other": Decimal(1), "t3.new.commercial": Decimal(2)})
    assert {i.key for i in only(zeros, "T3-BAL")} == {"T3-BAL@other", "T3-BAL@commercial"}


def test_t3_balance_reports_a_total_column_that_fails_on_its_own(zeros):
    zeros.apply({"t3.new.total": Decimal(1)})  # a stated total, as imported from a published report
    assert {i.key for i in only(zeros, "T3-BAL")} == {"T3-BAL@total"}


def test_stated_row_total_that_disagrees_is_an_error(zeros):
    zeros.apply({"t3.new.natural": Decimal(5), "t3.disclosed.natural": Decimal(5), "t3.new.total": Decimal(6)})
    [issue] = only(zeros, "T3-ROW-TOTAL")
    assert "填报值=6，各项之和=5，相差1" in issue.message
    assert issue.refs[0] == "t3.new.total"


def test_stated_result_total_that_disagrees_is_an_error(zeros):
    # 洪泽 2023 kind of error: details add to 11, the printed total says 0.
    zeros.apply({"t4.cases.review_upheld": Decimal(10), "t4.cases.review_corrected": Decimal(1)})
    zeros.apply({"t4.cases.review_total": Decimal(0)})
    [issue] = only(zeros, "T4-SUM")
    assert issue.left == 0 and issue.right == 11
    zeros.apply({"t3.disclosed.natural": Decimal(2), "t3.new.natural": Decimal(2)})
    zeros.apply({"t3.result_total.natural": Decimal(3)})
    assert any(i.key == "T3-RESULT-SUM@t3.result_total.natural" for i in only(zeros, "T3-RESULT-SUM"))


def test_integer_rule_catches_imported_fractions_and_negatives(zeros):
    zeros.apply({"t2_5.license.decisions": Decimal("2.5"), "t2_6.penalty.decisions": Decimal(-1)})
    assert {i.refs[0] for i in only(zeros, "NUM-INT")} == {"t2_5.license.decisions", "t2_6.penalty.decisions"}


def test_blank_cells_are_reported_once_per_block(zeros):
    zeros.apply({"t3.new.natural": None, "t3.new.commercial": None, "t4.cases.review_upheld": None})
    issues = only(zeros, "NUM-NO-BLANK")
    assert len(issues) == 2
    t3 = next(i for i in issues if i.section == "s3")
    assert set(t3.refs) == {"t3.new.natural", "t3.new.commercial"} and "等2个单元格" in t3.message


def test_not_applicable_is_not_blank(zeros):
    from app.values import NA

    zeros.apply({"t2_8.fee.amount": NA})
    assert only(zeros, "NUM-NO-BLANK") == []


@pytest.mark.parametrize(
    ("amount", "decimals", "fragment"),
    [("1.23456", 4, "5位小数"), ("12.345", 2, "3位小数"), ("250000", 4, "误按“元”填写"), ("-1", 4, "不小于0")],
)
def test_fee_rule(zeros, amount, decimals, fragment):
    zeros.fee_decimals = decimals
    zeros.apply({"t2_8.fee.amount": Decimal(amount)})
    [issue] = only(zeros, "NUM-FEE")
    assert fragment in issue.message and issue.severity is Severity.WARNING


def test_carry_over_larger_than_intake_is_a_warning(zeros):
    zeros.apply({"t3.carried.natural": Decimal(5), "t3.carry_forward.natural": Decimal(5)})
    [issue] = only(zeros, "T3-CARRY-PLAUS")
    assert issue.severity is Severity.WARNING and "自然人" in issue.location


def test_fee_notice_requires_fee_in_section_six(zeros):
    zeros.apply({"t3.new.natural": Decimal(1), "t3.other_fee_unpaid.natural": Decimal(1)})
    zeros.texts["s1_request"] = "本年度收到申请1件。"
    zeros.texts["s6_main"] = "无其他需要报告的事项。"
    assert "FEE-NOTICE" in rules_of(zeros)
    zeros.texts["s6_main"] = "本年度发出信息处理费收费通知1件，金额100元，申请人未缴纳。"
    assert "FEE-NOTICE" not in rules_of(zeros)


def test_empty_sections_are_errors(zeros):
    zeros.texts["s5_main"] = "  "
    [issue] = only(zeros, "STR-SECTIONS")
    assert issue.severity is Severity.ERROR and issue.refs == ("text.s5_main",)


def test_each_topic_of_section_one(zeros):
    zeros.texts["s1_platform"] = ""
    [issue] = only(zeros, "TXT-01")
    assert issue.refs == ("text.s1_platform",)


def test_government_reports_need_assessment_results(zeros):
    zeros.meta["agency_type"] = "人民政府"
    assert "TXT-02" in rules_of(zeros)
    zeros.texts["s1_supervise"] = "开展年度考核和社会评议，未发生责任追究情况。"
    assert "TXT-02" not in rules_of(zeros)
    zeros.meta["agency_type"] = "政府部门"
    zeros.texts["s1_supervise"] = "加强培训。"
    assert "TXT-02" not in rules_of(zeros)


@pytest.mark.parametrize("text", ["无", "没有问题。", "2022年我局政务公开目前没有问题。"])
def test_section_five_must_name_problems(zeros, text):
    zeros.texts["s5_main"] = text
    assert "TXT-03" in rules_of(zeros)


def test_section_six_fee_statement_and_unit(zeros):
    zeros.texts["s6_main"] = "无其他需要报告的事项。"
    assert "TXT-04" in rules_of(zeros)
    zeros.texts["s6_main"] = "全年收取信息处理费0.394万元。"
    [issue] = only(zeros, "TXT-04")
    assert "元为单位" in issue.message


@pytest.mark.parametrize(
    "text",
    [
        "全年收取信息处理费0.394万元。",
        "信息处理费共计0.12万元。",
        "收取信息处理费3件，金额0.12万元。",
        "收取信息处理费2笔，合计0.05万元。",
    ],
)
def test_fee_statement_flags_a_fee_written_in_wan_yuan(zeros, text):
    zeros.texts["s6_main"] = text
    [issue] = only(zeros, "TXT-04")
    assert "元为单位" in issue.message


@pytest.mark.parametrize(
    "text",
    [
        "全年未收取信息处理费，行政事业性收费96171.6万元。",
        "全年未收取信息处理费\n行政事业性收费96171.6万元。",
        "全年未收取信息处理费，财政拨款96171.6万元。",
        "信息处理费0元，行政事业性收费1.5万元。",
    ],
)
def test_fee_statement_ignores_another_amount_after_the_fee(zeros, text):
    zeros.texts["s6_main"] = text
    assert only(zeros, "TXT-04") == []


def test_narrative_numbers_against_tables(huaian):
    assert only(huaian, "TXT-05") == []
    huaian.texts["s1_request"] = huaian.texts["s1_request"].replace(
        "受理政府信息公开申请3119件", "受理政府信息公开申请3120件"
    )
    [issue] = only(huaian, "TXT-05")
    assert "正文=3120，表格本年新收申请=3119，相差1" in issue.message
    assert "t3.new.total" in issue.refs


def test_no_application_statement(zeros):
    zeros.texts["s1_request"] = "本年度共办理申请若干。"
    assert "TXT-06" in rules_of(zeros)
    zeros.texts["s1_request"] = "我局不涉及依申请公开事项。"
    assert "TXT-06" not in rules_of(zeros)
    zeros.apply({"t3.new.natural": Decimal(1), "t3.disclosed.natural": Decimal(1)})
    assert "TXT-06" in rules_of(zeros)


def test_placeholders_left_are_errors(zeros):
    zeros.texts["s1_active"] = "全年主动公开信息XX条。"
    zeros.meta["contact_phone"] = "××"
    issues = only(zeros, "TXT-07")
    assert {i.refs[0] for i in issues} == {"text.s1_active", "meta.contact_phone"}
    assert all(i.severity is Severity.ERROR for i in issues)


def test_metadata_required(zeros):
    zeros.meta["agency"] = ""
    zeros.meta["year"] = "20x4"
    assert {i.refs[0] for i in only(zeros, "META-REQ")} == {"meta.agency", "meta.year"}


def test_explanations_apply_to_warnings_only(zeros):
    zeros.apply({"t3.carried.natural": Decimal(5), "t3.carry_forward.natural": Decimal(5)})
    zeros.explanations["T3-CARRY-PLAUS@natural"] = "年末集中收到申请，已核实"
    zeros.apply({"t3.new.natural": Decimal(1)})
    zeros.explanations["T3-BAL@natural"] = "试图掩盖错误"
    issues = {i.key: i for i in validate(zeros)}
    assert issues["T3-CARRY-PLAUS@natural"].explained
    assert not issues["T3-BAL@natural"].explained


def test_issues_are_sorted_errors_first(huaian):
    huaian.apply({"t3.new.natural": Decimal(1)})
    severities = [i.severity for i in validate(huaian)]
    assert severities[0] is Severity.ERROR and severities[-1] is Severity.WARNING


@pytest.mark.parametrize("year", [2019, 2020, 2024])
def test_empty_report_of_every_edition_validates(year):
    # The 2019 declaration marks no field of 一 as required; an empty 2020 report used to crash.
    doc = ReportDocument.new("某某局", year)
    issues = validate(doc)
    [s1] = [i for i in issues if i.rule == "STR-SECTIONS" and i.section == "s1"]
    assert s1.refs[0].startswith("text.s1_")


@pytest.mark.parametrize(
    "text",
    [
        "网站地址https://www.example.gov.cn/XXGK/index.html，栏目已调整。",
        "对申请材料待补充的，一次性告知申请人需补正的内容。",
    ],
)
def test_placeholders_ignore_legitimate_text(zeros, text):
    zeros.texts["s1_platform"] = text
    assert only(zeros, "TXT-07") == []


@pytest.mark.parametrize("text", ["20XX年主动公开信息XXX条。", "（待补充）", "待补充", "内容：待补充。"])
def test_placeholders_still_caught(zeros, text):
    zeros.texts["s1_platform"] = text
    assert len(only(zeros, "TXT-07")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "存在的问题：一是公开不够及时。改进措施：加强培训，确保发布信息准确无问题。",
        "一是政策解读质量有待提升，部分历史数据暂无法公开。下一步将加强解读。",
    ],
)
def test_section_five_with_real_problems_is_not_read_as_none(zeros, text):
    zeros.texts["s5_main"] = text
    assert only(zeros, "TXT-03") == []


def test_no_application_statement_about_review_cases_is_not_a_none_statement(huaian):
    huaian.texts["s1_request"] += "全年未收到涉及政府信息公开的行政复议、行政诉讼案件。"
    assert only(huaian, "TXT-06") == []
    huaian.texts["s1_request"] += "本年度未收到政府信息公开申请。"
    assert len(only(huaian, "TXT-06")) == 1


def test_narrative_numbers_ignore_review_applications(huaian):
    huaian.texts["s1_request"] += "受理行政复议申请351件。"
    assert only(huaian, "TXT-05") == []


def test_narrative_numbers_carry_forward_phrasing(huaian):
    huaian.texts["s1_request"] += "结转下年度继续办理100件。"
    [issue] = only(huaian, "TXT-05")
    assert "正文=100，表格结转下年度继续办理=103，相差3" in issue.message
    huaian.texts["s1_request"] = huaian.texts["s1_request"].replace("100件", "103件")
    assert only(huaian, "TXT-05") == []


@pytest.mark.parametrize("typed", ["3 119", "3，119", "3,119", "3\u00a0119", "3\u2009119"])
def test_narrative_numbers_read_thousands_separators(huaian, typed):
    text = huaian.texts["s1_request"]
    assert "受理政府信息公开申请3119件" in text
    huaian.texts["s1_request"] = text.replace("3119件", f"{typed}件")
    assert only(huaian, "TXT-05") == []
    huaian.texts["s1_request"] = text.replace("3119件", f"{typed.replace('119', '120')}件")
    [issue] = only(huaian, "TXT-05")
    assert "正文=3120，表格本年新收申请=3119，相差1" in issue.message


@pytest.mark.parametrize(
    "text",
    [
        "受理申请后均在20个工作日内答复。",
        "予以公开5，20个工作日内答复。",
        "受理申请3，12件。",
        "受理申请3，1190件。",
        "上年结转申请1\n234件。",
    ],
)
def test_narrative_numbers_do_not_join_other_numbers(zeros, text):
    zeros.texts["s1_request"] = text
    assert only(zeros, "TXT-05") == []
