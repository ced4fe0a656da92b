"""Files: 新建, 打开, 最近打开, 保存, 另存为 (另存为副本 when read-only), 生成报送文件, autosave and crash recovery."""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox

from app.document import ReportDocument
from app.fileio import SaveError
from app.persistence import ProjectError, load, save
from app.seal import ValidationSummary, make_seal
from ui import dialogs
from ui.features.base import Feature, StatusItem, WindowContext
from ui.menus import Group, Menu, MenuItem
from ui.recovery import RecoveryStore

AUTOSAVE_DELAY_MS = 3000
PROJECT_FILTER = "年报助手项目 (*.json);;所有文件 (*)"


def new_report() -> ReportDocument:
    """A blank report for last year (reports are written in January for the year before)."""
    return ReportDocument.new(year=date.today().year - 1)


def safe_file_name(title: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\r\n\t]+', "", title).strip()
    return name or "年度报告"


def ask_restore(box: QMessageBox) -> object:
    """Shows the recovery question (a seam for tests that run without a person)."""
    box.exec()
    return box.clickedButton()


class FilesFeature(Feature):
    """The report's file: open and save it; a recovery copy of unsaved work in the app's data folder."""

    def __init__(self, window: WindowContext, recovery: RecoveryStore | None) -> None:
        super().__init__(window)
        self.recovery = None if window.read_only else recovery  # a read-only report has no unsaved work
        key = QKeySequence.StandardKey
        self.act_new = self.action("新建(&N)", self.new_document, key.New, "新建一份空白年度报告")
        self.act_open = self.action("打开(&O)…", self.open_dialog, key.Open)
        self.act_save = self.action("保存(&S)", self.save, key.Save)
        self.act_save_as = self.action("另存为(&A)…", self.save_as, "Ctrl+Shift+S")
        self.act_save_copy = self.action(
            "另存为副本(&C)…", self.save_copy_dialog, None, "把此报告另存一份可编辑的副本；原文件保持不变"
        )
        self.act_submit = self.action(
            "生成报送文件(&B)…",
            self.submit_dialog,
            None,
            "校验后另存一份带数据指纹的报送文件，交政务公开办汇总；本报告文件保持不变",
        )
        self.act_collect = self.action(
            "汇总各单位报告(&G)…",
            self.open_collect,
            None,
            "政务公开办用：读取一个文件夹中各单位的报告，核对、汇总；文件夹中的文件不会被修改",
        )
        self.collect_window: QMainWindow | None = None
        self.act_quit = self.action("退出(&X)", window.widget.close, key.Quit)
        self.recent_menu = QMenu("最近打开(&R)", window.widget)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.disable_when_read_only(self.act_new, self.act_open, self.act_save, self.act_save_as, self.act_submit)
        self.recent_menu.setEnabled(not window.read_only)
        self.saved_label = QLabel()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.autosave_now)
        window.controller.content_changed.connect(self._on_content_changed)

    def menu_items(self) -> list[MenuItem]:
        items = [
            MenuItem(Menu.FILE, Group.FILE_DOCUMENT, 10, self.act_new),
            MenuItem(Menu.FILE, Group.FILE_DOCUMENT, 30, self.act_open),
            MenuItem(Menu.FILE, Group.FILE_DOCUMENT, 40, self.recent_menu),
            MenuItem(Menu.FILE, Group.FILE_SAVE, 10, self.act_save),
            MenuItem(Menu.FILE, Group.FILE_SAVE, 20, self.act_save_as),
            MenuItem(Menu.FILE, Group.FILE_QUIT, 10, self.act_quit),
        ]
        if self.window.read_only:
            items.append(MenuItem(Menu.FILE, Group.FILE_SAVE, 30, self.act_save_copy))
        else:
            items.append(MenuItem(Menu.FILE, Group.FILE_SAVE, 40, self.act_submit))
            items.append(MenuItem(Menu.FILE, Group.FILE_DOCUMENT, 50, self.act_collect))
        return items

    # ------------------------------------------------------------------ 汇总
    def open_collect(self) -> QMainWindow:
        """汇总各单位报告…: the office's workspace in its own window (one per window, raised if open)."""
        from ui.collect.window import CollectWindow

        if self.collect_window is None:
            self.collect_window = CollectWindow(self.window.open_window, self.window.settings)
        self.collect_window.show()
        self.collect_window.raise_()
        self.collect_window.activateWindow()
        return self.collect_window

    def status_items(self) -> list[StatusItem]:
        return [StatusItem(20, self.saved_label)]

    # ------------------------------------------------------------------ open
    def new_document(self) -> bool:
        if self.window.read_only or not self.window.confirm_discard():
            return False
        self.window.replace_document(new_report(), None)
        self.saved_label.setText("")
        return True

    def open_dialog(self) -> bool:
        if self.window.read_only or not self.window.confirm_discard():
            return False
        name, _ = QFileDialog.getOpenFileName(
            self.window.widget, "打开报告", str(self.window.start_dir()), PROJECT_FILTER
        )
        return bool(name) and self.open_document(Path(name), ask=False)

    def open_document(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a project file; errors from the core appear as a dialog."""
        path = Path(path)
        if self.window.read_only or (ask and not self.window.confirm_discard()):
            return False
        try:
            doc = load(path)
        except ProjectError as exc:
            dialogs.show_error(self.window.widget, "无法打开", str(exc))
            return False
        self.window.replace_document(doc, path)
        self.window.settings.add_recent(path)
        self.saved_label.setText("")
        self.window.status(f"已打开 {path}")
        return True

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.window.settings.recent_files()
        if not recent:
            empty = menu.addAction("（无）")
            empty.setEnabled(False)
            return
        for i, path in enumerate(recent, 1):
            action = menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_document(p))
        menu.addSeparator()
        menu.addAction("清空列表", self.window.settings.clear_recent)

    def accepts_drop(self, path: Path) -> bool:
        return path.suffix.lower() == ".json" and not self.window.read_only

    def drop(self, path: Path) -> None:
        self.open_document(path)

    # ------------------------------------------------------------------ save
    def save(self) -> bool:
        path = self.window.path
        if path is None:
            return self.save_as()
        return self.save_to(path)

    def _suggested(self) -> Path:
        return self.window.path or self.window.start_dir() / (
            safe_file_name(self.window.controller.doc.title) + ".json"
        )

    def _ask_path(self, title: str, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window.widget, title, str(suggested), PROJECT_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".json")

    def save_as(self) -> bool:
        path = self._ask_path("保存报告", self._suggested())
        return path is not None and self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the report to ``path`` and show it as that file from now on."""
        if self.window.read_only:
            return False
        self.window.flush_edits()
        self._relink_previous(path)
        try:
            removed = save(self.window.controller.doc, path)
        except SaveError as exc:
            dialogs.show_error(self.window.widget, "保存失败", str(exc))
            return False
        if removed:
            dialogs.show_error(self.window.widget, "保存时删除了无法保存的字符", "\n".join(removed))
        self.window.mark_saved(path)
        self.window.settings.add_recent(path)
        if self.recovery is not None:
            self.recovery.discard()
        self.saved_label.setText(f"已保存 {datetime.now():%H:%M}")
        self.window.status(f"已保存到 {path}")
        return True

    def save_copy_dialog(self) -> bool:
        """另存为副本…: a copy elsewhere; the window stays on the original file."""
        source = self.window.path
        suggested = self._suggested()
        if source is not None:
            suggested = source.with_name(f"{source.stem}（副本）.json")  # a copy is a project, even of an import
        path = self._ask_path("另存为副本", suggested)
        return path is not None and self.save_copy(path)

    def save_copy(self, path: Path) -> bool:
        """Write a copy of the report to ``path`` (never over the file the report was opened from)."""
        source = self.window.path
        if source is not None and path.resolve() == source.resolve():
            dialogs.show_error(self.window.widget, "另存为副本", "副本不能保存为原文件，请换一个文件名或文件夹。")
            return False
        doc = self.window.controller.doc
        copy = dataclasses.replace(doc, previous_project=self._link_from(path))
        try:
            save(copy, path)
        except SaveError as exc:
            dialogs.show_error(self.window.widget, "保存失败", str(exc))
            return False
        self.window.status(f"已另存副本到 {path}（本窗口仍显示原文件）", 8000)
        return True

    def _link_from(self, path: Path) -> str | None:
        """The link to last year's report as seen from a file saved at ``path``."""
        doc = self.window.controller.doc
        target = self.window.controller.previous_report.path
        if doc.previous_project and target is not None and target.exists():
            from app.yearly import relative_link

            return relative_link(target, path)
        return doc.previous_project

    def _relink_previous(self, path: Path) -> None:
        """Saving elsewhere: the link to last year's report is re-expressed relative to the new folder."""
        self.window.controller.doc.previous_project = self._link_from(path)

    # ------------------------------------------------------------------ 报送文件
    def submit_dialog(self) -> bool:
        """生成报送文件…: ask where, then write the sealed copy (``submit_to``)."""
        if self.window.read_only:
            return False
        source = self.window.path
        if source is not None:
            suggested = source.with_name(f"{source.stem}（报送）{source.suffix or '.json'}")
        else:
            suggested = self.window.start_dir() / f"{safe_file_name(self.window.controller.doc.title)}（报送）.json"
        path = self._ask_path("生成报送文件", suggested)
        return path is not None and self.submit_to(path)

    def submit_to(self, path: Path) -> bool:
        """Check the report now and write a copy sealed with that result to ``path`` (never over the report's file).

        The report's own file and the window stay as they are: the clerk goes on working in the project,
        the sealed copy is what goes to the office.
        """
        if self.window.read_only:
            return False
        source = self.window.path
        if source is not None and path.resolve() == source.resolve():
            dialogs.show_error(
                self.window.widget,
                "生成报送文件",
                "报送文件不能保存为正在编辑的报告文件，请换一个文件名（例如在名称后加“（报送）”）。",
            )
            return False
        self.window.flush_edits()
        controller = self.window.controller
        controller.validate_now()
        summary = ValidationSummary.of(controller.issues)
        if summary.errors and not dialogs.confirm(
            self.window.widget,
            "生成报送文件",
            f"报告还有 {summary.errors} 个错误。政务公开办汇总时，有错误的报告默认不计入。\n仍要生成报送文件吗？",
            "仍然生成",
        ):
            return False
        copy = dataclasses.replace(controller.doc, previous_project=self._link_from(path))
        seal = make_seal(copy, controller.issues)
        try:
            removed = save(copy, path, seal)  # the project save path: size cap, backup, removed characters
        except SaveError as exc:
            dialogs.show_error(self.window.widget, "生成报送文件失败", str(exc))
            return False
        if removed:
            dialogs.show_error(self.window.widget, "保存时删除了无法保存的字符", "\n".join(removed))
        self.window.status(f"已生成报送文件 {path}", 10000)
        dialogs.show_info(
            self.window.widget,
            "已生成报送文件",
            f"报送文件已保存到：\n{path}\n\n校验结果：{summary.describe()}。\n"
            "请把此文件交给政务公开办。报送文件生成后如再被修改，汇总时会显示“已改动”。",
        )
        return True

    # ------------------------------------------------------------------ autosave and recovery
    def _on_content_changed(self) -> None:
        if self.recovery is not None:
            self._autosave.start()

    def autosave_now(self) -> None:
        """Write the recovery copy (only the app's data folder; never the user's file)."""
        self._autosave.stop()
        if self.recovery is None:
            return
        self.window.flush_edits(close_cell_editors=False)
        if not self.window.is_modified():
            self.recovery.discard()
            return
        try:
            self.recovery.write(self.window.controller.doc, self.window.path)
        except SaveError as exc:
            logging.getLogger(__name__).warning("autosave failed: %s", exc)
            self.saved_label.setText("自动备份失败")
            return
        self.saved_label.setText(f"已自动备份 {datetime.now():%H:%M:%S}")

    def document_replaced(self, *, modified: bool) -> None:
        if self.recovery is not None:
            if modified:
                self.autosave_now()
            else:
                self.recovery.discard()

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest orphaned recovery copy. True if it was restored."""
        store = self.recovery
        orphans = store.orphans() if store is not None else []
        if store is None or not orphans:
            return False
        latest = orphans[0]
        name = latest.source.name if latest.source else "未命名报告"
        box = QMessageBox(self.window.widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("恢复未保存的工作")
        box.setText(f"年报助手上次没有正常关闭。发现“{name}”在 {latest.when} 自动备份的内容，尚未保存到文件。")
        box.setInformativeText("是否恢复？恢复后请检查内容并保存。")
        restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("不恢复（删除备份）", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        if ask_restore(box) is not restore:
            store.remove(latest)
            return False
        self.window.replace_document(latest.doc, latest.source, modified=True)
        store.remove(latest)
        self.window.status(f"已恢复 {latest.when} 自动备份的内容，请检查后保存", 10000)
        return True

    def closing(self) -> None:
        if self.recovery is not None:
            self._autosave.stop()
            self.recovery.close()
