"""Excel-like editing: typing over a cell, Enter/Tab navigation, Delete, undo/redo, title marker."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.values import NA
from ui.main_window import MainWindow
from ui.pages import TextSectionPage

from .helpers import commit_ime, editor_of, press, type_text, view_of


def test_typing_over_a_filled_cell_replaces_it_and_enter_moves_down(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t3.new.natural"))  # holds 3001
    type_text(qtbot, view, "12")
    assert editor_of(view) is not None and editor_of(view).text() == "12"
    press(qtbot, view, Qt.Key.Key_Return)
    assert window.controller.doc.cells["t3.new.natural"] == Decimal(12)
    assert window.controller.doc.value("t3.new.total") == Decimal(12 + 53 + 61 + 4) or "t3.new.total" in (
        window.controller.doc.stated
    )
    assert model.ref_at(view.currentIndex()) == "t3.carried.natural"


def test_enter_skips_computed_rows(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t3.other_misc.legal"))
    type_text(qtbot, view, "7")
    press(qtbot, view, Qt.Key.Key_Return)
    # （七）总计 is computed: Enter lands on 四、结转下年度继续办理.
    assert model.ref_at(view.currentIndex()) == "t3.carry_forward.legal"
    assert window.controller.doc.cells["t3.other_misc.legal"] == Decimal(7)


def test_tab_and_shift_tab_move_across_skipping_the_total_column(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t3.new.other"))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert model.ref_at(view.currentIndex()) == "t3.carried.natural"  # 总计 skipped, next row
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert model.ref_at(view.currentIndex()) == "t3.new.other"
    # Tab while editing commits and moves on.
    type_text(qtbot, view, "9")
    press(qtbot, view, Qt.Key.Key_Tab)
    assert window.controller.doc.cells["t3.new.other"] == Decimal(9)
    assert model.ref_at(view.currentIndex()) == "t3.carried.natural"


def test_delete_clears_the_selection_in_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t2_1")
    stack = window.controller.undo_stack
    view.setFocus()
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    doc = window.controller.doc
    assert all(doc.cells[r] is None for row in view.block_model.refs for r in row)
    assert stack.count() == 1
    stack.undo()
    assert doc.cells["t2_1.regulation.in_force"] == Decimal(11)


def test_not_applicable_is_typed_and_kept_apart_from_blank(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t4")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t4.cases.review_other"))
    type_text(qtbot, view, "不适用")
    press(qtbot, view, Qt.Key.Key_Return)
    assert window.controller.doc.cells["t4.cases.review_other"] is NA
    assert model.data(model.index_of("t4.cases.review_other")) == "不适用"


def test_undo_redo_one_step_per_edit_and_title_marker(window: MainWindow, qtbot: QtBot) -> None:
    window.controller.doc.clear_stated()  # the sample states its totals; here they follow the entries
    view = view_of(window, "t4")
    model = view.block_model
    stack = window.controller.undo_stack
    assert window.windowTitle().startswith("report.json") and not window.isWindowModified()
    view.setFocus()
    view.setCurrentIndex(model.index_of("t4.cases.review_upheld"))  # 72
    type_text(qtbot, view, "80")
    press(qtbot, view, Qt.Key.Key_Tab)
    type_text(qtbot, view, "60")
    press(qtbot, view, Qt.Key.Key_Tab)
    doc = window.controller.doc
    assert stack.count() == 2
    assert window.isWindowModified()
    assert doc.value("t4.cases.review_total") == Decimal(80 + 60 + 178 + 37)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.cells["t4.cases.review_corrected"] == Decimal(64)
    assert doc.cells["t4.cases.review_upheld"] == Decimal(80)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.cells["t4.cases.review_upheld"] == Decimal(72)
    assert not window.isWindowModified()  # back at the saved state
    assert model.data(model.index_of("t4.cases.review_total")) == "351"
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.cells["t4.cases.review_upheld"] == Decimal(80)
    assert window.isWindowModified()


def test_fill_blanks_with_zero_is_one_undo_step(window: MainWindow) -> None:
    doc = window.controller.doc
    doc.apply({"t3.new.natural": None, "t3.carried.research": None})
    view = view_of(window, "t3")
    view.setFocus()
    window.editing.act_fill_zero.trigger()
    assert doc.cells["t3.new.natural"] == 0 and doc.cells["t3.carried.research"] == 0
    assert window.controller.undo_stack.count() == 1
    window.controller.undo_stack.undo()
    assert doc.cells["t3.new.natural"] is None


def test_text_edits_commit_as_one_undo_step_and_ctrl_z_in_the_editor_undoes(window: MainWindow, qtbot: QtBot) -> None:
    page = next(p for p in window.pages if p.section_id == "s5")
    assert isinstance(page, TextSectionPage)
    window.tabs.setCurrentWidget(page)
    editor = page.bindings["text.s5_main"].editor
    before = window.controller.doc.texts["s5_main"]
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    commit_ime(editor, "下一步将加强培训。")
    page.flush()  # what the idle timer or leaving the field does
    commit_ime(editor, "继续整改。")
    page.flush()
    assert window.controller.doc.texts["s5_main"] == before + "下一步将加强培训。继续整改。"
    assert window.controller.undo_stack.count() == 1  # one editing session, one step
    assert window.isWindowModified()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.doc.texts["s5_main"] == before
    assert editor.toPlainText() == before
    count = page.counts["text.s5_main"].text()
    assert count == f"字数：{sum(1 for ch in before if not ch.isspace())}"


def test_metadata_edit_updates_title_preview_and_validation(window: MainWindow, qtbot: QtBot) -> None:
    page = window.pages[0]
    editor = page.bindings["meta.agency"].editor  # type: ignore[attr-defined]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    page.flush()
    window.controller.validate_now()
    assert any(i.rule == "META-REQ" for i in window.controller.issues)
    assert "1 个错误" in window.validation.counts_label.text()
    assert window.tabs.tabText(0).startswith("基本信息（")


def test_stated_totals_can_all_be_replaced_by_computed_ones_in_one_step(window: MainWindow) -> None:
    doc = window.controller.doc
    assert doc.stated and window.editing.act_use_computed.isEnabled()
    doc.apply({"t3.new.natural": Decimal(1)})  # the stated 总计 3119 no longer matches
    window.editing.act_use_computed.trigger()
    assert not doc.stated
    assert doc.value("t3.new.total") == Decimal(1 + 53 + 61 + 4)
    assert not window.editing.act_use_computed.isEnabled()
    window.controller.undo_stack.undo()
    assert doc.value("t3.new.total") == Decimal(3119)
    assert window.controller.undo_stack.count() == 1


def test_typing_on_a_total_says_why_nothing_happens(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t3.new.total"))
    messages: list[str] = []
    view.message.connect(messages.append)
    qtbot.keyClicks(view, "5")
    assert editor_of(view) is None
    assert messages and "合计栏" in messages[-1] and "自动计算" in messages[-1]
    assert window.controller.undo_stack.count() == 0
    messages.clear()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert messages and "合计栏" in messages[-1]
    messages.clear()
    rect = view.visualRect(model.index_of("t3.new.total"))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert messages and "合计栏" in messages[-1]
    # Arrow keys and Tab still move, without a message.
    messages.clear()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert messages == [] and model.ref_at(view.currentIndex()) == "t3.new.other"


def test_ctrl_z_in_a_long_text_takes_back_the_last_burst_not_the_whole_field(window: MainWindow, qtbot: QtBot) -> None:
    """Half an hour of writing in one field must not vanish with one Ctrl+Z."""
    page = next(p for p in window.pages if p.section_id == "s5")
    assert isinstance(page, TextSectionPage)
    window.tabs.setCurrentWidget(page)
    binding = page.bindings["text.s5_main"]
    binding._timer.setInterval(10)  # the idle pause, shortened
    editor = binding.editor
    before = window.controller.doc.texts["s5_main"]
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    for sentence in ("第一段很长的文字。", "第二段。", "第三段。"):
        commit_ime(editor, sentence)
        qtbot.waitUntil(lambda: not binding.pending, timeout=1000)
    assert window.controller.doc.texts["s5_main"] == before + "第一段很长的文字。第二段。第三段。"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.doc.texts["s5_main"] == before + "第一段很长的文字。第二段。"
    assert editor.toPlainText() == before + "第一段很长的文字。第二段。"
    # The caret stays at the end of the text, not at its start.
    assert editor.textCursor().position() == len(editor.toPlainText())
    qtbot.keyClick(editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText().endswith("第三段。")


def test_undo_shows_what_it_changed_even_on_another_tab(window: MainWindow, qtbot: QtBot) -> None:
    """Ctrl+Z on 表四 that takes back an edit made on 表三 must not look like nothing happened."""
    t3 = view_of(window, "t3")
    t3.setFocus()
    t3.setCurrentIndex(t3.block_model.index_of("t3.new.research"))
    type_text(qtbot, t3, "5")
    press(qtbot, t3, Qt.Key.Key_Return)
    t4 = view_of(window, "t4")
    t4.setFocus()
    qtbot.keyClick(t4, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.doc.cells["t3.new.research"] == Decimal(0)
    page = window.current_page()
    assert page is not None and page.section_id == "s3"
    assert t3.block_model.ref_at(t3.currentIndex()) == "t3.new.research"
    assert window.statusBar().currentMessage().startswith("已撤销：编辑 表三")
    qtbot.keyClick(t3, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.doc.cells["t3.new.research"] == Decimal(5)
    assert window.statusBar().currentMessage().startswith("已重做：编辑 表三")


def test_menu_undo_with_a_cell_open_cancels_that_entry_only(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t3.new.research"))
    type_text(qtbot, view, "5")
    press(qtbot, view, Qt.Key.Key_Return)  # one finished step
    view.setCurrentIndex(model.index_of("t3.new.legal"))  # holds 61
    type_text(qtbot, view, "999")
    assert editor_of(view) is not None
    window.editing.act_undo.trigger()  # 编辑 → 撤销 clicked with the mouse while typing
    assert editor_of(view) is None
    doc = window.controller.doc
    assert doc.cells["t3.new.legal"] == Decimal(61)  # the open entry is dropped
    assert doc.cells["t3.new.research"] == Decimal(5)  # the earlier step is kept
    window.editing.act_undo.trigger()
    assert doc.cells["t3.new.research"] == Decimal(0)
    assert window.editing.act_undo.text() == "撤销" or window.editing.act_undo.text().startswith("撤销 ")
