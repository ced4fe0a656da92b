"""Crash handling: unexpected exceptions are logged to a file and shown with copyable details.

A frozen Windows build has no console: sys.stderr may be None, so nothing here writes to it
unless it exists.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __version__

LOG_NAME = "nianbao.log"
_fault_file: IO[str] | None = None
_configured: set[Path] = set()
_handlers: list[logging.Handler] = []  # what setup_logging added to the root logger


def setup_logging(folder: Path) -> Path:
    """Rotating log file in ``folder``; a console handler only when a console exists.

    Called right after the first paint (logging costs startup time), and at once by the error
    reporter if something fails before that.
    """
    import faulthandler
    import logging.handlers

    global _fault_file
    path = folder / LOG_NAME
    if folder in _configured:
        return path
    _configured.add(folder)
    folder.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        _handlers.append(handler)
    if sys.stderr is not None and not any(type(h) is logging.StreamHandler for h in root.handlers):
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        root.addHandler(console)
        _handlers.append(console)
    if _fault_file is None:
        try:
            _fault_file = open(folder / "faulthandler.log", "a", encoding="utf-8")  # noqa: SIM115 - kept open for the process
            faulthandler.enable(file=_fault_file)
        except (OSError, RuntimeError, ValueError):
            _fault_file = None
    qInstallMessageHandler(_qt_message)
    return path


def close_logging() -> None:
    """Undo setup_logging: detach and close its handlers, stop faulthandler, close its file."""
    import faulthandler

    global _fault_file
    root = logging.getLogger()
    for handler in _handlers:
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()
    _configured.clear()
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
    qInstallMessageHandler(None)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(kind, logging.WARNING)
    logging.getLogger("qt").log(level, message)


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    lines = [
        f"年报助手 {__version__} · Python {platform.python_version()} · Qt {qVersion()} · {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class ErrorReporter:
    """sys.excepthook: log, then show one dialog at a time; the app keeps running."""

    def __init__(self, log_dir: Path | None, parent: QWidget | None = None) -> None:
        self.log_dir = log_dir
        self.log_path = log_dir / LOG_NAME if log_dir else None
        self.parent = parent
        self.dialog: QMessageBox | None = None
        self.suppressed = 0
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        text = details(exc_type, exc, tb)
        if self.log_dir is not None:
            try:
                setup_logging(self.log_dir)
            except OSError:
                self.log_path = None
        logging.getLogger("nianbao").error("未处理的异常\n%s", text)
        if QApplication.instance() is None:
            return
        if self.dialog is not None:
            self.suppressed += 1  # one dialog at a time: no storm of dialogs from a repeating error
            return
        QTimer.singleShot(0, lambda: self.show(text))

    def show(self, text: str) -> QMessageBox:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("年报助手 · 意外错误")
        box.setText("程序遇到一个意外错误。您的报告会自动备份，通常可以继续工作；建议尽快保存。")
        where = f"详细信息已记录在日志文件：\n{self.log_path}" if self.log_path else ""
        box.setInformativeText(where + "\n如问题反复出现，请点“复制详细信息”并发给技术支持。")
        box.setDetailedText(text)
        copy = box.addButton("复制详细信息", QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()  # copying must not close the dialog
        copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
        box.addButton("继续", QMessageBox.ButtonRole.AcceptRole)
        box.finished.connect(self._closed)
        self.dialog = box
        box.open()
        return box

    def _closed(self, *_: object) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.suppressed = 0
