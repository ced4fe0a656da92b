"""Importing a saved portal page: merged table cells, blank and "/" cells, thousands separators, GBK."""

from __future__ import annotations

from decimal import Decimal

from app.importers.common import ProblemKind
from app.importers.html import html_to_text, import_html, import_html_file
from app.rules import validate
from tests.importers.conftest import DATA

PAGE = DATA / "qingshi-zrzy-2023.html"


def test_portal_page_with_rowspan_and_colspan() -> None:
    result = import_html_file(str(PAGE))
    doc = result.document
    assert doc.meta["agency"] == "青石县自然资源局" and doc.year == 2023
    assert doc.meta["publish_date"] == "2024年1月26日" and doc.meta["contact_phone"] == "0559-6512345"
    assert doc.cells["t2_5.license.decisions"] == 1286  # "1,286"
    assert doc.cells["t2_8.fee.amount"] == Decimal("1234.5678")
    assert doc.cells["t3.unable_not_held.public_interest"] == 1
    assert doc.cells["t3.other_no_correction.natural"] == 1
    assert doc.stated["t3.result_total.total"] == 63 and doc.cells["t3.carry_forward.natural"] == 2
    assert doc.cells["t4.cases.direct_corrected"] == 1 and doc.stated["t4.cases.review_total"] == 2
    assert doc.texts["s1_supervise"] == "将政务公开纳入年度目标考核，全年组织业务培训2次，未发生责任追究情况。"
    assert doc.texts["s6_main"] == "本年度未收取信息处理费。"  # no attachment link or page footer
    assert not result.unreadable


def test_blank_and_slash_cells_are_kept_blank_and_flagged_with_the_page_line() -> None:
    result = import_html_file(str(PAGE))
    doc = result.document
    assert doc.cells["t2_1.regulation.issued"] is None  # "/"
    assert doc.cells["t2_6.enforcement.decisions"] is None  # empty cell
    flagged = [p for p in result.problems if p.kind is ProblemKind.CHECK and "空白" in p.message]
    assert {p.source for p in flagged} == {"网页第35行", "网页第43行"}
    blank = [i for i in validate(doc) if i.rule == "NUM-NO-BLANK"]
    assert {r for i in blank for r in i.refs} >= {"t2_1.regulation.issued", "t2_6.enforcement.decisions"}
    # the table arithmetic of the page holds
    assert not [i for i in validate(doc) if i.rule in ("T3-BAL", "T3-RESULT-SUM", "T3-ROW-TOTAL", "T4-SUM")]


def test_wrong_published_total_is_kept_and_caught() -> None:
    page = PAGE.read_bytes().decode("gb18030")
    page = page.replace(
        "<td>1</td><td>0</td><td>0</td><td>1</td><td>2</td>", "<td>1</td><td>0</td><td>0</td><td>1</td><td>3</td>"
    )
    doc = import_html(page).document
    assert doc.stated["t4.cases.review_total"] == 3
    issue = next(i for i in validate(doc) if i.rule == "T4-SUM")
    assert issue.left == 3 and issue.right == 2


def test_html_to_text_keeps_one_line_per_table_row() -> None:
    text, origin = html_to_text(
        "<html><body><p>甲</p><table><tr><td rowspan='2'>三、本年度办理结果</td><td>（一）予以公开</td>"
        "<td>1</td><td></td><td>3</td></tr></table><script>var x=1;</script></body></html>"
    )
    assert text.split("\n") == ["甲", "三、本年度办理结果\t（一）予以公开\t1\t∅\t3"]
    assert origin == [1, 1]
