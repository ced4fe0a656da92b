"""File → 导入…: bring a published report (Excel, text, web page, PDF) in through app.importers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.importers.registry import dialog_filter
from ui import dialogs

if TYPE_CHECKING:
    from app.importers import ImportResult
    from app.importers.common import Problem
    from ui.main_window import MainWindow

CLIPBOARD_SOURCE = "粘贴的文字"


def import_path(window: MainWindow, path: Path) -> bool:
    """Import ``path`` as a new, unsaved report; the problems to review are listed for the clerk."""
    from app.importers import SourceError
    from app.importers.registry import import_file

    try:
        result = import_file(path)
    except SourceError as exc:
        dialogs.show_error(window, "无法导入", str(exc))
        return False
    finish_import(window, result, path.name)
    return True


def import_pasted(window: MainWindow, text: str) -> bool:
    """Import the text of a published report (as copied from a web page or a document)."""
    from app.importers import SourceError
    from app.importers.text import import_text

    if not text.strip():
        dialogs.show_error(window, "无法导入", "没有可导入的文字。请先在网页或文档中复制整篇年度报告。")
        return False
    try:
        result = import_text(text)
    except SourceError as exc:
        dialogs.show_error(window, "无法导入", str(exc))
        return False
    finish_import(window, result, CLIPBOARD_SOURCE)
    return True


def finish_import(window: MainWindow, result: ImportResult, source: str) -> None:
    window.replace_document(result.document, None, modified=True)
    summary = f"已从“{source}”导入：{result.document.title}"
    show_problem_list(window, source, result)
    if result.problems:
        summary += f"，有 {len(result.problems)} 处需要对照原文核对（见“导入核对清单”）"
    window.statusBar().showMessage(summary + "。请核对后另存为项目文件。", 15000)


def problem_dock(window: MainWindow) -> QDockWidget:
    """The 导入核对清单 dock, created on first use beside the issue list."""
    if window.import_dock is not None:
        return window.import_dock
    from ui.import_panel import ImportProblemsPanel

    panel = ImportProblemsPanel()
    panel.activated.connect(lambda problem: _reveal_problem(window, problem))
    dock = QDockWidget("导入核对清单", window)
    dock.setObjectName("import_dock")
    dock.setWidget(panel)
    dock.setFeatures(window.issue_dock.features())
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.splitDockWidget(window.issue_dock, dock, Qt.Orientation.Horizontal)
    width = window.width()
    window.resizeDocks([window.issue_dock, dock], [width * 11 // 20, width * 9 // 20], Qt.Orientation.Horizontal)
    lines = window.fontMetrics().height() * 15
    window.resizeDocks([window.issue_dock, dock], [lines, lines], Qt.Orientation.Vertical)
    toggle = dock.toggleViewAction()
    toggle.setText("导入核对清单")
    window.view_menu.insertAction(window.view_menu.actions()[1], toggle)
    window.import_dock = dock
    return dock


def _reveal_problem(window: MainWindow, problem: Problem) -> None:
    message = f"[{problem.kind.label}] {problem.source}：{problem.message}"
    if not window.reveal_refs(problem.refs, message):
        window.statusBar().showMessage(message + "（不对应报告中的具体位置，请对照原文核对）", 10000)


def show_problem_list(window: MainWindow, source: str, result: ImportResult) -> None:
    """List the problems in the dock (not modal: the clerk works through them beside the tables)."""
    from ui.import_panel import ImportProblemsPanel

    if not result.problems and window.import_dock is None:
        return
    dock = problem_dock(window)
    panel = dock.widget()
    assert isinstance(panel, ImportProblemsPanel)
    panel.set_problems(source, result.problems)
    dock.setVisible(bool(result.problems))
    if result.problems:
        dock.raise_()


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


def run_clipboard_import(window: MainWindow) -> bool:
    if not window.confirm_discard():
        return False
    text = ask_pasted_text(window, QApplication.clipboard().text())
    return text is not None and import_pasted(window, text)


def run_import(window: MainWindow) -> None:
    if not window.confirm_discard():
        return
    name, _ = QFileDialog.getOpenFileName(window, "导入已发布的报告", str(window.start_dir()), dialog_filter())
    if name:
        import_path(window, Path(name))
