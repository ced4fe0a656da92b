"""Export: 导出PDF, 导出Excel, 导出Word, 导出网页, 复制为网页表格, 导出审核报告 and 打印预览 (the PDF opened in the PC's
reader); a report with errors is a 草稿."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog

from app.document import ReportDocument
from app.errors import UserError
from app.fileio import write_atomic
from app.spec.model import Severity
from ui import dialogs
from ui.features.base import Feature, WindowContext
from ui.features.files import safe_file_name
from ui.menus import Group, Menu, MenuItem


class Builder(Protocol):
    """Builds an export's content; ``draft`` marks a report that still has errors."""

    def __call__(self, doc: ReportDocument, *, draft: bool) -> bytes: ...


def build_pdf(doc: ReportDocument, *, draft: bool) -> bytes:
    from app.export.pdf import build_pdf as build  # the exporters load on first use, not at start

    return build(doc, draft=draft)


def build_xlsx(doc: ReportDocument, *, draft: bool) -> bytes:
    from app.export.xlsx import build_workbook

    return build_workbook(doc, draft=draft)


def build_docx(doc: ReportDocument, *, draft: bool) -> bytes:
    from app.export.docx import build_docx as build

    return build(doc, draft=draft)


def build_html(doc: ReportDocument, *, draft: bool) -> bytes:
    from app.export.html import build_html as build

    return build(doc, draft=draft)


class ExportFeature(Feature):
    """Writes the official layout next to the report; never changes the report itself."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        self.act_pdf = self.action("导出PDF(&P)…", self.export_pdf, None, "导出可发布、可打印的 PDF")
        self.act_xlsx = self.action("导出Excel(&E)…", self.export_xlsx, None, "导出带合并表头和求和公式的 Excel")
        self.act_docx = self.action("导出Word(&W)…", self.export_docx, None, "导出可在 Word/WPS 中修改、送审的 .docx")
        self.act_html = self.action("导出网页(&H)…", self.export_html, None, "导出可直接在政府网站发布的网页（.html）")
        self.act_copy_html = self.action(
            "复制为网页表格(&M)",
            self.copy_html_tables,
            None,
            "把表二、表三、表四复制为网页表格，可粘贴到网站后台的编辑器",
        )
        self.act_audit = self.action(
            "导出审核报告(&D)…",
            self.export_audit,
            None,
            "导出审核报告 PDF：每条规则的检查结果、警告的核实说明、跨年度检查和数据指纹，供送审存档",
        )
        self.act_preview = self.action(
            "打印预览(&V)",
            self.print_preview,
            QKeySequence.StandardKey.Print,
            "生成 PDF 并用本机的阅读器打开，可在其中打印",
        )

    def menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 10, self.act_pdf),
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 20, self.act_xlsx),
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 30, self.act_docx),
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 40, self.act_html),
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 50, self.act_copy_html),
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 60, self.act_audit),
            MenuItem(Menu.FILE, Group.FILE_EXPORT, 90, self.act_preview),
        ]

    def export_pdf(self) -> Path | None:
        return self.export(build_pdf, ".pdf", "PDF")

    def export_xlsx(self) -> Path | None:
        return self.export(build_xlsx, ".xlsx", "Excel")

    def export_docx(self) -> Path | None:
        return self._cleaned(self.export(build_docx, ".docx", "Word"))

    def export_html(self) -> Path | None:
        return self._cleaned(self.export(build_html, ".html", "网页"))

    def _cleaned(self, path: Path | None) -> Path | None:
        """Say which texts lost characters that Word and web pages cannot carry (control characters)."""
        from app.export.text import unwritable_places

        notes = unwritable_places(self.window.controller.doc) if path is not None else []
        if notes:
            self.window.status(f"已导出 {path}；" + "；".join(notes), 15000)
        return path

    def export_audit(self) -> Path | None:
        """The audit sheet, with the cross-year rules against last year's report when one is linked."""
        previous = self.window.controller.previous_report

        def build(doc: ReportDocument, *, draft: bool) -> bytes:
            from app.export.audit import build_audit

            name = previous.path.name if previous.path else ""
            return build_audit(doc, previous.document, previous_name=name, previous_reason=previous.reason)

        return self.export(build, ".pdf", "审核报告", audit=True)

    def copy_html_tables(self) -> None:
        """The three tables as HTML on the clipboard (for a portal editor), with tab-separated text beside."""
        from app.export.html import tables_html, tables_text

        self.window.flush_edits()
        doc = self.window.controller.doc
        mime = QMimeData()
        mime.setHtml(tables_html(doc))
        mime.setText(tables_text(doc))
        QGuiApplication.clipboard().setMimeData(mime)
        note = "（报告还有错误，请改正后再发布）" if self._has_errors() else ""
        self.window.status(f"已复制表二、表三、表四，可粘贴到网站编辑器或 Excel{note}", 8000)

    def export(self, build: Builder, suffix: str, kind: str, *, audit: bool = False) -> Path | None:
        """Ask where, then write; the file's path, or None when cancelled or failed. ``audit``: the audit sheet
        (named …审核报告.pdf, never a draft: it lists the errors itself)."""
        window = self.window
        window.flush_edits()
        title = window.controller.doc.title + ("审核报告" if audit else "")
        suggested = window.start_dir() / (safe_file_name(title) + suffix)
        filter_ = f"{kind} 文件 (*{suffix})"
        name, _ = QFileDialog.getSaveFileName(window.widget, f"导出{kind}", str(suggested), filter_)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        if not self.write(build, path, kind):
            return None
        if self._has_errors() and not audit:
            window.status(f"已导出 {path}（报告还有错误，已标为“草稿”；修正后请重新导出）", 10000)
        return path

    def _has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.window.controller.issues)

    def write(self, build: Builder, path: Path, kind: str) -> bool:
        """Build and write atomically; a report with errors is marked 草稿 (draft) by the exporters."""
        controller = self.window.controller
        if controller.validation_pending or not controller.validation_done:
            controller.validate_now()  # the draft mark must see the edit just committed
        try:
            data = build(controller.doc, draft=self._has_errors())
            write_atomic(path, data)
        except UserError as exc:  # a locked file, a full disk, no usable font for the PDF …
            dialogs.show_error(self.window.widget, f"导出{kind}失败", str(exc))
            return False
        self.window.status(f"已导出 {path}", 8000)
        return True

    def print_preview(self) -> None:
        """Build the PDF into a temporary file and open it in the PC's PDF reader, to view and print."""
        self.window.flush_edits()
        folder = Path(tempfile.gettempdir()) / "nianbao-preview"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"预览-{datetime.now():%H%M%S}.pdf"
        if not self.write(build_pdf, path, "PDF"):
            return
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.window.status("打印预览已在 PDF 阅读器中打开（临时文件；正式文件请用“导出PDF”保存）", 8000)
        else:
            dialogs.show_error(self.window.widget, "打印预览", f"已生成预览文件，但本机没有可打开 PDF 的程序：\n{path}")
