"""Files: unsaved-changes prompt, open/save errors as dialogs, recent files, drag and drop, new report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.persistence import load
from tests.conftest import refuse_writes_in
from ui.dialogs import Unsaved, ask_unsaved
from ui.main_window import MainWindow
from ui.settings import Settings

from .conftest import REPO, SAMPLE, DialogRecorder

REFERENCE_TEXT = REPO / "tests" / "data" / "jianxi-zwfw-2022.txt"


def edit(window: MainWindow) -> None:
    window.controller.set_cells({"t3.new.natural": Decimal(1)}, "x")


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window(
    window: MainWindow, dialogs: DialogRecorder
) -> None:
    edit(window)
    dialogs.answer = Unsaved.CANCEL
    assert not window.close()
    assert dialogs.unsaved_asked == ["report.json"]
    assert window.isVisible()
    dialogs.answer = Unsaved.DISCARD
    assert window.close()


def test_close_and_save(window: MainWindow, dialogs: DialogRecorder, sample_copy: Path) -> None:
    edit(window)
    dialogs.answer = Unsaved.SAVE
    assert window.close()
    assert load(sample_copy).cells["t3.new.natural"] == Decimal(1)
    assert sample_copy.with_name("report.json.bak").is_file()


def test_close_without_changes_does_not_ask(window: MainWindow, dialogs: DialogRecorder) -> None:
    assert window.close()
    assert dialogs.unsaved_asked == []


def test_opening_another_file_asks_first(window: MainWindow, dialogs: DialogRecorder, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_bytes((SAMPLE.parent / "jianxi-zwfw-2022.json").read_bytes())
    edit(window)
    dialogs.answer = Unsaved.CANCEL
    assert not window.files.open_document(other)
    assert window.path is not None and window.path.name == "report.json"
    dialogs.answer = Unsaved.DISCARD
    assert window.files.open_document(other)
    assert window.path == other
    assert window.controller.undo_stack.count() == 0
    assert window.windowTitle() == "other.json[*] - 年报助手" and not window.isWindowModified()


def test_unreadable_file_shows_the_core_message(window: MainWindow, dialogs: DialogRecorder, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "nianbao-project", ', encoding="utf-8")
    assert not window.files.open_document(broken)
    title, message = dialogs.errors[0]
    assert title == "无法打开" and "broken.json" in message and "不是完整的 JSON" in message
    assert window.path is not None and window.path.name == "report.json"  # the open report stays


def test_unwritable_folder_shows_a_plain_dialog(
    window: MainWindow, dialogs: DialogRecorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    refuse_writes_in(monkeypatch, folder)
    assert not window.files.save_to(folder / "x.json")
    assert dialogs.errors and "无法写入" in dialogs.errors[0][1] and "写入权限" in dialogs.errors[0][1]
    assert list(folder.iterdir()) == []


def test_save_error_keeps_the_report_unsaved(window: MainWindow, dialogs: DialogRecorder, tmp_path: Path) -> None:
    edit(window)
    assert not window.files.save_to(tmp_path / "no-such-folder" / "x.json")
    assert dialogs.errors[0][0] == "保存失败" and "文件夹不存在" in dialogs.errors[0][1]
    assert window.isWindowModified()


def test_save_marks_clean_and_remembers_recent_files(window: MainWindow, tmp_path: Path) -> None:
    edit(window)
    target = tmp_path / "saved.json"
    assert window.files.save_to(target)
    assert not window.isWindowModified() and window.windowTitle().startswith("saved.json")
    assert "已保存" in window.files.saved_label.text()
    recent = Settings().recent_files()
    assert recent[0] == target.resolve()
    window.files.fill_recent_menu()
    assert window.files.recent_menu.actions()[0].text().endswith("saved.json")


def test_dropping_a_project_file_opens_it(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    other = tmp_path / "dropped.json"
    other.write_bytes((SAMPLE.parent / "jianxi-zwfw-2022.json").read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.path == other, timeout=2000)


def test_dropping_a_published_report_imports_it(window: MainWindow, qtbot: QtBot) -> None:
    text = REFERENCE_TEXT
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text))])
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.controller.doc.meta["agency"] == "涧西区政务服务和大数据管理局", timeout=3000)
    assert window.path is None  # an import is a new, unsaved project


def test_new_report_is_for_last_year(window: MainWindow) -> None:
    assert window.files.new_document()
    doc = window.controller.doc
    assert doc.year == date.today().year - 1
    assert window.path is None and window.windowTitle().startswith("未命名报告")
    assert all(v is None for v in doc.cells.values())


def test_window_layout_is_remembered(app_ready: object, qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.show()
    first.validation.dock.hide()
    assert first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 500)
    assert not second.validation.dock.isVisible()


def test_the_real_unsaved_question_is_chinese(app_ready: object, qtbot: QtBot) -> None:
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.extend(b.text() for b in box.findChildren(QPushButton))
        seen.append(box.text())
        next(b for b in box.findChildren(QPushButton) if b.text() == "不保存").click()

    QTimer.singleShot(50, answer)
    assert ask_unsaved(None, "年报.json") is Unsaved.DISCARD
    assert {"保存", "不保存", "取消"} <= set(seen)
    assert any("年报.json" in s for s in seen)
