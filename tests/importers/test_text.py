"""Importing published reports from text: the sample, pdftotext output, portal pages that ran together."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.importers.common import ProblemKind
from app.importers.text import import_text, read_text_file
from app.importers.text.cells import Token, complete_row, split_cells
from app.labels import Candidate, best_match, label_key, similarity
from app.persistence import dumps, load, loads
from app.rules import validate
from app.spec import load_spec
from tests.importers.conftest import DATA, SAMPLES

JIANXI = DATA / "jianxi-zwfw-2022.txt"
HUAIAN = DATA / "huaian-city-2024.pdftotext-layout.txt"
HONGZE = DATA / "hongze-district-2023.pdftotext-layout.txt"  # pdftotext -layout of the published PDF
PINGTAN_2021 = DATA / "pingtan-2021.page.txt"
PINGTAN_2022 = DATA / "pingtan-2022.page.txt"


def _tokens(*texts: str) -> list[Token]:
    return [Token(t, Decimal(t) if t[0].isdigit() else None, i) for i, t in enumerate(texts)]


# --------------------------------------------------------------------------- label core
def test_label_key_ignores_widths_spaces_quotes_and_numbering() -> None:
    assert label_key("1、属于国家秘密") == label_key("1. 属于国家秘密") == label_key("1．属于国家秘密")
    assert label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == label_key(
        "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)"
    )
    assert label_key("3.危及“三安全一稳定”") == label_key('3.危及"三安全一稳定"')


def test_best_match_accepts_known_variants_and_refuses_bare_numbers() -> None:
    law = load_spec("2021").block("t3").row("withheld_law")
    cands = [Candidate("law", (law.label,), law.variants), Candidate("misc", ("3.其他",))]
    hit = best_match("2、其他法律法规禁止公开", cands)
    assert hit is not None and hit.ident == "law" and not hit.exact
    assert best_match("其他", cands) is None  # the column 其他 is not the row 3.其他
    assert similarity("其他法律行政止公开", "其他法律行政法规禁止公开") > 0.8


# --------------------------------------------------------------------------- splitting cells
def test_run_together_digits_split_only_when_forced() -> None:
    assert split_cells(_tokens("0000000"), 7)[0] == [Decimal(0)] * 7
    assert split_cells(_tokens("500000", "5"), 7)[0] == [Decimal(5), *[Decimal(0)] * 5, Decimal(5)]
    assert split_cells(_tokens("640020470"), 7)[0] is None  # 64,0,0,2,0,4,70 or 6,4,0,0,20,4,70 …
    assert split_cells(_tokens("693665"), 3)[0] is None


def test_six_numbers_for_seven_columns_only_when_every_reading_agrees() -> None:
    zeros = [Decimal(0)] * 6
    assert complete_row(zeros) == [Decimal(0)] * 7
    assert complete_row([Decimal(3), *[Decimal(0)] * 4, Decimal(3)]) is None


# --------------------------------------------------------------------------- the sample report
def test_sample_text_gives_exactly_its_numbers_and_texts() -> None:
    result = import_text(read_text_file(str(JIANXI)))
    doc = result.document
    ref = load(SAMPLES / "jianxi-zwfw-2022.json")
    assert doc.meta["agency"] == "涧西区政务服务和大数据管理局" and doc.year == 2022
    for cell in doc.spec.cells:
        assert doc.value(cell) == ref.value(cell), cell
    assert doc.texts == ref.texts
    assert not result.unreadable
    # the broken columns are reported once, with the lines they come from
    short = [p for p in result.problems if "只有6个数字" in p.message]
    assert len(short) == 1 and short[0].source == "第59行至第81行" and short[0].line == 59
    # rows 一 and 二 printed their 总计: kept as stated
    assert doc.stated["t3.new.total"] == 0
    assert doc.source_labels == {"row:t3.withheld_law": "2.其他法律法规禁止公开"}
    rules = {i.rule for i in validate(doc)}
    assert "STR-LABELS" in rules and "TXT-03" in rules


def test_pdftotext_layout_of_a_published_pdf() -> None:
    result = import_text(read_text_file(str(HUAIAN)))
    doc = result.document
    ref = load(SAMPLES / "huaian-city-2024.json")
    assert doc.meta["agency"] == "淮安市人民政府" and doc.year == 2024
    for cell in doc.spec.cells:
        assert doc.value(cell) == ref.value(cell), cell
    assert doc.stated["t3.result_total.total"] == 3050
    assert not result.unreadable
    assert doc.meta["contact_postcode"] == "223001" and doc.meta["contact_email"] == "hazwgkc@163.com"
    assert doc.texts["s1_active"].startswith("2024年，市政府网站主动公开各类政府信息5500余条")
    assert doc.texts["s6_main"].endswith("信息处理费3940元。")
    assert "\n" not in doc.texts["s1_intro"]  # wrapped lines are joined into one paragraph


def test_cells_that_ran_together_are_reported_not_guessed() -> None:
    result = import_text(read_text_file(str(PINGTAN_2021)))
    doc = result.document
    assert doc.meta["agency"] == "平潭综合实验区" and doc.year == 2021
    # 行政规范性文件 "693665" (no total) and （一）予以公开 "270020130" (several readings) cannot be split
    for ref in ("t2_1.normative.issued", "t3.disclosed.natural", "t3.unable_not_held.natural"):
        assert doc.value(ref) is None or doc.is_computed(ref)
        assert any(ref in p.refs for p in result.unreadable), ref
    shown = " ".join(p.message for p in result.unreadable)
    for digits in ("693665", "270020130", "220000325"):
        assert f"“{digits}”" in shown
    # 一、本年新收 "640020470", （七）总计 "630020469" and 表四 have one reading each: 推定, not unreadable
    for digits in ("640020470", "630020469", "10203120001200000"):
        assert f"“{digits}”" not in shown
        assert any(f"推定。原文“{digits}”" in p.message for p in result.problems if p.kind is ProblemKind.CHECK)
    assert doc.cells["t3.new.natural"] == 64 and doc.stated["t3.new.total"] == 70
    assert {"t3.new.natural", "t3.new.total", "t4.cases.review_upheld"} <= doc.inferred.keys()
    assert all(p.source.startswith("第10行第") for p in result.unreadable)
    # forced splits are read and flagged for review
    assert doc.cells["t3.partial.natural"] == 5 and doc.stated["t3.partial.total"] == 5
    assert any("连在一起" in p.message and p.kind is ProblemKind.CHECK for p in result.problems)
    assert doc.cells["t2_5.license.decisions"] == 2293
    assert doc.texts["s6_main"] == "2021年，无收取信息处理费情况。"


def test_typo_in_a_section_heading_is_kept_for_str_labels() -> None:
    doc = import_text(read_text_file(str(PINGTAN_2022))).document
    assert doc.source_labels["section:s4"] == "四、政府信息公开行政法复议、行政诉讼情况"
    assert [i for i in validate(doc) if i.rule == "STR-LABELS"]
    assert doc.cells["t4.cases.review_corrected"] == 1 and doc.stated["t4.cases.review_total"] == 2


# --------------------------------------------------------------------------- editions
def test_2019_format_report_imports_in_its_own_edition() -> None:
    result = import_text(read_text_file(str(DATA / "liuhe-tj-2020.txt")))
    doc = result.document
    assert doc.spec.edition == "2019" and doc.year == 2020
    assert doc.cells["t2_5.other_service.change"] == -1
    assert doc.cells["t2_9.procurement.total_amount"] == Decimal("86.5")
    assert doc.cells["t3.other.natural"] == 1 and doc.stated["t3.result_total.total"] == 17
    assert not result.unreadable and not doc.foreign_cells
    rules = {i.rule for i in validate(doc)}
    assert not rules & {"FMT-T3-ROWSET", "T3-BAL", "T3-RESULT-SUM", "NUM-INT", "STR-LABELS"}
    assert loads(dumps(doc)).cells == doc.cells


def test_2019_single_other_row_in_a_2023_report_is_kept_and_reported() -> None:
    text = read_text_file(str(JIANXI)).replace("2022", "2023")
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "1.申请人无正当理由" in ln)
    lines[start : start + 3] = ["\t(六) 其他处理\t\t4\t0\t0\t0\t0\t0\t4"]
    result = import_text("\n".join(lines))
    doc = result.document
    assert doc.spec.edition == "2021"
    assert doc.foreign_cells["2019:t3.other.natural"] == 4
    assert doc.foreign_cells["2019:t3.other.total"] == 4
    assert doc.cells["t3.other_misc.natural"] is None
    # said once, not as 21 unreadable cells: the import is not failed for it
    assert not result.unreadable
    [said] = [p for p in result.problems if "2019版" in p.message]
    assert said.kind is ProblemKind.CHECK and "“3.其他”" not in said.message
    assert "“（六）其他处理 3.其他”" in said.message
    assert len(said.refs) == 21 and said.source == f"第{start + 1}行"
    issues = [i for i in validate(doc) if i.rule == "FMT-T3-ROWSET"]
    assert len(issues) == 1 and "自然人 4" in issues[0].message
    assert loads(dumps(doc)).foreign_cells == doc.foreign_cells


def test_not_a_report_is_refused() -> None:
    from app.importers.common import SourceError

    with pytest.raises(SourceError):
        import_text("这是一份会议纪要。\n一、会议议程\n二、讨论事项")


def test_two_reports_in_one_file_import_only_the_first_and_say_where_the_second_starts() -> None:
    text = read_text_file(str(JIANXI))
    single = import_text(text).document
    joined = text + "\n\n" + text.replace("2022", "2023")
    both = import_text(joined)
    assert both.document.texts == single.texts  # 六 does not swallow the second report
    assert both.document.cells == single.cells
    [second] = [p for p in both.unreadable if "另一份年度报告" in p.message]
    assert second.line == joined[: joined.index("2023年政府信息公开工作年度报告")].count("\n") + 1  # its title


def test_a_heading_quoted_in_section_six_does_not_cut_it() -> None:
    text = (
        "某某局2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作情况。\n五、存在的主要问题及改进情况\n"
        "问题和改进。\n六、其他需要报告的事项\n如前文一、总体情况所述，未收取信息处理费。\n"
    )
    result = import_text(text)
    assert "未收取信息处理费" in result.document.texts["s6_main"]
    assert not [p for p in result.problems if "另一份年度报告" in p.message]


def test_a_subheading_without_its_declared_words_is_listed_for_review() -> None:
    text = (
        "某某局2024年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n公开了文件。\n（二）政府信息管理\n"
        "规范了目录。\n五、存在的主要问题及改进情况\n问题和改进。\n六、其他需要报告的事项\n无。\n"
    )
    result = import_text(text)
    assert result.document.texts["s1_request"] == "规范了目录。"
    words = load_spec("2021").text_fields["s1_request"].heading_words
    assert words == ("依申请",)
    [check] = [p for p in result.problems if "小标题" in p.message and "已作为" in p.message]
    assert check.refs == ("text.s1_request",) and "“政府信息管理”" in check.message


# --------------------------------------------------------------------------- real reports (issue: silent changes)
def _line_of(text: str, fragment: str) -> int:
    """The line an editor shows for ``fragment`` (form feeds do not start lines)."""
    return text[: text.index(fragment)].count("\n") + 1


def test_a_typo_in_a_row_label_keeps_that_row_and_its_neighbour() -> None:
    # 洪泽 2023 prints "2.其他法律行政止公开": that row and 1.属于国家秘密 above it were lost (14 cells)
    text = read_text_file(str(HONGZE))
    result = import_text(text)
    doc = result.document
    assert doc.cells["t3.withheld_secret.natural"] == 1 and doc.stated["t3.withheld_secret.total"] == 1
    assert all(doc.cells[f"t3.withheld_law.{c}"] == 0 for c in ("natural", "commercial", "other"))
    assert doc.source_labels["row:t3.withheld_law"] == "2.其他法律行政止公开"
    [check] = [p for p in result.problems if "2.其他法律行政止公开" in p.message]
    assert check.kind is ProblemKind.CHECK and check.line == _line_of(text, "2.其他法律行政止公开")
    rules = {i.rule for i in validate(doc)}
    assert "STR-LABELS" in rules
    assert not rules & {"T3-RESULT-SUM", "T3-BAL", "T3-ROW-TOTAL"}  # the published report has none
    assert not result.unreadable


def test_the_2019_other_row_of_a_real_2023_report_is_said_once_on_its_own_line() -> None:
    text = read_text_file(str(HONGZE))
    result = import_text(text)
    [said] = [p for p in result.problems if "2019版" in p.message]
    assert said.line == _line_of(text, "（六）其他处理")
    assert result.document.foreign_cells["2019:t3.other.total"] == 0


def test_line_numbers_do_not_count_form_feeds() -> None:
    text = read_text_file(str(HONGZE))
    assert text.count("\f") == 5
    result = import_text(text)
    for problem in result.problems:
        if problem.line is not None:
            assert problem.source == f"第{problem.line}行"
    # the first problem after the page break of page 3 names the line an editor shows
    [said] = [p for p in result.problems if "2019版" in p.message]
    assert text.split("\n")[said.line - 1].strip().startswith("（六）其他处理")


def test_a_numbered_label_that_names_no_row_never_merges_into_its_neighbour() -> None:
    text = read_text_file(str(JIANXI))
    garbled = text.replace("2.没有现成信息需要另行制作", "2.甲乙丙丁戊己庚辛")
    assert garbled != text
    result = import_text(garbled)
    doc = result.document
    original = import_text(text).document
    # the row above keeps its own numbers, the row below too
    for row in ("unable_not_held", "unable_unclear"):
        for col in ("natural", "total"):
            ref = f"t3.{row}.{col}"
            assert doc.value(ref) == original.value(ref), ref
    assert doc.cells["t3.unable_not_existing.natural"] is None
    [stray] = [p for p in result.unreadable if "2.甲乙丙丁戊己庚辛" in p.message]
    assert "对应不到格式中的任何一行" in stray.message
    assert any("2.没有现成信息需要另行制作" in p.message for p in result.unreadable)


@pytest.mark.parametrize(
    ("printed", "stored"),
    [("251000元", Decimal("25.1")), ("２５１０００元", Decimal("25.1")), ("3千元", Decimal("0.3")), ("1.2亿元", 12000)],
)
def test_a_unit_printed_in_a_fee_cell_is_converted_and_listed(printed: str, stored: Decimal) -> None:
    # 上海 2019 printed 采购总金额 "251000元" in a 万元 column: it was stored 10,000 times too large
    text = read_text_file(str(JIANXI)).replace("行政事业性收费\t0", f"行政事业性收费\t{printed}")
    result = import_text(text)
    assert result.document.cells["t2_8.fee.amount"] == stored
    [said] = [p for p in result.problems if p.refs == ("t2_8.fee.amount",)]
    assert said.kind is ProblemKind.CHECK and printed.replace("２５１０００", "251000") in said.message
    assert "已换算为本栏单位" in said.message and said.line == 48


def test_a_unit_that_does_not_convert_leaves_the_cell_blank_and_listed() -> None:
    text = read_text_file(str(JIANXI))
    needs_five_decimals = import_text(text.replace("行政事业性收费\t0", "行政事业性收费\t1.5元"))
    assert needs_five_decimals.document.cells["t2_8.fee.amount"] is None
    [said] = [p for p in needs_five_decimals.unreadable if p.refs == ("t2_8.fee.amount",)]
    assert "“1.5元”" in said.message and "5位小数" in said.message
    new_row = "本年新收政府信息公开申请数量\t\t"
    money_in_a_count = import_text(text.replace(new_row + "0", new_row + "3万元"))
    doc = money_in_a_count.document
    assert doc.cells["t3.new.natural"] is None and doc.cells["t3.new.commercial"] == 0
    [said] = [p for p in money_in_a_count.unreadable if p.refs == ("t3.new.natural",)]
    assert "“3万元”" in said.message and "以件计" in said.message


def test_the_column_unit_printed_in_a_cell_is_accepted_silently() -> None:
    text = read_text_file(str(JIANXI)).replace("行政事业性收费\t0", "行政事业性收费\t2.5万元")
    result = import_text(text)
    assert result.document.cells["t2_8.fee.amount"] == Decimal("2.5")
    assert not [p for p in result.problems if p.refs == ("t2_8.fee.amount",)]


# --------------------------------------------------------------------------- narrative: nothing cut
PINGTAN_2023 = DATA / "pingtan-2023.page.txt"


def test_a_heading_run_into_its_text_keeps_the_text() -> None:
    # 平潭 2023: "（一）主动公开。2023年，平潭…" lost its first 20–24 characters
    text = read_text_file(str(PINGTAN_2023))
    changed = text.replace("（一）主动公开方面平潭", "（一）主动公开。2023年，平潭").replace(
        "（二）依申请公开方面持续", "（二）依申请公开：2023年持续"
    )
    assert changed.count("2023年，平潭综合实验区切实") == 1
    doc = import_text(changed).document
    assert doc.texts["s1_active"].startswith("2023年，平潭综合实验区切实落实")
    assert doc.texts["s1_request"].startswith("2023年持续强化服务理念")


def test_a_heading_of_other_words_run_into_its_text_is_kept_whole_and_listed() -> None:
    text = read_text_file(str(PINGTAN_2023))
    changed = text.replace("（三）政府信息管理方面进一步规范", "（三）进一步规范")
    result = import_text(changed)
    assert result.document.texts["s1_manage"].startswith("进一步规范信息发布全流程")
    [said] = [p for p in result.problems if p.refs == ("text.s1_manage",)]
    assert said.kind is ProblemKind.CHECK and "无法确定小标题到哪里结束" in said.message


@pytest.mark.parametrize(
    "opening",
    [
        "依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级要求，本局编制本年度报告。",
        "本年度报告依照《条例》编制，由概述、主动公开等部分组成。",
        "现将我局2022年政府信息公开工作情况报告如下。本报告中所列数据的统计期限自2022年1月1日起。",
    ],
)
def test_the_preamble_is_kept_whole(opening: str) -> None:
    # 沭阳 2025 lost "依据《中华人民共和国政府信息公开条例》…", 上海 2019 and 2025 lost "本年度报告…"
    text = read_text_file(str(JIANXI)).replace("年度报告\n\n一、总体情况", f"年度报告\n\n{opening}\n\n一、总体情况", 1)
    assert opening in text
    assert import_text(text).document.meta["preamble"] == opening


def test_markdown_and_ocr_marks_are_stripped() -> None:
    text = read_text_file(str(JIANXI))
    marked = (
        text.replace("涧西区政务服务和大数据管理局2022", "# 涧西区政务服务和大数据管理局2022", 1)
        .replace("\n一、总体情况", "\n### 一、总体情况", 1)
        .replace("我局不涉及依申请公开事项。", "**我局**不涉及依申请公开事项。###")
    )
    doc = import_text(marked).document
    reference = import_text(text).document
    assert doc.meta["agency"] == "涧西区政务服务和大数据管理局"
    assert doc.texts == reference.texts
    assert all(doc.value(cell) == reference.value(cell) for cell in doc.spec.cells)
