"""The PySide6 6.12 reference-count bug (void calls, emit) must not be able to abort the app."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

import ui  # noqa: F401  # applies the workaround


class Emitter(QObject):
    changed = Signal()


def test_many_void_calls_and_emits_keep_the_singletons_alive(app_ready: object) -> None:
    emitter = Emitter()
    label = QLabel()
    for i in range(5000):
        emitter.changed.emit()
        label.setText(str(i))
    # Without the workaround the counts (a few hundred to a few thousand) would have gone
    # below zero: CPython aborts the process.
    if sys.version_info < (3, 12):
        assert sys.getrefcount(True) > 1 << 39
        assert sys.getrefcount(None) > 1 << 39
