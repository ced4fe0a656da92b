"""Imports run in a worker thread behind a busy bar with 取消: a slow file never freezes the window."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

import app.importers.registry
from app.importers.common import ImportResult
from app.importers.registry import import_file as real_import_file
from ui.main_window import MainWindow

from .conftest import REPO, DialogRecorder
from .helpers import import_file_and_wait

TEXT = REPO / "tests" / "data" / "liuhe-tj-2020.txt"


class SlowImport:
    """Stands in for an importer working on a slow file: it ends when the test releases it."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, path: str | Path) -> ImportResult:
        self.threads.append(threading.current_thread())
        self.started.set()
        self.release.wait(30)
        return real_import_file(path)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowImport]:
    fake = SlowImport()
    monkeypatch.setattr(app.importers.registry, "import_file", fake)
    yield fake
    fake.release.set()  # never leave a worker waiting


def cancel_button(window: MainWindow) -> QPushButton:
    dialog = window.importing.progress
    assert dialog is not None and dialog.isVisible()
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")


def test_a_slow_import_leaves_the_window_responsive_and_can_be_cancelled(
    window: MainWindow, qtbot: QtBot, slow: SlowImport
) -> None:
    doc = window.controller.doc
    outcomes: list[str] = []
    window.importing.finished.connect(outcomes.append)
    assert window.importing.import_path(TEXT)
    assert slow.started.wait(10)
    assert slow.threads and slow.threads[0] is not threading.main_thread()
    assert window.importing.running
    dialog = window.importing.progress
    assert dialog is not None and dialog.isVisible() and "liuhe-tj-2020.txt" in dialog.labelText()
    ticked: list[bool] = []
    QTimer.singleShot(10, lambda: ticked.append(True))  # the event loop runs while the file is read
    qtbot.waitUntil(lambda: bool(ticked), timeout=2000)
    assert window.importing.running

    with qtbot.waitSignal(window.importing.finished, timeout=1000) as blocker:
        cancel_button(window).click()
    assert blocker.args == ["cancelled"]
    assert not window.importing.running and window.importing.progress is None
    assert "已取消导入" in window.statusBar().currentMessage()
    assert window.controller.doc is doc

    task = window.importing.task
    assert task is not None and task.thread_alive  # still reading: its result will be dropped
    slow.release.set()
    qtbot.waitUntil(lambda: not task.thread_alive, timeout=10000)
    ticked.clear()
    QTimer.singleShot(100, lambda: ticked.append(True))  # several polling intervals later
    qtbot.waitUntil(lambda: bool(ticked), timeout=2000)
    assert window.controller.doc is doc and window.importing.dock is None
    assert outcomes == ["cancelled"]


def test_after_a_slow_import_finishes_the_report_is_shown(window: MainWindow, qtbot: QtBot, slow: SlowImport) -> None:
    with qtbot.waitSignal(window.importing.finished, timeout=20000) as blocker:
        assert window.importing.import_path(TEXT)
        assert slow.started.wait(10)
        assert not window.importing.import_path(TEXT)  # one import at a time
        assert "正在导入" in window.statusBar().currentMessage()
        slow.release.set()
    assert blocker.args == ["imported"]
    assert window.controller.doc.year == 2020 and window.path is None and window.isWindowModified()
    assert window.importing.progress is None and len(slow.threads) == 1


def test_a_folder_named_like_a_report_is_refused_plainly(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    folder = tmp_path / "报告.txt"
    folder.mkdir()
    doc = window.controller.doc
    assert import_file_and_wait(qtbot, window, folder) == "failed"
    title, message = dialogs.errors[-1]
    assert title == "无法导入" and "报告.txt" in message and "文件夹" in message
    assert window.controller.doc is doc


def test_an_unreadable_file_is_refused_plainly_even_if_a_reader_lets_oserror_through(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: DialogRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("x", encoding="utf-8")

    def denied(path: str | Path) -> ImportResult:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(app.importers.registry, "import_file", denied)
    assert import_file_and_wait(qtbot, window, locked) == "failed"
    title, message = dialogs.errors[-1]
    assert title == "无法导入" and "locked.txt" in message and "没有读取权限" in message


def test_a_bug_in_an_importer_goes_to_the_error_reporter(
    window: MainWindow, qtbot: QtBot, dialogs: DialogRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[BaseException] = []

    def hook(_kind: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        reported.append(exc)

    def broken(path: str | Path) -> ImportResult:
        raise IndexError("list index out of range")

    monkeypatch.setattr(app.importers.registry, "import_file", broken)
    monkeypatch.setattr(sys, "excepthook", hook)
    doc = window.controller.doc
    assert import_file_and_wait(qtbot, window, TEXT) == "failed"
    assert [type(e) for e in reported] == [IndexError] and reported[0].__traceback__ is not None
    assert dialogs.errors == [] and window.controller.doc is doc
    assert import_file_and_wait(qtbot, window, TEXT) == "failed"  # the window stays usable


def test_closing_the_window_cancels_the_import(window: MainWindow, qtbot: QtBot, slow: SlowImport) -> None:
    assert window.importing.import_path(TEXT)
    assert slow.started.wait(10)
    with qtbot.waitSignal(window.importing.finished, timeout=1000) as blocker:
        assert window.close()
    assert blocker.args == ["cancelled"]
