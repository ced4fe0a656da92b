"""Import: 文件 → 导入…, text pasted from the clipboard, dropped files, and the 导入核对清单 dock."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui import dialogs
from ui.background import BackgroundTask, busy_dialog
from ui.features.base import Feature, WindowContext
from ui.menus import Group, Menu, MenuItem

if TYPE_CHECKING:
    from app.importers import ImportResult
    from app.importers.common import Problem
    from ui.import_panel import ImportProblemsPanel

CLIPBOARD_SOURCE = "粘贴的文字"
DOCK_WEIGHT = 9  # of the bottom area's width, beside the issue list
DOCK_LINES = 15


class PasteDialog(QDialog):
    """A box to paste the published report's text into (pre-filled from the clipboard)."""

    def __init__(self, parent: QWidget | None, initial: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("从剪贴板导入已发布的报告文字")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "在政府网站或文档中选中整篇年度报告（从标题到最后），复制后粘贴到下面，再点“导入”。"
            "表格的数字和各部分文字都会读入新报告；读不准的地方会列在“导入核对清单”中。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(initial)
        self.editor.setPlaceholderText("在此粘贴（Ctrl+V）已发布的年度报告全文")
        em = self.fontMetrics().horizontalAdvance("中")
        self.editor.setMinimumSize(40 * em, 16 * self.fontMetrics().lineSpacing())
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.editor.toPlainText().strip()))


