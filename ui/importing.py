"""File → 导入…: bring a published report (Excel, text, web page, PDF) in through app.importers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui import dialogs

if TYPE_CHECKING:
    from app.importers import ImportResult
    from ui.main_window import MainWindow

IMPORT_FILTER = (
    "可导入的报告 (*.xlsx *.txt *.html *.htm *.pdf);;Excel 工作簿 (*.xlsx);;文本文件 (*.txt);;"
    "网页 (*.html *.htm);;PDF 文件 (*.pdf)"
)
MAX_LISTED = 15


def importer_for(path: Path) -> Callable[[str], ImportResult] | None:
    """The importer function for a file, chosen by its extension (None: not importable)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from app.importers.xlsx import import_xlsx_file

        return import_xlsx_file
    if suffix in (".html", ".htm"):
        from app.importers.html import import_html_file

        return import_html_file
    if suffix == ".pdf":
        from app.importers.pdf import import_pdf

        return import_pdf
    if suffix == ".txt":
        from app.importers.text import import_text, read_text_file

        return lambda name: import_text(read_text_file(name))
    return None


def import_path(window: MainWindow, path: Path) -> bool:
    """Import ``path`` as a new, unsaved report; the problems to review are listed for the clerk."""
    from app.importers import SourceError

    importer = importer_for(path)
    if importer is None:
        dialogs.show_error(window, "无法导入", f"“{path.name}”不是可导入的文件类型（xlsx、txt、html、pdf）。")
        return False
    try:
        result = importer(str(path))
    except SourceError as exc:
        dialogs.show_error(window, "无法导入", str(exc))
        return False
    window.replace_document(result.document, None, modified=True)
    summary = f"已从“{path.name}”导入：{result.document.title}"
    if result.problems:
        show_import_problems(window, summary, result)
    window.statusBar().showMessage(summary + "。请核对后另存为项目文件。", 10000)
    return True


def show_import_problems(window: MainWindow, summary: str, result: ImportResult) -> None:
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Information if not result.needs_review else QMessageBox.Icon.Warning)
    box.setWindowTitle("导入完成")
    box.setText(f"{summary}。\n有 {len(result.problems)} 处需要您对照原文核对。")
    listed = [str(p) for p in result.problems]
    more = f"\n……另有 {len(listed) - MAX_LISTED} 处，见“显示详细信息”" if len(listed) > MAX_LISTED else ""
    box.setInformativeText("\n".join(listed[:MAX_LISTED]) + more)
    box.setDetailedText("\n".join(listed))
    box.open()  # not modal: the clerk can keep it beside the tables while checking


def run_import(window: MainWindow) -> None:
    if not window.confirm_discard():
        return
    name, _ = QFileDialog.getOpenFileName(window, "导入已发布的报告", str(window.start_dir()), IMPORT_FILTER)
    if name:
        import_path(window, Path(name))
