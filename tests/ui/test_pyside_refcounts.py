"""Guard against the PySide6 6.12.0 reference-count bug: void calls and emit() must not eat None/True.

PySide6-Essentials 6.12.0 on CPython 3.11 dropped one reference of ``None`` per void Qt call and
one of ``True`` per ``emit()``; after a few thousand calls CPython aborted ("bool_dealloc"). The
pinned version must not do that. The loop runs in a child process so a crash cannot take pytest down.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Emitter(QObject):
    changed = Signal(int)

app = QApplication([])
emitter, label = Emitter(), QLabel()
before = sys.getrefcount(None), sys.getrefcount(True)
for i in range(20000):
    emitter.changed.emit(i)
    label.setText(str(i))
after = sys.getrefcount(None), sys.getrefcount(True)
print(after[0] - before[0], after[1] - before[1])
"""


def test_qt_calls_do_not_leak_or_steal_singleton_references() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    none_delta, true_delta = map(int, proc.stdout.split())
    assert abs(none_delta) < 100 and abs(true_delta) < 100
