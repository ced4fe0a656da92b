"""新建下一年度报告, the 现行有效件数 suggestions and the cross-year checks in the window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import ui.features.yearly
from app.persistence import load, save
from app.yearly import StockSuggestion, next_year
from ui.features.yearly import SuggestionDialog
from ui.main_window import MainWindow

from .conftest import DialogRecorder
from .helpers import view_of


@dataclass
class SuggestionRecorder:
    """Stands in for the confirm dialog: records what was offered, answers with ``take``."""

    take: str = "all"  # "all" | "none"
    asked: list[tuple[str, str, list[StockSuggestion]]] = field(default_factory=list)

    def __call__(
        self, _parent: object, title: str, intro: str, suggestions: Sequence[StockSuggestion], footer: str = ""
    ) -> list[StockSuggestion]:
        self.asked.append((title, intro + footer, list(suggestions)))
        return list(suggestions) if self.take == "all" else []


@pytest.fixture
def suggest(monkeypatch: pytest.MonkeyPatch) -> SuggestionRecorder:
    recorder = SuggestionRecorder()
    monkeypatch.setattr(ui.features.yearly, "ask_suggestions", recorder)
    return recorder


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    """A window started on ``path`` as ``nianbao FILE`` does: validation only after the first paint."""
    win = MainWindow(load(path), path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.controller.validation_done, timeout=3000)
    win.build_all_pages()
    return win


@pytest.fixture
def linked_pair(tmp_path: Path, sample_copy: Path) -> tuple[Path, Path]:
    """Last year's project (2024) and this year's (2025) in one folder, linked relatively."""
    this = tmp_path / "report-2025.json"
    save(next_year(load(sample_copy), sample_copy, this).document, this)
    return sample_copy, this


def rules(window: MainWindow) -> set[str]:
    return {i.rule for i in window.controller.issues}


# ----------------------------------------------------------------------------- 新建下一年度报告
def test_next_year_opens_a_prefilled_unsaved_report_and_offers_the_stock(
    window: MainWindow, sample_copy: Path, suggest: SuggestionRecorder
) -> None:
    assert window.yearly.start_next_year(sample_copy)
    doc = window.controller.doc
    assert doc.year == 2025 and doc.meta["agency"] == "淮安市人民政府"
    assert window.path is None and window.isWindowModified() and "未命名" in window.windowTitle()
    # 上年结转 from last year's 结转下年度继续办理, and the clerk is told so in plain words
    assert doc.cells["t3.carried.natural"] == Decimal(103)
    title, text, offered = suggest.asked[0]
    assert title == "新建下一年度报告"
    assert "“二、上年结转政府信息公开申请数量”已按2024年度报告“四、结转下年度继续办理”逐栏填入" in text
    assert "自然人 103" in text and "尚未保存" in text
    # 现行有效件数 = last year's stock + 0 issued − 0 repealed, written only once confirmed, as ONE step
    assert [(s.ref, s.value) for s in offered] == [
        ("t2_1.regulation.in_force", Decimal(11)),
        ("t2_1.normative.in_force", Decimal(66)),
    ]
    assert doc.cells["t2_1.normative.in_force"] == Decimal(66)
    stack = window.controller.undo_stack
    assert stack.count() == 1 and "现行有效件数" in stack.undoText()
    stack.undo()
    assert doc.cells["t2_1.regulation.in_force"] is None and doc.cells["t2_1.normative.in_force"] is None
    # the new report uses last year's for the cross-year checks at once
    assert window.controller.previous is not None and window.controller.previous.year == 2024
    assert "X-STOCK" in rules(window)
    assert "对照2024年度报告" in window.yearly.previous_label.text() and window.yearly.previous_label.isVisibleTo(
        window
    )


def test_next_year_suggestions_declined_write_nothing(
    window: MainWindow, sample_copy: Path, suggest: SuggestionRecorder
) -> None:
    suggest.take = "none"
    assert window.yearly.start_next_year(sample_copy)
    assert window.controller.doc.cells["t2_1.regulation.in_force"] is None
    assert window.controller.undo_stack.count() == 0


def test_next_year_from_an_unreadable_file_says_so(
    window: MainWindow, tmp_path: Path, dialogs: DialogRecorder, suggest: SuggestionRecorder
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert not window.yearly.start_next_year(bad)
    assert dialogs.errors and dialogs.errors[0][0] == "无法打开上年度报告"
    assert window.controller.doc.year == 2024 and not suggest.asked


def test_suggestion_dialog_returns_the_ticked_ones(app_ready: object, qtbot: QtBot, sample_copy: Path) -> None:
    previous = load(sample_copy)
    result = next_year(previous, sample_copy, None)
    intro = ui.features.yearly.prefill_summary(result, previous)
    dialog = SuggestionDialog(None, "新建下一年度报告", intro, result.suggestions, "本年制发、废止件数尚未填写" * 5)
    qtbot.addWidget(dialog)
    assert len(dialog.boxes) == 2 and all(b.isChecked() for b in dialog.boxes)
    assert "上年度现行有效 11 + 本年制发 0 − 本年废止 0" in dialog.boxes[0].text()
    assert dialog.boxes[0].text().startswith("规章现行有效件数：填入 11 件")
    dialog.show()
    qtbot.waitExposed(dialog)
    for label in dialog.findChildren(QLabel):  # no wrapped line cut off
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    dialog.boxes[0].setChecked(False)
    assert [s.ref for s in dialog.chosen()] == ["t2_1.normative.in_force"]
    assert dialog.ok_button.text() == "填入所选"


def test_stock_is_offered_again_after_issued_and_repealed_are_typed(
    qtbot: QtBot, linked_pair: tuple[Path, Path], suggest: SuggestionRecorder
) -> None:
    _last, this = linked_pair
    window = open_window(qtbot, this)
    assert window.yearly.act_stock.isEnabled()
    controller = window.controller
    controller.set_cells({"t2_1.regulation.issued": Decimal(2), "t2_1.regulation.repealed": Decimal(1)}, "x")
    before = controller.undo_stack.count()
    assert window.yearly.offer_stock()
    offered = suggest.asked[-1][2]
    assert (offered[0].ref, offered[0].value) == ("t2_1.regulation.in_force", Decimal(12))
    assert controller.doc.cells["t2_1.regulation.in_force"] == Decimal(12)
    assert controller.undo_stack.count() == before + 1
    # nothing left to offer: the clerk is told, no dialog
    asked = len(suggest.asked)
    assert not window.yearly.offer_stock()
    assert len(suggest.asked) == asked and "一致" in window.statusBar().currentMessage()


def test_stock_without_a_previous_report_explains(window: MainWindow, dialogs: DialogRecorder) -> None:
    assert not window.yearly.act_stock.isEnabled()
    assert not window.yearly.offer_stock()
    assert "选择上一年度报告" in dialogs.errors[0][1]


# ----------------------------------------------------------------------------- cross-year checks
def test_linked_previous_report_is_loaded_at_start_and_its_issues_jump(
    qtbot: QtBot, linked_pair: tuple[Path, Path]
) -> None:
    _last, this = linked_pair
    window = open_window(qtbot, this)
    assert window.controller.previous is not None
    assert window.yearly.previous_label.text() == "跨年度检查：对照2024年度报告“report.json”"
    assert "X-STOCK" in rules(window)  # 现行有效件数 still blank
    window.controller.set_cells({"t3.carried.natural": Decimal(5)}, "x")
    window.controller.validate_now()
    carry = next(i for i in window.controller.issues if i.rule == "X-CARRY")
    assert "103" in carry.message and "5" in carry.message
    window.validation.reveal(carry)
    view = view_of(window, "t3")
    assert view.block_model.ref_at(view.currentIndex()) == "t3.carried.natural"
    assert window.controller.severity_for("t3.carried.natural") is not None


def test_a_broken_link_says_why_and_checks_without_it(qtbot: QtBot, linked_pair: tuple[Path, Path]) -> None:
    last, this = linked_pair
    last.unlink()
    window = open_window(qtbot, this)
    assert window.controller.previous is None
    assert window.yearly.previous_label.text() == "跨年度检查未进行：上年度报告无法打开"
    assert "report.json" in window.yearly.previous_label.toolTip()
    assert window.validation.issue_panel.previous_note.text() == window.yearly.previous_label.text()
    assert not any(r.startswith("X-") for r in rules(window))
    assert window.yearly.act_unlink_previous.isEnabled()


def test_choose_and_unlink_previous_report_are_undoable_and_saved(
    qtbot: QtBot, tmp_path: Path, sample_copy: Path
) -> None:
    this = tmp_path / "sub" / "2025.json"
    this.parent.mkdir()
    save(next_year(load(sample_copy)).document, this)  # not linked
    window = open_window(qtbot, this)
    assert window.controller.previous is None and not window.yearly.previous_label.isVisibleTo(window)
    assert not any(r.startswith("X-") for r in rules(window))

    assert window.yearly.link_previous_path(sample_copy)
    assert window.controller.doc.previous_project == "../report.json"
    qtbot.waitUntil(lambda: "X-STOCK" in rules(window), timeout=2000)  # the coalesced re-validation
    assert window.isWindowModified()
    assert "对照2024年度报告" in window.validation.issue_panel.previous_note.text()
    assert window.files.save()
    assert load(this).previous_project == "../report.json"

    assert window.yearly.unlink_previous()
    assert window.controller.doc.previous_project is None
    window.controller.validate_now()
    assert not any(r.startswith("X-") for r in rules(window))
    window.controller.undo_stack.undo()
    assert window.controller.doc.previous_project == "../report.json"
    window.controller.validate_now()
    assert "X-STOCK" in rules(window)


def test_choosing_the_report_itself_is_refused(window: MainWindow, sample_copy: Path, dialogs: DialogRecorder) -> None:
    assert not window.yearly.link_previous_path(sample_copy)
    assert "就是本报告" in dialogs.errors[0][1]


def test_save_as_elsewhere_keeps_the_link_working(qtbot: QtBot, linked_pair: tuple[Path, Path], tmp_path: Path) -> None:
    _last, this = linked_pair
    window = open_window(qtbot, this)
    moved = tmp_path / "elsewhere" / "deeper" / "2025.json"
    moved.parent.mkdir(parents=True)
    assert window.files.save_to(moved)
    reopened = open_window(qtbot, moved)
    assert reopened.controller.previous is not None and reopened.controller.previous.year == 2024
