"""Import marks in the grid: unread cells and totals printed blank are tinted and explained."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush
from pytestqt.qtbot import QtBot

from app.rules import Issue, Severity
from tests.importers.conftest import pingtan_2020_with_row_one_unreadable
from ui import palette
from ui.issue_panel import ISSUE_ROLE
from ui.main_window import MainWindow
from ui.table_view import BlockView

from .conftest import REPO
from .helpers import import_file_and_wait, press, type_text, view_of

PINGTAN_2020 = REPO / "tests" / "data" / "pingtan-2020.page.txt"


def _page_with_row_one_unreadable(tmp_path: Path) -> Path:
    """平潭 2020 with 表三 row 一 printed so that the import cannot read it (several readings)."""
    path = tmp_path / "pingtan-2020-row-one.page.txt"
    path.write_text(pingtan_2020_with_row_one_unreadable(), encoding="utf-8")
    return path


def _background(window: MainWindow, ref: str) -> str | None:
    view = view_of(window, window.controller.spec.cells[ref].block.id)
    brush = view.block_model.index_of(ref).data(Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if isinstance(brush, QBrush) else None


def _tooltip(window: MainWindow, ref: str) -> str:
    view = view_of(window, window.controller.spec.cells[ref].block.id)
    text = view.block_model.index_of(ref).data(Qt.ItemDataRole.ToolTipRole)
    assert isinstance(text, str)
    return text


def _grab(window: MainWindow, ref: str, name: str) -> None:
    """Keep a picture of the grid around ``ref`` to look at (set NIANBAO_SHOTS to a folder)."""
    folder = os.environ.get("NIANBAO_SHOTS")
    if folder:
        window.reveal_refs([ref])
        view_of(window, window.controller.spec.cells[ref].block.id).selectionModel().clearSelection()
        window.grab().save(str(Path(folder) / name))


def test_unread_cells_and_blank_totals_are_tinted_and_explained(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert import_file_and_wait(qtbot, window, _page_with_row_one_unreadable(tmp_path)) == "imported"
    window.build_all_pages()
    window.controller.validate_now()
    doc = window.controller.doc
    unread = sorted(doc.unread)
    assert "t3.new.natural" in unread
    assert _background(window, "t3.new.natural") == palette.UNREAD_BG
    tip = _tooltip(window, "t3.new.natural")
    assert "导入时未能读取，请按原报告填写" in tip and "没有数据请填0" not in tip
    # a cell read normally keeps its own colours; a total printed blank has its own tint and note
    read = next(r for r in doc.spec.input_cells if r not in doc.unread and r.startswith("t3."))
    assert _background(window, read) not in (palette.UNREAD_BG, palette.BLANK_TOTAL_BG)
    doc.blank_totals.add("t3.result_total.total")
    window.controller.validate_now()
    assert _background(window, "t3.result_total.total") == palette.BLANK_TOTAL_BG
    assert "原报告此合计为空" in _tooltip(window, "t3.result_total.total")
    _grab(window, "t3.new.natural", "marks-unread.png")
    _grab(window, "t3.result_total.total", "marks-blank-total.png")
    # filling the cell clears its mark and its tint
    view = view_of(window, "t3")
    assert view.block_model.setData(view.block_model.index_of("t3.new.natural"), "20")
    assert "t3.new.natural" not in doc.unread
    assert _background(window, "t3.new.natural") != palette.UNREAD_BG
    window.controller.validate_now()
    assert "导入时未能读取，请按原报告填写" not in _tooltip(window, "t3.new.natural")


def _imported(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert import_file_and_wait(qtbot, window, _page_with_row_one_unreadable(tmp_path)) == "imported"
    window.build_all_pages()
    window.controller.validate_now()


def _unread_notes(window: MainWindow, ref: str) -> list[str]:
    window.controller.validate_now()
    return [i.message for i in window.controller.issues if "无法核对" in i.message and ref in i.refs]


def test_ctrl_z_brings_back_the_value_and_the_mark_and_ctrl_y_clears_it_again(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _imported(window, qtbot, tmp_path)
    doc = window.controller.doc
    ref = "t3.new.natural"
    assert ref in doc.unread and doc.cells[ref] is None and _unread_notes(window, ref)
    view = view_of(window, "t3")
    view.setFocus()
    view.setCurrentIndex(view.block_model.index_of(ref))
    type_text(qtbot, view, "20")
    press(qtbot, view, Qt.Key.Key_Tab)
    assert doc.cells[ref] == Decimal(20) and ref not in doc.unread and not _unread_notes(window, ref)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.cells[ref] is None and ref in doc.unread
    assert _background(window, ref) == palette.UNREAD_BG and _unread_notes(window, ref)
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.cells[ref] == Decimal(20) and ref not in doc.unread
    assert _background(window, ref) != palette.UNREAD_BG


def test_undoing_fill_zero_over_a_row_restores_only_the_marks_it_cleared(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _imported(window, qtbot, tmp_path)
    doc = window.controller.doc
    row = [r for r in doc.spec.input_cells if r.startswith("t3.new.")]
    assert set(row) <= doc.unread
    before = set(doc.unread)
    view = view_of(window, "t3")
    view.setFocus()
    window.editing.act_fill_zero.trigger()
    assert not doc.unread & set(row) and all(doc.cells[r] == 0 for r in row)
    window.controller.undo_stack.undo()
    assert doc.unread == before and all(doc.cells[r] is None for r in row)
    # an edit made before the import's marks were restored is not marked by the undo of a later step
    window.controller.set_cells({row[0]: Decimal(3)}, "编辑")
    window.controller.set_cells({row[1]: Decimal(4)}, "编辑")
    window.controller.undo_stack.undo()
    assert row[1] in doc.unread and row[0] not in doc.unread


def _blank_total_issues(window: MainWindow) -> list[Issue]:
    panel = window.validation.issue_panel
    issues = [panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE) for r in range(panel.proxy.rowCount())]
    return [i for i in issues if i.rule == "NUM-NO-BLANK" and i.key.endswith((":totals", ":adopted"))]


def _menu_action(view: BlockView, text: str) -> QAction | None:
    return next((a for a in view.context_menu().actions() if a.text() == text), None)


def test_a_total_printed_blank_is_listed_and_adopting_its_sum_is_one_undoable_step(
    window: MainWindow, qtbot: QtBot, blank_totals_source: Path
) -> None:
    assert import_file_and_wait(qtbot, window, blank_totals_source) == "imported"
    window.build_all_pages()
    window.controller.validate_now()
    doc = window.controller.doc
    assert doc.blank_totals == {"t3.new.total", "t3.carried.total"}
    [issue] = _blank_total_issues(window)
    assert issue.severity is Severity.ERROR and "在导入的原文中为空白" in issue.message
    assert _background(window, "t3.new.total") == palette.BLANK_TOTAL_BG
    # the issue's entry offers 采用计算值; other entries do not
    panel = window.validation.issue_panel
    row = next(
        r for r in range(panel.proxy.rowCount()) if panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE) == issue
    )
    panel.view.setCurrentIndex(panel.proxy.index(row, 0))
    assert not panel.adopt_button.isHidden() and panel.adopt_button.isEnabled()
    _grab(window, "t3.new.total", "marks-blank-total-issue.png")
    panel.view.setCurrentIndex(panel.proxy.index(0 if row else 1, 0))
    assert panel.adopt_button.isHidden()
    # the cell's context menu offers it on a printed-blank total only
    view = view_of(window, "t3")
    view.setCurrentIndex(view.block_model.index_of("t3.new.natural"))
    assert _menu_action(view, "采用计算值") is None
    view.setCurrentIndex(view.block_model.index_of("t3.new.total"))
    action = _menu_action(view, "采用计算值")
    assert action is not None and action.isEnabled()
    _grab(window, "t3.new.total", "marks-blank-total-before.png")
    action.trigger()
    assert doc.blank_totals == {"t3.carried.total"} and doc.adopted_totals == {"t3.new.total"}
    assert doc.stated.get("t3.new.total") is None and doc.value("t3.new.total") == Decimal(0)
    assert _background(window, "t3.new.total") == palette.COMPUTED_BG
    assert "已采用计算值" in _tooltip(window, "t3.new.total")
    window.controller.validate_now()
    kinds = {i.severity: i.refs for i in _blank_total_issues(window)}
    assert kinds == {Severity.ERROR: ("t3.carried.total",), Severity.INFO: ("t3.new.total",)}
    # the rest from the issue list
    row = next(
        r
        for r in range(panel.proxy.rowCount())
        if panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE).severity is Severity.ERROR
        and panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE).rule == "NUM-NO-BLANK"
    )
    panel.view.setCurrentIndex(panel.proxy.index(row, 0))
    qtbot.mouseClick(panel.adopt_button, Qt.MouseButton.LeftButton)
    assert not doc.blank_totals and doc.adopted_totals == {"t3.new.total", "t3.carried.total"}
    window.controller.validate_now()
    [note] = _blank_total_issues(window)
    assert note.severity is Severity.INFO and "已采用计算值" in note.message
    _grab(window, "t3.new.total", "marks-blank-total-adopted.png")
    # undo: the marks come back step by step, the value never moved
    window.controller.undo_stack.undo()
    assert doc.blank_totals == {"t3.carried.total"} and doc.adopted_totals == {"t3.new.total"}
    window.controller.undo_stack.undo()
    assert doc.blank_totals == {"t3.new.total", "t3.carried.total"} and not doc.adopted_totals
    assert _background(window, "t3.new.total") == palette.BLANK_TOTAL_BG
    window.controller.validate_now()
    assert [i.severity for i in _blank_total_issues(window)] == [Severity.ERROR]
    window.controller.undo_stack.redo()
    assert doc.adopted_totals == {"t3.new.total"}
    assert (
        window.controller.undo_stack.undoText()
        == "采用计算值（表三 · 一、本年新收政府信息公开申请数量 · 总计，原文为空白）"
    )


def test_adopting_is_refused_in_a_read_only_window(window: MainWindow, qtbot: QtBot, blank_totals_source: Path) -> None:
    from ui.controller import DocumentController

    assert import_file_and_wait(qtbot, window, blank_totals_source) == "imported"
    doc = window.controller.doc
    reader = DocumentController(doc, read_only=True)
    assert reader.adopt_computed(["t3.new.total"]) == 0 and "t3.new.total" in doc.blank_totals
    assert window.controller.adopt_computed(["t3.new.natural"]) == 0
