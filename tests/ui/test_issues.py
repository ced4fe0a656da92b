"""Live validation in the window: jump to issue, F8 navigation, counts, explanations."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.rules import Severity
from ui.issue_panel import ISSUE_ROLE
from ui.main_window import MainWindow
from ui.pages import TextSectionPage

from .helpers import press, table_page, type_text, view_of


def make_errors(window: MainWindow) -> None:
    window.controller.doc.clear_stated()
    window.controller.set_cells({"t3.new.research": Decimal(5), "t4.cases.review_total": Decimal(1)}, "x")
    window.controller.validate_now()


def test_edit_revalidates_after_a_short_delay_and_tints_the_cells(window: MainWindow, qtbot: QtBot) -> None:
    view = view_of(window, "t3")
    model = view.block_model
    view.setFocus()
    view.setCurrentIndex(model.index_of("t3.new.research"))
    controller = window.controller
    # Whether validation is still to come at the very moment the edit lands (inside the undo push):
    # typing is never blocked by it, however long the key press itself takes.
    pending_when_committed: list[bool] = []
    controller.undo_stack.indexChanged.connect(lambda _: pending_when_committed.append(controller.validation_pending))
    with qtbot.waitSignal(controller.issues_changed, timeout=5000):
        type_text(qtbot, view, "5")
        press(qtbot, view, Qt.Key.Key_Return)
    assert pending_when_committed == [True]
    errors = [i for i in window.controller.issues if i.severity is Severity.ERROR]
    assert errors
    assert f"{len(errors)} 个错误" in window.validation.counts_label.text()
    index = model.index_of("t3.new.research")
    assert "【错误】" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    s3 = window.pages.index(table_page(window, "s3"))
    assert window.tabs.tabText(s3).endswith(f"（{sum(1 for i in window.controller.issues if i.section == 's3')}）")


def test_activating_an_issue_switches_tab_and_selects_its_cells(window: MainWindow) -> None:
    make_errors(window)
    panel = window.validation.issue_panel
    row = next(
        r
        for r in range(panel.proxy.rowCount())
        if panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE).rule == "T3-BAL"
    )
    issue = panel.proxy.data(panel.proxy.index(row, 0), ISSUE_ROLE)
    window.tabs.setCurrentIndex(0)
    panel.view.activated.emit(panel.proxy.index(row, 2))
    page = table_page(window, "s3")
    assert window.tabs.currentWidget() is page
    view = page.views[0]
    assert view.block_model.ref_at(view.currentIndex()) == issue.refs[0]
    selected = {view.block_model.ref_at(i) for i in view.selectionModel().selectedIndexes()}
    assert selected == set(issue.refs)
    assert view.hasFocus()


def test_f8_and_shift_f8_walk_the_issue_list(window: MainWindow, qtbot: QtBot) -> None:
    make_errors(window)
    panel = window.validation.issue_panel
    issues = [panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE) for r in range(panel.proxy.rowCount())]
    assert len(issues) >= 3
    window.validation.act_next_issue.trigger()
    assert panel.current_issue() == issues[0]
    window.validation.act_next_issue.trigger()
    assert panel.current_issue() == issues[1]
    t4 = next(i for i in issues if i.section == "s4")
    while panel.current_issue() != t4:
        window.validation.act_next_issue.trigger()
    assert window.tabs.currentWidget() is table_page(window, "s4")
    window.validation.act_prev_issue.trigger()
    assert panel.current_issue() == issues[issues.index(t4) - 1]


def test_text_issue_focuses_the_editor(window: MainWindow) -> None:
    issue = next(i for i in window.controller.issues if i.refs[0] == "text.s1_supervise")
    window.validation.reveal(issue)
    page = window.tabs.currentWidget()
    assert isinstance(page, TextSectionPage) and page.section_id == "s1"
    assert page.bindings["text.s1_supervise"].editor.hasFocus()
    assert page.notes["text.s1_supervise"].isVisibleTo(page)


def test_warning_can_be_explained_and_is_then_counted_apart(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.validation.issue_panel
    assert "0 个错误 · 1 个警告" in window.validation.counts_label.text()
    panel.view.setCurrentIndex(panel.proxy.index(0, 0))
    assert panel.explain_button.isEnabled()
    issue = panel.current_issue()
    assert issue is not None
    window.controller.set_explanation(issue.key, "本机关为政府部门汇总口径，考核情况见第六部分")
    with qtbot.waitSignal(window.controller.issues_changed, timeout=2000):
        pass
    assert window.controller.doc.explanations[issue.key].startswith("本机关")
    assert "0 个警告" in window.validation.counts_label.text() and "1 个已说明" in window.validation.counts_label.text()
    assert panel.model.data(panel.model.index(0, 5)) == "本机关为政府部门汇总口径，考核情况见第六部分"
    assert panel.clear_button.isEnabled()
    window.controller.undo_stack.undo()  # explanations are undoable too
    assert issue.key not in window.controller.doc.explanations


def test_errors_cannot_be_explained(window: MainWindow) -> None:
    make_errors(window)
    panel = window.validation.issue_panel
    panel.severity_box.setCurrentIndex(1)  # 只看错误
    assert panel.proxy.rowCount() > 0
    assert all(
        panel.proxy.data(panel.proxy.index(r, 0), ISSUE_ROLE).severity is Severity.ERROR
        for r in range(panel.proxy.rowCount())
    )
    panel.view.setCurrentIndex(panel.proxy.index(0, 0))
    assert not panel.explain_button.isEnabled()


def test_f8_right_after_an_edit_goes_to_the_new_error(window: MainWindow, qtbot: QtBot) -> None:
    """F8 pressed before the coalesced validation ran must not step through the old list."""
    window.controller.doc.clear_stated()
    window.controller.validate_now()
    window.controller.set_cells({"t3.new.research": Decimal(5)}, "x")
    assert window.controller.validation_pending
    window.validation.act_next_issue.trigger()
    issue = window.validation.issue_panel.current_issue()
    assert issue is not None and issue.severity is Severity.ERROR and issue.section == "s3"


def test_filter_updates_the_count_and_f8_says_when_everything_is_hidden(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.validation.issue_panel
    assert [i.severity for i in window.controller.issues] == [Severity.WARNING]
    panel.severity_box.setCurrentIndex(1)  # 只看错误
    assert panel.proxy.rowCount() == 0
    assert "共 1 条" in panel.summary.text() and "显示 0 条" in panel.summary.text()
    window.validation.act_next_issue.trigger()
    assert "筛选" in window.statusBar().currentMessage()
    panel.severity_box.setCurrentIndex(0)
    assert panel.summary.text() == "共 1 条"


def test_in_a_narrow_dock_the_message_column_stays_readable(window: MainWindow, qtbot: QtBot) -> None:
    """1024 px wide with the import check list beside it: the message must not shrink to a sliver."""

    window.resize(1024, 700)
    window.importing.problem_dock().show()
    panel = window.validation.issue_panel
    em = panel.fontMetrics().horizontalAdvance("中")
    qtbot.waitUntil(lambda: panel.width() < 700 and panel.view.columnWidth(3) >= 12 * em)


def test_a_column_the_clerk_widened_keeps_its_width_when_the_dock_resizes(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.validation.issue_panel
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: 1000 < panel.width() <= 1200, timeout=1000)
    header = panel.view.horizontalHeader()
    start = panel.view.columnWidth(2)
    border = QPoint(header.sectionViewportPosition(2) + header.sectionSize(2) - 1, header.height() // 2)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=border)
    qtbot.mouseMove(header.viewport(), border + QPoint(20, 0))
    qtbot.mouseMove(header.viewport(), border + QPoint(40, 0))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=border + QPoint(40, 0))
    dragged = panel.view.columnWidth(2)
    assert dragged > start
    viewport = panel.view.viewport()
    # The columns are fitted when the viewport is resized: wait for that resize, then look.
    before = viewport.width()
    window.resize(1100, 800)
    qtbot.waitUntil(lambda: viewport.width() < before)
    assert panel.view.columnWidth(2) == dragged
    panel.model.refresh()  # a re-validation resets the model: the header's own resizing is not a drag
    before = viewport.width()
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: viewport.width() > before)
    assert panel.view.columnWidth(2) == dragged


def test_in_a_wide_window_the_columns_keep_their_normal_widths(window: MainWindow, qtbot: QtBot) -> None:
    """The fitting must use the view's new width, not the width it had before the dock was laid out."""
    panel = window.validation.issue_panel
    viewport = panel.view.viewport()
    wide = viewport.width()
    window.resize(900, 700)  # squeezed first, then back to the normal size
    qtbot.waitUntil(lambda: viewport.width() < wide)
    window.resize(1280, 820)
    qtbot.waitUntil(lambda: viewport.width() == wide)
    em = panel.fontMetrics().horizontalAdvance("中")
    assert panel.view.columnWidth(2) == 16 * em  # 位置: its full width, no squeezing
    assert panel.view.columnWidth(3) >= 24 * em
