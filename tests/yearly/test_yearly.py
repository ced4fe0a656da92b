"""Next-year projects, the cross-year rules on passing and failing pairs of years, and their commands."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.document import ReportDocument
from app.persistence import load, save
from app.rules import validate
from app.yearly import accept_suggestions, load_previous, next_year, reference_texts, stock_suggestions

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
DATA = ROOT / "tests" / "data"


@pytest.fixture
def huaian() -> ReportDocument:
    return load(SAMPLES / "huaian-city-2024.json")


def _rules(doc: ReportDocument, previous: ReportDocument) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for issue in validate(doc, previous):
        if issue.rule.startswith("X-"):
            out.setdefault(issue.rule, []).append(issue.message)
    return out


def _filled_next(previous: ReportDocument) -> ReportDocument:
    """A plausible next year: different numbers and texts, carry-over and stock consistent."""
    doc = next_year(previous).document
    for ref in doc.spec.input_cells:
        if doc.cells[ref] is None:
            doc.cells[ref] = Decimal(3) if ref.startswith("t3.new") else Decimal(0)
    doc.cells["t2_1.regulation.issued"] = Decimal(2)
    accept_suggestions(doc, stock_suggestions(doc, previous))
    for fid in doc.texts:
        doc.texts[fid] = f"2025年新的工作情况，字段{fid}，内容与上年不同，重点推进政务公开标准化和规范化建设。"
    doc.apply({})
    return doc


# --------------------------------------------------------------------------- next year
def test_next_year_copies_metadata_and_carries_over_column_by_column(huaian: ReportDocument) -> None:
    result = next_year(huaian, SAMPLES / "huaian-city-2024.json", ROOT / "tmp" / "new.json")
    doc = result.document
    assert doc.year == 2025 and doc.meta["agency"] == "淮安市人民政府"
    assert doc.meta["contact_phone"] == huaian.meta["contact_phone"] and doc.meta["scope"] == "本级政府汇总"
    assert doc.meta["period"] == "2025年1月1日至12月31日" and doc.meta["publish_date"] == ""
    assert doc.cells["t3.carried.natural"] == 103 and doc.value("t3.carried.total") == 103
    assert [p.ref for p in result.prefilled] == [
        f"t3.carried.{c}" for c in ("natural", "commercial", "research", "public_interest", "legal", "other")
    ]
    assert all(not t for t in doc.texts.values()) and not doc.meta["preamble"]  # narrative not copied
    assert reference_texts(doc, huaian)["s5_main"] == huaian.texts["s5_main"]
    assert doc.previous_project == "../resources/samples/huaian-city-2024.json"


def test_stock_is_offered_not_written(huaian: ReportDocument) -> None:
    result = next_year(huaian)
    doc = result.document
    assert doc.cells["t2_1.normative.in_force"] is None
    assert [s.value for s in result.suggestions] == [11, 66]
    doc.apply({"t2_1.normative.issued": Decimal(5), "t2_1.normative.repealed": Decimal(2)})
    suggestion = stock_suggestions(doc, huaian)[1]
    assert suggestion.value == 69 and "上年度现行有效66件 + 本年制发5件 − 本年废止2件" in suggestion.describe()
    accept_suggestions(doc, [suggestion])
    assert doc.cells["t2_1.normative.in_force"] == 69


def test_no_stock_is_offered_from_a_cell_an_import_could_not_read(huaian: ReportDocument) -> None:
    huaian.apply({"t2_1.regulation.in_force": None})
    huaian.unread.add("t2_1.regulation.in_force")  # last year's report was imported with this cell unread
    doc = next_year(huaian).document
    assert [s.ref for s in stock_suggestions(doc, huaian)] == ["t2_1.normative.in_force"]
    doc.apply({"t2_1.normative.issued": None})
    doc.unread.add("t2_1.normative.issued")
    assert stock_suggestions(doc, huaian) == []
    doc.apply({"t2_1.normative.issued": Decimal(5)})
    assert [s.value for s in stock_suggestions(doc, huaian)] == [71]


# --------------------------------------------------------------------------- cross-year rules
def test_consistent_pair_of_years_passes(huaian: ReportDocument) -> None:
    assert _rules(_filled_next(huaian), huaian) == {}


def test_x_carry_fails_with_both_years_numbers(huaian: ReportDocument) -> None:
    doc = _filled_next(huaian)
    doc.apply({"t3.carried.natural": Decimal(100)})
    issues = [i for i in validate(doc, huaian) if i.rule == "X-CARRY"]
    assert len(issues) == 1 and issues[0].severity.value == "error"
    assert "本年“二、上年结转政府信息公开申请数量”为100件" in issues[0].message
    assert "2024年度报告“四、结转下年度继续办理”为103件" in issues[0].message


def test_x_stock_fails_when_the_stock_does_not_follow(huaian: ReportDocument) -> None:
    doc = _filled_next(huaian)
    doc.apply({"t2_1.normative.in_force": Decimal(70)})
    messages = _rules(doc, huaian)["X-STOCK"]
    assert len(messages) == 1 and "本年现行有效70件，而2024年度现行有效66件" in messages[0]


def test_x_similar_fails_for_a_copied_narrative(huaian: ReportDocument) -> None:
    doc = _filled_next(huaian)
    doc.texts.update({k: v.replace("2024", "2025") for k, v in huaian.texts.items()})
    messages = _rules(doc, huaian)["X-SIMILAR"]
    assert len(messages) == 1 and "超过50%" in messages[0]


def test_x_same_data_fails_for_copied_tables_but_not_for_all_zero(huaian: ReportDocument) -> None:
    doc = _filled_next(huaian)
    doc.apply({ref: huaian.cells[ref] for ref in doc.spec.input_cells})
    doc.stated = dict(huaian.stated)
    doc.apply({})
    assert "X-SAME-DATA" in _rules(doc, huaian)
    zero_prev = next_year(huaian).document
    zero_prev.apply(dict.fromkeys(zero_prev.spec.input_cells, Decimal(0)))
    zero_next = next_year(zero_prev).document
    zero_next.apply(dict.fromkeys(zero_next.spec.input_cells, Decimal(0)))
    assert "X-SAME-DATA" not in _rules(zero_next, zero_prev)


def test_cross_year_rules_warn_when_the_previous_report_is_not_last_years(huaian: ReportDocument) -> None:
    doc = _filled_next(next_year(huaian).document)  # 2026 against 2024
    assert list(_rules(doc, huaian)) == ["X-CARRY"]
    assert "应选2025年度的报告" in _rules(doc, huaian)["X-CARRY"][0]


def test_next_year_from_a_2019_edition_report() -> None:
    from app.importers.text import import_text, read_text_file

    old = import_text(read_text_file(str(DATA / "liuhe-tj-2020.txt"))).document
    result = next_year(old)
    assert result.document.spec.edition == "2021" and result.document.year == 2021
    assert result.document.cells["t3.carried.natural"] == 1 and not result.suggestions
    assert "X-CARRY" not in _rules(_filled_next(old), old)


# --------------------------------------------------------------------------- commands
def test_next_command_and_check_uses_the_linked_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = tmp_path / "2024.json"
    save(load(SAMPLES / "huaian-city-2024.json"), last)
    new = tmp_path / "sub" / "2025.json"
    new.parent.mkdir()
    assert main(["next", str(last), "-o", str(new)]) == 0
    out = capsys.readouterr().out
    assert "自然人 = 103" in out and "现行有效件数已按建议值填入" in out
    doc = load(new)
    assert doc.previous_project == "../2024.json" and doc.cells["t2_1.normative.in_force"] == 66
    assert load_previous(doc, new)[0] is not None
    doc.apply({"t3.carried.natural": Decimal(1)})
    save(doc, new)
    assert main(["check", str(new), "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)
    carry = [i for i in issues if i["rule"] == "X-CARRY"]
    assert carry and carry[0]["left"] == "1" and carry[0]["right"] == "103"
    last.unlink()  # a broken link: checked without the cross-year rules, with a note
    assert main(["check", str(new), "--json"]) == 1
    captured = capsys.readouterr()
    assert "跨年度检查未进行" in captured.err
    assert not [i for i in json.loads(captured.out) if i["rule"].startswith("X-")]


def test_import_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.json"
    assert main(["import-html", str(DATA / "qingshi-zrzy-2023.html"), "-o", str(out)]) == 0
    assert "网页第35行" in capsys.readouterr().out
    assert load(out).cells["t2_5.license.decisions"] == 1286
    assert main(["import-text", str(DATA / "liuhe-tj-2020.txt"), "-o", str(tmp_path / "t.json"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["edition"] == "2019"
    assert main(["import-text", str(DATA / "liuhe-tj-2020.txt"), "-o", str(tmp_path / "t.json")]) == 2  # exists
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["import-xlsx", str(bad), "-o", str(tmp_path / "x.json")]) == 2
    assert "无法打开该 Excel 文件" in capsys.readouterr().err


def test_a_relative_link_written_on_windows_resolves_here(tmp_path):
    from app.document import ReportDocument
    from app.yearly import relative_link, resolve_link

    doc = ReportDocument.new("某某局", 2024)
    doc.previous_project = "..\\2023\\年报.json"
    project = tmp_path / "2024" / "年报.json"
    link = resolve_link(doc, project)
    assert link == tmp_path / "2024" / ".." / "2023" / "年报.json"
    assert "\\" not in relative_link(tmp_path / "2023" / "年报.json", project)
