"""Small helpers shared by the window tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.spec.model import Section
from ui.main_window import MainWindow
from ui.pages import TableSectionPage
from ui.table_view import BlockView


def table_page(window: MainWindow, section_id: str) -> TableSectionPage:
    page = next(p for p in window.pages if p.section_id == section_id)
    assert isinstance(page, TableSectionPage)
    return page


def view_of(window: MainWindow, block_id: str) -> BlockView:
    section: Section = window.controller.spec.section(window.controller.spec.block(block_id).section_id)
    page = table_page(window, section.id)
    view = next(v for v in page.views if v.block_model.block.id == block_id)
    window.tabs.setCurrentWidget(page)
    return view


def editor_of(view: BlockView) -> QLineEdit | None:
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editors[0] if editors else None


def commit_ime(widget: QWidget, text: str) -> None:
    """Chinese arrives from the input method: a composition (pinyin) first, then the committed string."""
    QApplication.sendEvent(widget, QInputMethodEvent("pinyin", []))
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_text(qtbot: QtBot, view: BlockView, text: str) -> None:
    """Type as a clerk does: the first key opens the cell editor, the rest go to the editor."""
    for char in text:
        target = editor_of(view) or view
        if char.isascii():
            qtbot.keyClicks(target, char)
        else:
            commit_ime(target, char)
            QApplication.processEvents()


def press(
    qtbot: QtBot, view: BlockView, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key on the cell editor if one is open (else on the grid) and let queued commits run."""
    qtbot.keyClick(editor_of(view) or view, key, modifier)
    qtbot.waitUntil(lambda: editor_of(view) is None or view.state() != view.State.EditingState)
    QApplication.processEvents()


def wait_import(qtbot: QtBot, window: MainWindow, start: Callable[[], bool]) -> str:
    """Start an import and wait until it ends (it runs in a worker thread); how it ended."""
    with qtbot.waitSignal(window.importing.finished, timeout=20000) as blocker:
        assert start()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # back from the busy dialog, as the clerk is
    return str(blocker.args[0])


def import_file_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> str:
    return wait_import(qtbot, window, lambda: window.importing.import_path(path))
