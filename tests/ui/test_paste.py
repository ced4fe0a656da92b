"""Pasting blocks from Excel/WPS and copying as TSV."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.values import NA
from ui.main_window import MainWindow
from ui.table_view import BlockView

from .conftest import DialogRecorder
from .helpers import editor_of, press, view_of


def select(view: BlockView, *refs: str) -> None:
    model = view.block_model
    view.setCurrentIndex(model.index_of(refs[0]))
    selection = QItemSelection()
    for ref in refs:
        index = model.index_of(ref)
        selection.select(index, index)
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_excel_block_pastes_as_one_undo_step_and_revalidates(window: MainWindow, qtbot: QtBot) -> None:
    window.controller.doc.clear_stated()
    view = view_of(window, "t3")
    view.setFocus()
    select(view, "t3.disclosed.natural")
    # As Excel writes it: CRLF rows, a quoted cell, full-width digits, a thousands separator.
    QApplication.clipboard().setText('１２\t"1,200"\r\n3\t不适用\r\n')
    stack = window.controller.undo_stack
    with qtbot.waitSignal(window.controller.issues_changed, timeout=2000):
        qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    doc = window.controller.doc
    assert doc.cells["t3.disclosed.natural"] == Decimal(12)
    assert doc.cells["t3.disclosed.commercial"] == Decimal(1200)
    assert doc.cells["t3.partial.natural"] == Decimal(3)
    assert doc.cells["t3.partial.commercial"] is NA
    assert stack.count() == 1
    # The balance of 自然人 and 商业企业 columns no longer holds: the rules ran.
    assert any(i.rule == "T3-BAL" and i.key.endswith("@natural") for i in window.controller.issues)
    stack.undo()
    assert doc.cells["t3.disclosed.natural"] == Decimal(1288)
    assert doc.cells["t3.partial.commercial"] == Decimal(7)


def test_paste_with_an_invalid_value_applies_nothing_and_names_the_cell(
    window: MainWindow, qtbot: QtBot, dialogs: DialogRecorder
) -> None:
    view = view_of(window, "t3")
    view.setFocus()
    select(view, "t3.new.natural")
    QApplication.clipboard().setText("5\t6\r\n7\tabc\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.doc.cells["t3.new.natural"] == Decimal(3001)
    assert window.controller.undo_stack.count() == 0
    assert len(dialogs.paste_problems) == 1
    problem = dialogs.paste_problems[0][0]
    assert problem.where == "表三 · 二、上年结转政府信息公开申请数量 · 商业企业"
    assert "abc" in problem.reason


def test_one_value_fills_the_selection(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t4")
    view.setFocus()
    refs = ("t4.cases.review_upheld", "t4.cases.review_corrected", "t4.cases.direct_upheld")
    select(view, *refs)
    QApplication.clipboard().setText("0\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert all(window.controller.doc.cells[r] == 0 for r in refs)
    assert window.controller.doc.cells["t4.cases.direct_corrected"] == Decimal(4)  # not selected
    assert window.controller.undo_stack.count() == 1


def test_paste_over_the_total_column_skips_it(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    view.setFocus()
    select(view, "t3.new.other")
    messages: list[str] = []
    view.message.connect(messages.append)
    QApplication.clipboard().setText("8\t999\t1\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.doc.cells["t3.new.other"] == Decimal(8)
    assert "t3.new.total" not in window.controller.doc.stated or window.controller.doc.stated["t3.new.total"] != 999
    assert "跳过 1 个值" in messages[-1] and "超出表格范围的 1 个值" in messages[-1]


def test_copy_selection_as_tsv(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t2_1")
    view.setFocus()
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "1\t0\t11\r\n8\t26\t66\r\n"


def test_ctrl_v_in_an_open_cell_pastes_the_block_into_the_grid(window: MainWindow, qtbot: QtBot) -> None:
    """A block pasted while a cell is being edited must not become one concatenated number."""
    window.controller.doc.clear_stated()
    view = view_of(window, "t3")
    view.setFocus()
    select(view, "t3.disclosed.natural")
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = editor_of(view)
    assert editor is not None
    QApplication.clipboard().setText("1\t2\r\n3\t4\r\n")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor_of(view) is None, timeout=1000)
    doc = window.controller.doc
    assert doc.cells["t3.disclosed.natural"] == Decimal(1)
    assert doc.cells["t3.disclosed.commercial"] == Decimal(2)
    assert doc.cells["t3.partial.natural"] == Decimal(3)
    assert doc.cells["t3.partial.commercial"] == Decimal(4)
    assert window.controller.undo_stack.count() == 1


def test_one_excel_cell_pasted_into_an_open_cell_drops_the_line_break(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    view.setFocus()
    select(view, "t3.disclosed.natural")
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = editor_of(view)
    assert editor is not None
    editor.clear()
    QApplication.clipboard().setText('"1,234"\r\n')
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "1,234"
    press(qtbot, view, Qt.Key.Key_Return)
    assert window.controller.doc.cells["t3.disclosed.natural"] == Decimal(1234)
