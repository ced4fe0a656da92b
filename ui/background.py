"""Long work off the GUI thread: a worker thread runs a Qt-free function, the window shows a busy bar and 取消.

The worker thread never touches a Qt object: it only stores its outcome in a queue. The GUI thread polls
that queue on a short timer and emits the task's signals, so every slot runs on the GUI thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

T = TypeVar("T")
POLL_MS = 20


class BackgroundTask(QObject, Generic[T]):
    """Runs ``work()`` in a daemon thread; ``succeeded(result)`` or ``failed(exception)`` arrive on the GUI thread.

    ``cancel()`` returns at once: the outcome is discarded whenever the thread ends (the work itself is
    bounded in time by its own limits; a thread cannot be stopped from outside). ``finished`` follows
    each of ``succeeded``, ``failed`` and ``cancelled``.
    """

    succeeded = Signal(object)
    failed = Signal(object)  # the exception, with its __traceback__
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Callable[[], T], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._outcome: queue.SimpleQueue[tuple[bool, object]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="nianbao-background", daemon=True)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)
        self._state = "new"  # new → running → done | cancelled

    @property
    def running(self) -> bool:
        return self._state == "running"

    @property
    def thread_alive(self) -> bool:
        """Whether the worker thread is still working (it may be, after a cancel)."""
        return self._thread.is_alive()

    def start(self) -> None:
        self._state = "running"
        self._thread.start()
        self._poll.start()

    def cancel(self) -> None:
        if self._state != "running":
            return
        self._state = "cancelled"
        self._poll.stop()
        self.cancelled.emit()
        self.finished.emit()

    def _run(self) -> None:  # the worker thread: no Qt here
        try:
            self._outcome.put((True, self._work()))
        except BaseException as exc:  # handed to the GUI thread, which decides what the clerk sees
            self._outcome.put((False, exc))

    def _check(self) -> None:
        try:
            ok, value = self._outcome.get_nowait()
        except queue.Empty:
            return
        self._poll.stop()
        if self._state != "running":
            return
        self._state = "done"
        (self.succeeded if ok else self.failed).emit(value)
        self.finished.emit()


def busy_dialog(parent: QWidget, title: str, label: str, task: BackgroundTask[T]) -> QProgressDialog:
    """A window-modal busy bar with 取消 for ``task``: the window keeps painting but takes no edits meanwhile."""
    dialog = QProgressDialog(parent)
    text = QLabel(label)
    text.setWordWrap(True)
    dialog.setLabel(text)
    dialog.setCancelButtonText("取消")
    dialog.setRange(0, 0)  # how long it takes is unknown: a busy bar
    dialog.setMinimumWidth(28 * dialog.fontMetrics().horizontalAdvance("中"))
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.canceled.connect(task.cancel)
    task.finished.connect(dialog.close)
    task.finished.connect(dialog.deleteLater)
    # Give the window back its focus (Windows does so itself for an owned dialog; other platforms may not).
    task.finished.connect(parent.activateWindow)
    return dialog
