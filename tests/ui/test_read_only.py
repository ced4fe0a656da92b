"""A report opened read-only (a department's file in the collector): shown and checked, never changed or overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog
from pytestqt.qtbot import QtBot

from app.persistence import load
from ui.main_window import MainWindow
from ui.pages import TextSectionPage
from ui.recovery import RecoveryStore

from .conftest import REPO, DialogRecorder
from .helpers import press, type_text, view_of


@pytest.fixture
def viewer(app_ready: object, qtbot: QtBot, sample_copy: Path, isolated_data: Path) -> Iterator[MainWindow]:
    store = RecoveryStore(isolated_data / "recovery")
    win = MainWindow(load(sample_copy), sample_copy, recovery=store, read_only=True)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.controller.validation_done, timeout=3000)
    win.build_all_pages()
    yield win


def test_the_window_says_it_is_read_only(viewer: MainWindow) -> None:
    assert "（只读）" in viewer.windowTitle()
    banner = viewer.read_only_banner
    assert banner is not None and banner.isVisible() and "只读" in banner.text()
    assert not viewer.files.act_save.isEnabled() and not viewer.files.act_save_as.isEnabled()
    assert "只读" in viewer.files.act_save.statusTip()
    file_menu = [a.text() for a in viewer.menus.menus[next(iter(viewer.menus.menus))].actions()]
    assert "另存为副本(&C)…" in file_menu
    for action in (
        viewer.editing.act_fill_zero,
        viewer.editing.act_na,
        viewer.editing.act_clear,
        viewer.editing.act_use_computed,
        viewer.importing.act_import,
        viewer.yearly.act_next_year,
        viewer.yearly.act_choose_previous,
        viewer.files.act_new,
        viewer.files.act_open,
    ):
        assert not action.isEnabled(), action.text()


def test_a_normal_window_has_no_banner_and_no_copy_item(window: MainWindow) -> None:
    assert window.read_only_banner is None and "只读" not in window.windowTitle()
    file_menu = [a.text() for a in window.menus.menus[next(iter(window.menus.menus))].actions()]
    assert "另存为副本(&C)…" not in file_menu and window.files.act_save.isEnabled()


def test_cells_cannot_be_typed_cleared_or_pasted(viewer: MainWindow, qtbot: QtBot, sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    doc = viewer.controller.doc
    view = view_of(viewer, "t3")
    model = view.block_model
    ref = "t3.new.natural"
    old = doc.cells[ref]
    index = model.index_of(ref)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "7")
    view.setFocus()
    view.setCurrentIndex(index)
    type_text(qtbot, view, "7")
    press(qtbot, view, Qt.Key.Key_Return)
    assert "只读" in viewer.statusBar().currentMessage()
    view.setCurrentIndex(index)
    press(qtbot, view, Qt.Key.Key_Delete)
    QApplication.clipboard().setText("1\t2\n3\t4")
    assert not view.paste_text("1\t2\n3\t4")
    assert doc.cells[ref] == old
    assert not viewer.controller.set_cells({ref: Decimal(1)}, "x")
    assert viewer.controller.undo_stack.count() == 0 and not viewer.isWindowModified()
    assert sample_copy.read_bytes() == before


def test_texts_metadata_and_explanations_cannot_be_changed(viewer: MainWindow, qtbot: QtBot) -> None:
    doc = viewer.controller.doc
    page = next(p for p in viewer.pages if isinstance(p, TextSectionPage) and p.section_id == "s5")
    viewer.tabs.setCurrentWidget(page)
    editor = page.bindings["text.s5_main"].editor
    text = doc.texts["s5_main"]
    editor.setFocus()
    qtbot.keyClicks(editor, "abc")
    page.flush()
    assert doc.texts["s5_main"] == text
    meta = viewer.pages[0]
    combos = [b.editor for b in meta.bindings.values() if isinstance(b.editor, QComboBox)]  # type: ignore[attr-defined]
    assert combos and not any(c.isEnabled() for c in combos)
    panel = viewer.validation.issue_panel
    warning = next(i for i in viewer.controller.issues if i.can_explain)
    viewer.validation.act_next_issue.trigger()  # navigation still works
    assert panel.current_issue() == warning
    assert not panel.explain_button.isEnabled()
    assert not viewer.controller.set_explanation(warning.key, "已核实")
    assert warning.key not in doc.explanations


def test_save_copy_writes_elsewhere_and_never_over_the_original(
    viewer: MainWindow, sample_copy: Path, tmp_path: Path, dialogs: DialogRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sample_copy.read_bytes()
    assert not viewer.files.save_to(sample_copy)
    assert not viewer.files.save_copy(sample_copy)
    assert dialogs.errors[-1][0] == "另存为副本" and "原文件" in dialogs.errors[-1][1]
    copy = tmp_path / "副本.json"
    suggested: list[str] = []

    def choose(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(start)
        return str(copy), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    viewer.files.act_save_copy.trigger()
    assert suggested == [str(sample_copy.with_name("report（副本）.json"))]
    assert load(copy).cells == viewer.controller.doc.cells
    assert viewer.path == sample_copy and "（只读）" in viewer.windowTitle()
    assert sample_copy.read_bytes() == before


def test_closing_does_not_ask_and_no_recovery_copy_is_written(
    viewer: MainWindow, dialogs: DialogRecorder, isolated_data: Path
) -> None:
    viewer.files.autosave_now()
    assert viewer.close()
    assert dialogs.unsaved_asked == []
    assert not list((isolated_data / "recovery").glob("session-*.json"))


def test_dropped_files_are_refused(viewer: MainWindow) -> None:
    for name in ("resources/samples/jianxi-zwfw-2022.json", "tests/data/liuhe-tj-2020.txt"):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(REPO / name))])
        enter = QDragEnterEvent(
            QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
        )
        enter.setAccepted(False)
        viewer.dragEnterEvent(enter)
        assert not enter.isAccepted(), name
