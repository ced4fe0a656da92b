"""Table and issue models: Qt's model contract, and what each role shows for a cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester

from app.persistence import load
from app.values import NA
from ui.controller import DocumentController
from ui.issue_panel import IssueModel
from ui.table_model import COMPUTED_BG, ERROR_BG, WARNING_BG, BlockModel

from .conftest import SAMPLE


@pytest.fixture
def controller(app_ready: object) -> DocumentController:
    return DocumentController(load(SAMPLE))


def model_for(controller: DocumentController, block_id: str) -> BlockModel:
    return BlockModel(controller, controller.spec.block(block_id))


@pytest.mark.parametrize("block_id", ["t2_1", "t2_5", "t2_6", "t2_8", "t3", "t4"])
def test_block_models_keep_the_qt_contract(
    controller: DocumentController, qtmodeltester: ModelTester, block_id: str
) -> None:
    qtmodeltester.check(model_for(controller, block_id))


def test_issue_model_keeps_the_qt_contract(controller: DocumentController, qtmodeltester: ModelTester) -> None:
    controller.set_cells({"t3.new.natural": Decimal(1)}, "x")  # unbalanced column → errors
    controller.validate_now()
    model = IssueModel(controller)
    assert model.rowCount() >= 2
    qtmodeltester.check(model)


def test_computed_total_is_grey_read_only_and_says_why(controller: DocumentController) -> None:
    model = model_for(controller, "t3")
    total = model.index_of("t3.new.total")
    assert not model.flags(total) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index_of("t3.new.natural")) & Qt.ItemFlag.ItemIsEditable
    assert model.data(total) == "3119"  # 3001 + 53 + 0 + 0 + 61 + 4
    brush = model.data(total, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color() == COMPUTED_BG
    tip = model.data(total, Qt.ItemDataRole.ToolTipRole)
    assert "不能直接填写" in tip and "自然人至其他各栏" in tip
    assert model.setData(total, "5") is False
    assert controller.doc.value("t3.new.total") == Decimal(3119)


def test_numbers_right_aligned_and_fee_shows_its_decimals(controller: DocumentController) -> None:
    fee = model_for(controller, "t2_8")
    index = fee.index(0, 0)
    assert fee.data(index) == "96171.6000"
    assert fee.data(index, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_blank_zero_and_not_applicable_stay_distinct(controller: DocumentController) -> None:
    model = model_for(controller, "t3")
    a, b, c = (model.index_of(r) for r in ("t3.new.research", "t3.new.public_interest", "t3.new.legal"))
    assert model.setData(a, "")
    assert model.setData(b, "0")
    assert model.setData(c, "不适用")
    assert controller.doc.cells["t3.new.research"] is None
    assert controller.doc.cells["t3.new.public_interest"] == Decimal(0)
    assert controller.doc.cells["t3.new.legal"] is NA
    assert [model.data(i) for i in (a, b, c)] == ["", "0", "不适用"]
    assert model.data(c, Qt.ItemDataRole.FontRole).italic()


def test_invalid_text_is_rejected_with_a_reason(controller: DocumentController) -> None:
    model = model_for(controller, "t3")
    reasons: list[str] = []
    model.input_rejected.connect(lambda _ref, reason: reasons.append(reason))
    assert not model.setData(model.index_of("t3.new.natural"), "1.5")
    assert controller.doc.cells["t3.new.natural"] == Decimal(3001)
    assert reasons and "整数" in reasons[0]


def test_stated_total_differing_from_its_sum_shows_the_error(controller: DocumentController) -> None:
    controller.doc.stated["t3.new.total"] = Decimal(3200)
    controller.doc.apply({})
    controller.validate_now()
    model = model_for(controller, "t3")
    total = model.index_of("t3.new.total")
    assert model.data(total) == "3200"
    assert model.data(total, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    tip = model.data(total, Qt.ItemDataRole.ToolTipRole)
    assert "填报为3200" in tip and "各项之和为3119" in tip and "【错误】" in tip


def test_warning_tint_and_explained_warning_untinted(controller: DocumentController) -> None:
    # 结转下年度 above 本年新收 in one column: a warning (T3-CARRY-PLAUS). Without the sample's
    # stated totals, so that the row totals follow the edit.
    controller.doc.clear_stated()
    controller.set_cells({"t3.carry_forward.research": Decimal(5), "t3.carried.research": Decimal(5)}, "x")
    controller.validate_now()
    model = model_for(controller, "t3")
    index = model.index_of("t3.carry_forward.research")
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == WARNING_BG
    issue = next(i for i in controller.issues if i.rule == "T3-CARRY-PLAUS")
    controller.set_explanation(issue.key, "系上年度12月底集中收到的申请")
    controller.validate_now()
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert "已核实说明" in model.data(index, Qt.ItemDataRole.ToolTipRole)
