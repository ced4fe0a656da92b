"""No lost work: autosave to the app's data folder, and restore after a hard kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.persistence import load
from ui.features import files
from ui.main_window import MainWindow
from ui.recovery import RecoveryStore, decode

DRIVER = Path(__file__).with_name("recovery_driver.py")


def test_autosave_writes_only_the_recovery_copy(
    app_ready: object, qtbot: QtBot, sample_copy: Path, isolated_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "AUTOSAVE_DELAY_MS", 50)
    store = RecoveryStore(isolated_data / "recovery")
    window = MainWindow(load(sample_copy), sample_copy, recovery=store)
    qtbot.addWidget(window)
    original = sample_copy.read_bytes()
    window.controller.set_cells({"t3.new.natural": Decimal(7)}, "x")
    qtbot.waitUntil(lambda: store.file is not None and store.file.is_file(), timeout=3000)
    assert sample_copy.read_bytes() == original  # never over the user's file
    assert store.file is not None and store.file.parent == isolated_data / "recovery"
    recovered = decode(store.file.read_bytes(), store.file)
    assert recovered.doc.cells["t3.new.natural"] == Decimal(7)
    assert recovered.source == sample_copy
    assert "已自动备份" in window.files.saved_label.text()
    # Saving makes the copy unnecessary; undo back to the saved state does too.
    assert window.files.save()
    assert not store.file.exists()
    window.controller.set_cells({"t3.new.natural": Decimal(8)}, "x")
    qtbot.waitUntil(lambda: store.file is not None and store.file.is_file(), timeout=3000)
    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: store.file is not None and not store.file.exists(), timeout=3000)


def test_a_running_windows_copy_is_not_an_orphan(app_ready: object, isolated_data: Path) -> None:
    first = RecoveryStore(isolated_data / "recovery")
    doc = files.new_report()
    first.write(doc, None)
    second = RecoveryStore(isolated_data / "recovery")
    assert second.orphans() == []  # first is alive and holds its lock
    first._lock.unlock()  # type: ignore[union-attr]  # as if its process had died
    orphans = second.orphans()
    assert len(orphans) == 1 and orphans[0].source is None


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_then_restart_restores_the_edits(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # The context closes the child's stdout pipe and reaps it, whatever the assertions say.
    with subprocess.Popen(
        [sys.executable, str(DRIVER), "edit", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as child:
        try:
            deadline = time.monotonic() + 60
            line = ""
            assert child.stdout is not None
            while time.monotonic() < deadline and "READY" not in line:
                line = child.stdout.readline()
                if not line and child.poll() is not None:
                    break
            assert "READY" in line, "the child never autosaved its edits"
            child.send_signal(signal.SIGKILL)
            child.wait(10)
        finally:
            if child.poll() is None:
                child.kill()
    assert child.returncode == -signal.SIGKILL
    assert list((data / "recovery").glob("session-*.json"))

    out = subprocess.run(
        [sys.executable, str(DRIVER), "restore", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["asked"] and "自动备份" in result["question"]
    assert result["restored"] is True
    assert result["natural"] == "42"
    assert "档案管理有待加强" in result["text"]
    assert result["modified"] is True
    assert result["title"].startswith("未命名报告")
    # The orphan was taken over: nothing is offered twice.
    assert not [
        p for p in (data / "recovery").glob("session-*.json") if p.stat().st_size and "档案" in p.read_text("utf-8")
    ]


def test_autosave_does_not_close_the_cell_being_typed(app_ready: object, qtbot: QtBot, isolated_data: Path) -> None:
    """The recovery copy is written while the clerk types "123": it must not split it into "12" and "3"."""
    from PySide6.QtCore import Qt

    from .helpers import editor_of, press, type_text, view_of

    store = RecoveryStore(isolated_data / "recovery")
    window = MainWindow(recovery=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.validation_done, timeout=3000)
    window.build_all_pages()
    view = view_of(window, "t3")
    view.setFocus()
    view.setCurrentIndex(view.block_model.index_of("t3.new.natural"))
    type_text(qtbot, view, "5")
    press(qtbot, view, Qt.Key.Key_Return)  # a change: there is something to back up
    type_text(qtbot, view, "12")
    editor = editor_of(view)
    assert editor is not None and editor.text() == "12"
    window.files.autosave_now()  # what the autosave timer runs, at this very moment
    assert store.file is not None and store.file.is_file()
    assert editor_of(view) is editor and editor.text() == "12"
    type_text(qtbot, view, "3")
    press(qtbot, view, Qt.Key.Key_Return)
    assert window.controller.doc.cells["t3.carried.natural"] == Decimal(123)
