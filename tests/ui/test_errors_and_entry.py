"""Crash handling (log + dialog with copyable details) and the `nianbao` GUI entry point."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ui.errors import ErrorReporter, close_logging, setup_logging
from ui.main import parse_args

from .conftest import REPO, SAMPLE


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    """The folder of the window's log file; the logging set up there is undone afterwards."""
    yield tmp_path / "logs"
    close_logging()


def test_unexpected_exception_is_logged_and_shown_with_copyable_details(
    app_ready: object, qtbot: QtBot, log_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", None)  # a windowed Windows build has no stderr
    reporter = ErrorReporter(log_folder)  # sets up the log file itself if needed
    log_path = setup_logging(log_folder)
    try:
        raise ValueError("坏数据")
    except ValueError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)
        reporter.handle(type(exc), exc, exc.__traceback__)  # a repeat does not stack dialogs
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=2000)
    box = reporter.dialog
    assert isinstance(box, QMessageBox)
    assert "ValueError: 坏数据" in box.detailedText()
    assert str(log_path) in box.informativeText()
    copy = next(b for b in box.findChildren(QPushButton) if b.text() == "复制详细信息")
    copy.click()
    assert "ValueError: 坏数据" in QApplication.clipboard().text()
    assert box.isVisible()  # copying does not close it
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "ValueError: 坏数据" in log_path.read_text("utf-8")
    box.done(0)
    assert reporter.dialog is None


def test_parse_args() -> None:
    assert parse_args([]) == (None, False)
    assert parse_args(["a.json", "--exit-after-show"]) == (Path("a.json"), True)
    assert parse_args(["--bogus"]) is None
    assert parse_args(["a.json", "b.json"]) is None


@pytest.mark.slow
def test_exit_after_show_opens_the_sample_and_exits_zero(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NIANBAO_DATA_DIR": str(tmp_path),
        "NIANBAO_REPORT_FIRST_PAINT": "1",
    }
    out = subprocess.run(
        [sys.executable, "-m", "ui.launcher", str(SAMPLE), "--exit-after-show"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "first-paint" in out.stderr
    assert not (tmp_path / "recovery").exists()  # the smoke run never touches recovery copies


def test_exit_after_show_with_a_broken_file_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "ui.launcher", str(broken), "--exit-after-show"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 1
    assert "broken.json" in out.stderr


def test_qt_standard_strings_are_chinese(app_ready: object) -> None:
    from PySide6.QtCore import QCoreApplication

    # qtbase_zh_CN is installed: standard dialog buttons and editor context menus speak Chinese.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QLineEdit", "&Undo") == "撤消(&U)"  # Qt's own wording