def ask_pasted_text(parent: QWidget | None, initial: str) -> str | None:
    dialog = PasteDialog(parent, initial)
    try:
        return dialog.editor.toPlainText() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class ImportFeature(Feature):
    """Brings a published report (Excel, Word, text, web page, PDF) in as a new, unsaved report."""

    finished = Signal(str)  # "imported", "failed" or "cancelled"

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        self.act_import = self.action("导入(&I)…", self.import_dialog, None, "从 Excel 表格或已发布的年报文字导入")
        self.act_import_clipboard = self.action(
            "从剪贴板导入已发布的报告文字(&T)…",
            self.import_clipboard,
            None,
            "把从网页或文档中复制的已发布年报全文导入为新报告",
        )
        self.disable_when_read_only(self.act_import, self.act_import_clipboard)
        self.dock: QDockWidget | None = None  # the 导入核对清单, created by the first import that needs it
        self.task: BackgroundTask[ImportResult] | None = None
        self.progress: QProgressDialog | None = None  # the busy bar while an import runs

    def menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(Menu.FILE, Group.FILE_IMPORT, 10, self.act_import),
            MenuItem(Menu.FILE, Group.FILE_IMPORT, 20, self.act_import_clipboard),
        ]

    # ------------------------------------------------------------------ starting an import
    def import_dialog(self) -> None:
        from app.importers.registry import dialog_filter

        if self.window.read_only or not self.window.confirm_discard():
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window.widget, "导入已发布的报告", str(self.window.start_dir()), dialog_filter()
        )
        if name:
            self.import_path(Path(name))

    def import_clipboard(self) -> bool:
        if self.window.read_only or not self.window.confirm_discard():
            return False
        text = ask_pasted_text(self.window.widget, QApplication.clipboard().text())
        return text is not None and self.import_pasted(text)

    def accepts_drop(self, path: Path) -> bool:
        from app.importers.registry import importer_for

        return not self.window.read_only and importer_for(path) is not None

    def drop(self, path: Path) -> None:
        if self.window.confirm_discard():
            self.import_path(path)

    def import_path(self, path: Path) -> bool:
        """Start importing ``path`` as a new, unsaved report; False if another import is still running.

        The file is read in a worker thread behind a busy bar with 取消; ``finished`` says how it ended.
        """
        from app.importers.registry import import_file

        return self._start(lambda: import_file(path), path.name, path)

    def import_pasted(self, text: str) -> bool:
        """Start importing the text of a published report (as copied from a web page or a document)."""
        from app.importers.registry import clean_result
        from app.importers.text import import_text

        if not text.strip():
            dialogs.show_error(self.window.widget, "无法导入", "没有可导入的文字。请先在网页或文档中复制整篇年度报告。")
            return False
        return self._start(lambda: clean_result(import_text(text)), CLIPBOARD_SOURCE, None)

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def cancel(self) -> None:
        """Stop waiting for the import under way: control returns at once and its result is dropped."""
        if self.task is not None:
            self.task.cancel()

    def _start(self, work: Callable[[], ImportResult], source: str, path: Path | None) -> bool:
        if self.running:
            self.window.status("正在导入另一个文件，请稍候或先取消")
            return False
        task: BackgroundTask[ImportResult] = BackgroundTask(work, self)
        task.succeeded.connect(lambda result: self._succeeded(result, source))
        task.failed.connect(lambda exc: self._failed(exc, path or Path(source)))
        task.cancelled.connect(lambda: self._ended("cancelled", f"已取消导入“{source}”，报告没有改动"))
        self.task = task
        label = f"正在读取“{source}”…\n可随时取消，取消后当前报告保持不变。"
        self.progress = busy_dialog(self.window.widget, "导入", label, task)
        task.start()
        self.progress.show()
        return True

    def _ended(self, outcome: str, message: str = "") -> None:
        if message:
            self.window.status(message, 8000)
        self.progress = None
        self.finished.emit(outcome)

    def _succeeded(self, result: ImportResult, source: str) -> None:
        self.finish(result, source)
        self._ended("imported")

    def _failed(self, exc: BaseException, path: Path) -> None:
        from app.fileio import describe_read_error

        self._ended("failed")
        if isinstance(exc, UserError):
            dialogs.show_error(self.window.widget, "无法导入", str(exc))
        elif isinstance(exc, OSError):  # a reader that did not say it in Chinese: still no traceback
            dialogs.show_error(self.window.widget, "无法导入", describe_read_error(exc, path))
        else:  # a bug: logged and shown with its details by the error reporter, the window stays usable
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def finish(self, result: ImportResult, source: str) -> None:
        """Show the imported report and list what the clerk must check against the source."""
        self.window.replace_document(result.document, None, modified=True)
        summary = f"已从“{source}”导入：{result.document.title}"
        self.show_problems(source, result)
        if result.problems:
            summary += f"，有 {len(result.problems)} 处需要对照原文核对（见“导入核对清单”）"
        self.window.status(summary + "。请核对后另存为项目文件。", 15000)

    def closing(self) -> None:
        self.cancel()

    # ------------------------------------------------------------------ the 导入核对清单 dock
    @property
    def panel(self) -> ImportProblemsPanel | None:
        from ui.import_panel import ImportProblemsPanel

        widget = self.dock.widget() if self.dock is not None else None
        return widget if isinstance(widget, ImportProblemsPanel) else None

    def problem_dock(self) -> QDockWidget:
        """The 导入核对清单 dock, created on first use beside the issue list."""
        if self.dock is not None:
            return self.dock
        from ui.import_panel import ImportProblemsPanel

        panel = ImportProblemsPanel()
        panel.activated.connect(self._reveal_problem)
        dock = QDockWidget("导入核对清单", self.window.widget)
        dock.setObjectName("import_dock")
        dock.setWidget(panel)
        self.window.add_dock(dock, weight=DOCK_WEIGHT, lines=DOCK_LINES)
        toggle = dock.toggleViewAction()
        toggle.setText("导入核对清单")
        self.window.add_menu_items([MenuItem(Menu.VIEW, Group.VIEW_DOCKS, 20, toggle)])
        self.dock = dock
        return dock

    def show_problems(self, source: str, result: ImportResult) -> None:
        """List the problems in the dock (not modal: the clerk works through them beside the tables)."""
        if not result.problems and self.dock is None:
            return
        dock = self.problem_dock()
        panel = self.panel
        assert panel is not None
        panel.set_problems(source, result.problems)
        dock.setVisible(bool(result.problems))
        if result.problems:
            dock.raise_()

    def _reveal_problem(self, problem: Problem) -> None:
        message = f"[{problem.kind.label}] {problem.source}：{problem.message}"
        if not self.window.reveal_refs(problem.refs, message):
            self.window.status(message + "（不对应报告中的具体位置，请对照原文核对）", 10000)

    def document_replaced(self, *, modified: bool) -> None:
        """Another report: the previous import's list no longer applies (an import refills it after this)."""
        panel = self.panel
        if panel is not None and self.dock is not None:
            panel.set_problems("", [])
            self.dock.hide()
