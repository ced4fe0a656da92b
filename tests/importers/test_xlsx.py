"""Importing workbooks: our own export round-trips; a hand-made WPS-style workbook is matched by labels."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from app.document import ReportDocument
from app.export.xlsx import build_workbook
from app.importers.common import ProblemKind
from app.importers.xlsx import import_xlsx
from app.persistence import load
from app.rules import validate
from tests.importers.conftest import SAMPLES


def _same_project(a: ReportDocument, b: ReportDocument) -> None:
    assert b.spec.edition == a.spec.edition
    assert b.meta == a.meta
    assert b.cells == a.cells
    assert b.stated == a.stated
    assert b.texts == a.texts
    assert b.fee_decimals == a.fee_decimals


def test_sample_round_trip() -> None:
    doc = load(SAMPLES / "huaian-city-2024.json")
    result = import_xlsx(build_workbook(doc))
    _same_project(doc, result.document)
    assert not result.problems


@pytest.mark.parametrize("decimals", [0, 2, 6])
@pytest.mark.parametrize("empty", [False, True])
def test_fee_decimals_round_trip(decimals: int, empty: bool) -> None:
    # an empty report has no fee value: the blank cells' number format still tells the decimals
    doc = ReportDocument.new("青石县人民政府", 2020) if empty else load(SAMPLES / "huaian-city-2024.json")
    doc.fee_decimals = decimals
    assert import_xlsx(build_workbook(doc)).document.fee_decimals == decimals


_paragraph = (
    st.text(alphabet="政府信息公开工作年度报告一二三申请件，。；：“”（）0123456789ab", min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
_text = st.lists(_paragraph, max_size=3).map("\n".join)
_count = st.one_of(st.none(), st.integers(0, 99999).map(Decimal))


@st.composite
def documents(draw: st.DrawFn) -> ReportDocument:
    year = draw(st.sampled_from([2020, 2021, 2023, 2025]))
    doc = ReportDocument.new(draw(st.sampled_from(["某某市某某局", "青石县人民政府", "平潭综合实验区管委会"])), year)
    for ref in doc.spec.input_cells:
        vtype = doc.spec.cells[ref].block.value_type
        if vtype.is_integer:
            doc.cells[ref] = draw(_count)
        else:
            doc.cells[ref] = draw(st.one_of(st.none(), st.decimals(0, 99999, places=2, allow_nan=False)))
    for ref in draw(st.lists(st.sampled_from(doc.spec.computed_cells), max_size=6, unique=True)):
        doc.stated[ref] = draw(st.integers(0, 999).map(Decimal))
    for fid in doc.texts:
        doc.texts[fid] = draw(_text)
    doc.meta["contact_phone"] = draw(st.sampled_from(["", "0559-6512345"]))
    doc.meta["preamble"] = draw(_text)
    doc.fee_decimals = draw(st.integers(0, 6))
    doc.apply({})
    return doc


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_export_then_import_gives_the_same_project(doc: ReportDocument) -> None:
    result = import_xlsx(build_workbook(doc))
    _same_project(doc, result.document)
    assert not [p for p in result.problems if p.kind is ProblemKind.UNREADABLE and "未找到" not in p.message]


def _wps_workbook() -> bytes:
    """A table 三 typed by hand: title rows, a blank column, other merges, label variants, the 2019 （六） row."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = "洪泽区某局2023年政府信息公开工作年度报告"
    ws["A3"] = "三、收到和处理政府信息公开申请情况"
    ws.merge_cells("A5:C7")
    ws["A5"] = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
    ws["E5"] = "申请人情况"
    ws.merge_cells("E5:K5")
    ws["E6"] = "自然人"
    ws["F6"] = "法人或其他组织"
    ws["K6"] = "总计"
    for col, label in zip("FGHIJ", ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], strict=True):
        ws[f"{col}7"] = label
    ws["L6"] = "备注"
    rows = [
        ("一、本年新收政府信息公开申请数量", None, None, [5, 1, 0, 0, 0, 0, 6]),
        ("二、上年结转政府信息公开申请数量", None, None, [0, 0, 0, 0, 0, 0, 0]),
        ("三、本年度办理结果", "(一) 予以公开", None, [2, 1, 0, 0, 0, 0, 3]),
        (None, "(二) 部分公开", None, [0, 0, 0, 0, 0, 0, 0]),
        (None, "(三) 不予公开", "1、属于国家秘密", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "2、其他法律行政止公开", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, '3、危及"三安全一稳定"', [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "4、保护第三方合法权益", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "5、属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "6、属于四类过程性信息", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "7、属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "8、属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
        (None, "(四) 无法提供", "1、本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
        (None, None, "2、没有现成信息需要另行制作", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "3、补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
        (None, "(五) 不予处理", "1、信访举报投诉类申请", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "2、重复申请", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "3、要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "4、无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
        (None, None, "5、要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
        (None, "(六) 其他处理", None, [2, 0, 0, 0, 0, 0, 2]),
        (None, "(七) 总计", None, [5, 1, 0, 0, 0, 0, 7]),
        ("四、结转下年度继续办理", None, None, [0, 0, 0, 0, 0, 0, 0]),
        ("未列明的一行", None, None, [9, 0, 0, 0, 0, 0, 9]),
    ]
    r = 9  # row 8 left blank on purpose
    for a, b, c, nums in rows:
        for col, text in zip("ABC", (a, b, c), strict=True):
            if text:
                ws[f"{col}{r}"] = text
        for col, n in zip("EFGHIJK", nums, strict=True):
            ws[f"{col}{r}"] = n
        r += 1
    ws["L11"] = 7  # a number under a column the format does not have
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_hand_made_workbook_is_matched_by_labels() -> None:
    result = import_xlsx(_wps_workbook())
    doc = result.document
    assert doc.year == 2023 and doc.meta["agency"] == "洪泽区某局"
    assert doc.cells["t3.new.natural"] == 5 and doc.stated["t3.new.total"] == 6
    assert doc.cells["t3.unable_not_held.natural"] == 1
    assert doc.stated["t3.result_total.total"] == 7  # a wrong published total, kept as stated
    # the 2019 single （六） row is kept, outside the 2021 cells
    assert doc.foreign_cells["2019:t3.other.natural"] == 2
    assert doc.cells["t3.other_misc.natural"] is None
    assert doc.source_labels["row:t3.withheld_law"] == "2、其他法律行政止公开"
    sources = {p.source: p for p in result.problems}
    assert "工作表“Sheet1”L11单元格" in sources  # the number under 备注
    assert "工作表“Sheet1”第32行" in sources  # the unknown row
    rules = {i.rule for i in validate(doc)}
    assert {"FMT-T3-ROWSET", "STR-LABELS", "T3-RESULT-SUM"} <= rules


def _with_fee_text(text: str) -> bytes:
    """Our export of the sample with the fee cell typed as ``text``."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(build_workbook(load(SAMPLES / "huaian-city-2024.json"))))
    [row] = [row for ws in wb.worksheets for row in ws.iter_rows() if any(c.value == "行政事业性收费" for c in row)]
    [fee] = [c for c in row if isinstance(c.value, int | float) or c.value == "不适用"] or [row[-1]]
    fee.value = text
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_unit_typed_in_a_fee_cell_is_converted_and_listed() -> None:
    result = import_xlsx(_with_fee_text("２５１，０００元"))
    assert result.document.cells["t2_8.fee.amount"] == Decimal("25.1")
    [said] = [p for p in result.problems if p.refs == ("t2_8.fee.amount",)]
    assert said.kind is ProblemKind.CHECK and "“251000元”" in said.message and "25.1万元" in said.message
    refused = import_xlsx(_with_fee_text("0.5元"))
    assert refused.document.cells["t2_8.fee.amount"] is None
    assert [p.refs for p in refused.unreadable] == [("t2_8.fee.amount",)]
