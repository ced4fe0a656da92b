"""The audit sheet: every rule with its result, warnings with their 核实说明, the cross-year checks naming last
year's report, and the same SHA-256 as the submission seal."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest

from app.cli import main
from app.export.audit import ERROR, NOT_APPLICABLE, PASSED, WARNING, build_audit, computed_checks, rule_results
from app.persistence import save
from app.seal import canonical_hash
from app.yearly import next_year
from tests.export.conftest import SAMPLES, pdftotext

NOTE = "本级政府汇总报告的考核和责任追究情况已另行公开。"


def text_of(data: bytes, tmp_path) -> str:
    path = tmp_path / "audit.pdf"
    path.write_bytes(data)
    return re.sub(r"\s+", "", pdftotext(path, "-raw"))


@pytest.fixture
def explained(huaian):
    huaian.explanations["TXT-02@s1_supervise"] = NOTE
    return huaian


def test_every_rule_with_its_result(explained):
    results = {r.rule: r for r in rule_results(explained, None)}
    declared = [r.id for r in explained.spec.rules] + list(computed_checks(explained.spec))
    assert sorted(results) == sorted(declared)
    assert results["TXT-02"].result == WARNING
    assert results["T3-BAL"].result == PASSED and results["T3-ROW-TOTAL"].result == PASSED
    for rule in ("X-CARRY", "X-STOCK", "X-SIMILAR", "X-SAME-DATA"):
        assert results[rule].result == NOT_APPLICABLE
    assert "表三" in results["T3-ROW-TOTAL"].checks and "各栏之和" in results["T3-ROW-TOTAL"].checks


def test_sheet_shows_rules_results_notes_and_the_hash(explained, bundled, tmp_path):
    data = build_audit(explained, fonts=bundled, now=datetime(2025, 2, 20, 9, 30))
    text = text_of(data, tmp_path)
    assert "淮安市人民政府2024年政府信息公开工作年度报告" in text and "审核报告" in text
    assert "2025年02月20日09:30" in text
    for rule in explained.spec.rules:
        assert rule.id in text, rule.id
    assert NOTE in text and "警告" in text and "未适用" in text
    assert canonical_hash(explained) in text
    assert "未关联" in text


def test_hash_follows_the_content(huaian, bundled, tmp_path):
    before = canonical_hash(huaian)
    huaian.apply({"t3.new.natural": Decimal(3002)})
    assert canonical_hash(huaian) != before
    assert canonical_hash(huaian) in text_of(build_audit(huaian, fonts=bundled), tmp_path)


def test_errors_are_reported_as_errors(huaian, bundled, tmp_path):
    huaian.apply({"t3.new.natural": Decimal(1)})  # breaks T3-BAL
    results = {r.rule: r for r in rule_results(huaian, None)}
    assert results["T3-BAL"].result == ERROR
    text = text_of(build_audit(huaian, fonts=bundled), tmp_path)
    assert "尚有错误" in text and "错误须改正" in text


def test_cross_year_checks_name_the_previous_report(huaian, bundled, tmp_path):
    last = tmp_path / "2024.json"
    save(huaian, last)
    new = next_year(huaian, last, tmp_path / "2025.json").document
    new.texts.update(huaian.texts)  # last year's text copied: X-SIMILAR warns
    results = {r.rule: r for r in rule_results(new, huaian)}
    assert results["X-CARRY"].result == PASSED  # 上年结转 filled from last year's 结转下年度
    assert results["X-SIMILAR"].result == WARNING
    text = text_of(build_audit(new, huaian, previous_name="2024.json", fonts=bundled), tmp_path)
    assert "对照上一年度报告：淮安市人民政府2024年政府信息公开工作年度报告（2024.json）" in text
    assert "对照《淮安市人民政府2024年政府信息公开工作年度报告》" in text


def test_command_line_audit_uses_the_linked_previous_report(huaian, tmp_path, capsys):
    last = tmp_path / "2024.json"
    save(huaian, last)
    project = tmp_path / "2025.json"
    save(next_year(huaian, last, project).document, project)  # has errors: narrative still empty
    out = tmp_path / "审核.pdf"
    assert main(["export", str(project), "--audit", str(out)]) == 0  # the audit is written despite errors
    text = re.sub(r"\s+", "", pdftotext(out, "-raw"))
    assert "（2024.json）" in text and "错误" in text
    assert "已导出 审核报告" in capsys.readouterr().out
    assert main(["export", str(SAMPLES / "huaian-city-2024.json"), "--audit", str(tmp_path / "a.docx")]) == 2
