"""The main window: tabs derived from the format, the issue dock, menus, files and autosave."""

from __future__ import annotations

import importlib
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from app import APP_NAME
from app.document import ReportDocument
from app.errors import UserError
from app.fileio import SaveError, write_atomic
from app.persistence import ProjectError, load, save
from app.spec.model import ReportSpec, Severity
from ui.controller import DocumentController, PreviousReport
from ui.dialogs import Unsaved, ask_unsaved, show_error
from ui.issue_panel import IssuePanel
from ui.pages import MetadataPage, Page, TableSectionPage, TextSectionPage
from ui.paths import documents_dir
from ui.recovery import RecoveryStore
from ui.settings import Settings

if TYPE_CHECKING:
    from app.rules import Issue
    from ui.table_view import BlockView


AUTOSAVE_DELAY_MS = 3000
PROJECT_FILTER = "年报助手项目 (*.json);;所有文件 (*)"
_ICON_CACHE: dict[str, QIcon] = {}


def dot_icon(colour: str) -> QIcon:
    if colour not in _ICON_CACHE:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _ICON_CACHE[colour] = QIcon(pixmap)
    return _ICON_CACHE[colour]


def safe_file_name(title: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\r\n\t]+', "", title).strip()
    return name or "年度报告"


class _FirstPaint(QObject):
    """Emits ``painted`` once, after the watched widget's first paint event, and ``settled`` one
    event-loop turn later: work that the first paint does not need (validation, log files) waits
    for ``settled``, so the window is on screen and takes input first."""

    painted = Signal()
    settled = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._done = False
        self._timer = QTimer(self)  # emits after the paint has finished; dies with the widget
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.painted)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self.settled)
        self.painted.connect(self._settle.start)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    """One open report. ``open_document(path)`` and ``new_document()`` replace it (asking first)."""

    def __init__(
        self,
        doc: ReportDocument | None = None,
        path: Path | None = None,
        *,
        settings: Settings | None = None,
        recovery: RecoveryStore | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.recovery = recovery
        self.controller = DocumentController(doc or self.new_report(), self, validate=False)
        self.path: Path | None = path
        self._force_dirty = False
        self.pages: list[Page] = []
        self._spec: ReportSpec | None = None
        self.setAcceptDrops(True)
        self.setObjectName("main_window")

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.setCentralWidget(self.tabs)

        self.issue_panel = IssuePanel(self.controller)
        self.issue_panel.activated.connect(self.reveal)
        self.issue_dock = QDockWidget("问题列表", self)
        self.issue_dock.setObjectName("issues_dock")
        self.issue_dock.setWidget(self.issue_panel)
        self.issue_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.issue_dock)
        self.resizeDocks([self.issue_dock], [self.fontMetrics().height() * 11], Qt.Orientation.Vertical)

        self.counts_label = QLabel()
        self.saved_label = QLabel()
        self.previous_label = QLabel()
        self.previous_label.hide()
        self.import_dock: QDockWidget | None = None  # created by the first import
        self.statusBar().addPermanentWidget(self.previous_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.counts_label)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.autosave_now)

        stack = self.controller.undo_stack
        stack.cleanChanged.connect(self._update_modified)
        self.controller.issues_changed.connect(self._update_counts)
        self.controller.content_changed.connect(self._on_content_changed)
        self.controller.previous_changed.connect(self._update_previous)
        self.controller.undo_stepped.connect(self._on_undo_step)

        self._build_actions()
        self._build_menus()
        self._build_pages()
        self._update_counts()
        self._update_modified()
        self._update_previous()
        self.act_use_computed.setEnabled(bool(self.controller.doc.stated))
        self._page_timer = QTimer(self)  # owned by the window: never fires after it is gone
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(0)
        self._page_timer.timeout.connect(self._build_next_page)
        self.first_paint = _FirstPaint(self)
        self.first_paint.settled.connect(self._after_first_paint)
        self.resize(1280, 820)
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.state()
        if state is not None:
            self.restoreState(state)

    # ------------------------------------------------------------------ construction
    @staticmethod
    def new_report() -> ReportDocument:
        """A blank report for last year (reports are written in January for the year before)."""
        return ReportDocument.new(year=date.today().year - 1)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_new = self._action("新建(&N)", self.new_document, key.New, "新建一份空白年度报告")
        self.act_next_year = self._action(
            "新建下一年度报告(&Y)…",
            self._yearly("new_next_year"),
            None,
            "选择上一年度的报告项目，带入基本信息和上年结转数，新建下一年度的报告",
        )
        self.act_open = self._action("打开(&O)…", self.open_dialog, key.Open)
        self.act_save = self._action("保存(&S)", self.save, key.Save)
        self.act_save_as = self._action("另存为(&A)…", self.save_as, "Ctrl+Shift+S")
        self.act_import = self._action("导入(&I)…", self.import_dialog, None, "从 Excel 表格或已发布的年报文字导入")
        self.act_import_clipboard = self._action(
            "从剪贴板导入已发布的报告文字(&T)…",
            self.import_clipboard,
            None,
            "把从网页或文档中复制的已发布年报全文导入为新报告",
        )
        self.act_pdf = self._action("导出PDF(&P)…", self.export_pdf, None, "导出可发布、可打印的 PDF")
        self.act_xlsx = self._action("导出Excel(&E)…", self.export_xlsx, None, "导出带合并表头和求和公式的 Excel")
        self.act_preview = self._action(
            "打印预览(&V)", self.print_preview, key.Print, "生成 PDF 并用本机的阅读器打开，可在其中打印"
        )
        self.act_quit = self._action("退出(&X)", self.close, key.Quit)
        stack = self.controller.undo_stack
        # Our own undo action (not createUndoAction): with a cell still open, 撤销 from the menu
        # cancels that entry, as Excel does, instead of undoing an earlier step behind it.
        self.act_undo = QAction("撤销", self)
        self.act_undo.setEnabled(stack.canUndo())
        self.act_undo.triggered.connect(self.undo)
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.undoTextChanged.connect(lambda text: self.act_undo.setText(f"撤销 {text}" if text else "撤销"))
        self.act_undo.setShortcuts([QKeySequence(key.Undo)])
        self.act_redo = stack.createRedoAction(self, "重做")
        redo_keys = QKeySequence.keyBindings(key.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # what Word/WPS users press
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.act_redo.setShortcuts(redo_keys)
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_fill_zero = self._action(
            "本表空白格填0(&Z)", self.fill_blanks_with_zero, None, "把当前页表格中所有空白的单元格填为0（可撤销）"
        )
        self.act_use_computed = self._action(
            "全部改用自动计算的合计",
            self.use_computed_totals,
            None,
            "导入的报告中填写的合计与各项之和不一致时，改用自动计算的合计（可撤销）",
        )
        self.act_na = self._action("所选单元格设为不适用", self._on_view(lambda v: v.set_selection_na()))
        self.act_clear = self._action("清除所选单元格", self._on_view(lambda v: v.clear_selection()))
        self.act_next_issue = self._action("下一个问题", lambda: self.step_issue(1), "F8")
        self.act_prev_issue = self._action("上一个问题", lambda: self.step_issue(-1), "Shift+F8")
        self.act_next_page = self._action("下一页", lambda: self._step_tab(1), "Ctrl+PgDown")
        self.act_prev_page = self._action("上一页", lambda: self._step_tab(-1), "Ctrl+PgUp")
        self.act_validate = self._action("立即校验", self.controller.validate_now, "F9")
        self.act_choose_previous = self._action(
            "选择上一年度报告(&L)…",
            self._yearly("choose_previous"),
            None,
            "选择上一年度的报告项目，进行跨年度检查（上年结转、现行有效件数、内容雷同）",
        )
        self.act_unlink_previous = self._action(
            "取消关联上一年度报告", self._yearly("unlink_previous"), None, "不再进行跨年度检查（可撤销）"
        )
        self.act_stock = self._action(
            "按上年数据推算现行有效件数(&K)…",
            self._yearly("offer_stock"),
            None,
            "表二现行有效件数 = 上年度现行有效件数 + 本年制发件数 − 本年废止件数，核对后填入（可撤销）",
        )
        self.act_about = self._action("关于年报助手", self.about)
        for action in (self.act_pdf, self.act_xlsx, self.act_preview, self.act_import):
            action.setEnabled(True)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.act_new, self.act_next_year, self.act_open])
        self.recent_menu = QMenu("最近打开(&R)", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.act_import, self.act_import_clipboard])
        file_menu.addSeparator()
        file_menu.addActions([self.act_pdf, self.act_xlsx, self.act_preview])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("编辑(&E)")
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addActions([self.act_fill_zero, self.act_na, self.act_clear, self.act_use_computed])
        edit.addSeparator()
        edit.addAction(self.act_stock)
        check = bar.addMenu("校验(&C)")
        check.addActions([self.act_validate, self.act_next_issue, self.act_prev_issue])
        check.addSeparator()
        check.addActions([self.act_choose_previous, self.act_unlink_previous, self.act_stock])
        view = bar.addMenu("查看(&V)")
        self.view_menu = view
        toggle = self.issue_dock.toggleViewAction()
        toggle.setText("问题列表")
        view.addAction(toggle)
        view.addSeparator()
        view.addActions([self.act_prev_page, self.act_next_page])
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self.act_about)

    def _build_pages(self) -> None:
        """One tab for 基本信息 and one per section of the format (rebuilt if the edition changes)."""
        spec = self.controller.spec
        if self._spec is spec:
            return
        self._spec = spec
        self.tabs.clear()
        for page in self.pages:
            page.deleteLater()
        self.pages = [MetadataPage(self.controller)]
        for section in spec.sections:
            if section.kind == "table":
                self.pages.append(TableSectionPage(self.controller, section, [self.act_fill_zero]))
            else:
                self.pages.append(TextSectionPage(self.controller, section))
        for page in self.pages:
            page.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
            self.tabs.addTab(page, page.title)
            self.tabs.setTabToolTip(self.tabs.count() - 1, page.title)
        self._pending_pages = list(self.pages)

    def _after_first_paint(self) -> None:
        """Load last year's report if linked, validate, then build the other tabs one per event-loop turn."""
        if not self.controller.validation_done:
            if self.controller.doc.previous_project:
                from ui.yearly import previous_for

                self.controller.set_previous(previous_for(self.controller.doc, self.path), validate=False)
            self.controller.validate_now()
        self._page_timer.start()

    def _build_next_page(self) -> None:
        while self._pending_pages:
            page = self._pending_pages.pop(0)
            if not page.built:
                page.ensure_built()
                self._page_timer.start()
                return

    def build_all_pages(self) -> list[Page]:
        for page in self.pages:
            page.ensure_built()
        self._pending_pages = []
        return self.pages

    # ------------------------------------------------------------------ state display
    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "未命名报告"

    def is_modified(self) -> bool:
        try:
            return self._force_dirty or not self.controller.undo_stack.isClean()
        except RuntimeError:  # the window is being destroyed
            return False

    def _update_modified(self, *_: object) -> None:
        self.setWindowTitle(f"{self.display_name}[*] - {APP_NAME}")
        self.setWindowModified(self.is_modified())

    def _update_counts(self) -> None:
        issues = self.controller.issues
        if not self.controller.validation_done:
            self.counts_label.setText("正在校验…")
            return
        active = [i for i in issues if not i.explained]
        errors = sum(1 for i in active if i.severity is Severity.ERROR)
        warnings = sum(1 for i in active if i.severity is Severity.WARNING)
        explained = len(issues) - len(active)
        text = f"{errors} 个错误 · {warnings} 个警告"
        if explained:
            text += f"（另有 {explained} 个已说明）"
        self.counts_label.setText(text)
        for index, page in enumerate(self.pages):
            mine = [i for i in issues if i.section == page.section_id and not i.explained]
            errors = sum(1 for i in mine if i.severity is Severity.ERROR)
            self.tabs.setTabText(index, page.title + (f"（{len(mine)}）" if mine else ""))
            icon = dot_icon("#d93025") if errors else dot_icon("#f29900") if mine else QIcon()
            self.tabs.setTabIcon(index, icon)

    def _update_previous(self) -> None:
        """The status bar says which previous report the cross-year checks use, or why there is none."""
        previous = self.controller.previous_report
        self.previous_label.setText(previous.label)
        self.previous_label.setToolTip(previous.detail)
        self.previous_label.setStyleSheet("" if previous.document is not None else "color: #8a5a00;")
        self.previous_label.setVisible(bool(previous.label))
        self.act_unlink_previous.setEnabled(bool(self.controller.doc.previous_project))
        self.act_stock.setEnabled(previous.document is not None)

    def _yearly(self, name: str) -> Callable[[], Any]:
        def run() -> Any:
            import ui.yearly

            return getattr(ui.yearly, name)(self)

        return run

    def _on_undo_step(self, refs: tuple[str, ...], text: str, undone: bool) -> None:
        """Show what an undo or redo changed: it may be on another tab than the one in view."""
        message = f"已撤销：{text}" if undone else f"已重做：{text}"
        if not self.reveal_refs(refs, message):
            self.statusBar().showMessage(message, 8000)

    def _on_content_changed(self) -> None:
        self._update_modified()
        self.act_use_computed.setEnabled(bool(self.controller.doc.stated))
        if self.recovery is not None:
            self._autosave.start()

    # ------------------------------------------------------------------ navigation
    def page_for_ref(self, ref: str) -> Page | None:
        kind, _, rest = ref.partition(".")
        spec = self.controller.spec
        if kind == "meta":
            section_id = "meta"
        elif kind == "text":
            fld = spec.text_fields.get(rest)
            section_id = fld.section_id if fld else ""
        elif ref in spec.cells:
            section_id = spec.cells[ref].section.id
        else:
            return None
        return next((p for p in self.pages if p.section_id == section_id), None)

    def reveal(self, issue: Issue) -> None:
        """Switch to the issue's tab and select its cells (or focus its text)."""
        self.reveal_refs(issue.refs, issue.message)

    def reveal_refs(self, refs: tuple[str, ...] | list[str], message: str = "") -> bool:
        """Switch to the tab of the first known ref and select the refs on it; False if none is known."""
        for ref in refs:
            page = self.page_for_ref(ref)
            if page is None:
                continue
            page.ensure_built()
            self.tabs.setCurrentWidget(page)
            same_page = [r for r in refs if self.page_for_ref(r) is page]
            page.reveal(same_page)
            if message:
                self.statusBar().showMessage(message, 8000)
            return True
        return False

    def step_issue(self, delta: int) -> Issue | None:
        """F8 / Shift+F8: the next / previous issue of the list as it is now (after the last edit)."""
        if self.controller.validation_pending:
            self.controller.validate_now()
        issue = self.issue_panel.step(delta)
        if issue is None:
            hidden = self.issue_panel.model.rowCount()
            text = f"问题列表的筛选隐藏了全部 {hidden} 个问题" if hidden else "没有发现问题"
            self.statusBar().showMessage(text, 5000)
        return issue

    def current_page(self) -> Page | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, Page) else None

    def current_view(self) -> BlockView | None:
        page = self.current_page()
        if not isinstance(page, TableSectionPage):
            return None
        focus = self.focusWidget()
        for view in page.views:
            if view is focus or view.isAncestorOf(focus):
                return view
        return page.views[0] if page.views else None

    def _on_view(self, method: Callable[[BlockView], None]) -> Callable[[], None]:
        def run() -> None:
            view = self.current_view()
            if view is not None:
                method(view)

        return run

    def _step_tab(self, delta: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def fill_blanks_with_zero(self) -> None:
        """本表空白格填0: every blank input cell of the current tab's tables, as one undo step."""
        page = self.current_page()
        if not isinstance(page, TableSectionPage):
            self.statusBar().showMessage("请先切换到表格页（二、三、四）", 5000)
            return
        page.ensure_built()
        from decimal import Decimal

        doc = self.controller.doc
        refs = [
            ref
            for view in page.views
            for row in view.block_model.refs
            for ref in row
            if not doc.spec.cells[ref].computed and doc.cells[ref] is None
        ]
        if not refs:
            self.statusBar().showMessage("本表没有空白单元格", 5000)
            return
        self.controller.set_cells(dict.fromkeys(refs, Decimal(0)), f"本表空白格填0（{len(refs)} 个）")
        self.statusBar().showMessage(f"已将 {len(refs)} 个空白单元格填为0，可按 Ctrl+Z 撤销", 5000)

    def use_computed_totals(self) -> None:
        """Drop every stated total (from an imported report) in one undo step."""
        stated = list(self.controller.doc.stated)
        if self.controller.set_cells(dict.fromkeys(stated), f"改用自动计算的合计（{len(stated)} 个）"):
            self.statusBar().showMessage(f"{len(stated)} 个合计改为自动计算，可按 Ctrl+Z 撤销", 5000)

    # ------------------------------------------------------------------ files
    def undo(self) -> None:
        """编辑 → 撤销: cancel a cell entry still open; otherwise undo the last step."""
        for page in self.pages:
            for view in getattr(page, "views", ()):
                if view.cancel_editor():
                    self.statusBar().showMessage("已取消正在输入的内容", 5000)
                    return
        self.controller.undo_stack.undo()

    def flush_edits(self, *, close_cell_editors: bool = True) -> None:
        """Commit text still being typed, so saving and closing see everything.

        The autosave passes ``close_cell_editors=False``: closing a cell the clerk is typing in
        would make the next key start a new entry and replace what was typed so far.
        """
        for page in self.pages:
            page.flush()
        if not close_cell_editors:
            return
        for page in self.pages:
            for view in getattr(page, "views", ()):
                view.commit_editor()

    def start_dir(self) -> Path:
        if self.path is not None:
            return self.path.parent
        return self.settings.last_dir() or documents_dir()

    def confirm_discard(self) -> bool:
        """Ask before replacing or closing a report with unsaved changes; True to go on."""
        self.flush_edits()
        if not self.is_modified():
            return True
        answer = ask_unsaved(self, self.display_name)
        if answer is Unsaved.SAVE:
            return self.save()
        return answer is Unsaved.DISCARD

    def replace_document(
        self,
        doc: ReportDocument,
        path: Path | None,
        *,
        modified: bool = False,
        previous: PreviousReport | None = None,
    ) -> None:
        """Show ``doc``; its linked previous report is loaded unless ``previous`` is given."""
        if previous is None:
            from ui.yearly import previous_for

            previous = previous_for(doc, path)
        self.clear_import_problems()
        self.controller.set_document(doc, previous)
        self._build_pages()
        self.path = path
        self._force_dirty = modified
        self._update_modified()
        self._update_counts()
        self.act_use_computed.setEnabled(bool(doc.stated))
        if self.recovery is not None:
            if modified:
                self.autosave_now()
            else:
                self.recovery.discard()

    def new_document(self) -> bool:
        if not self.confirm_discard():
            return False
        self.replace_document(self.new_report(), None)
        self.saved_label.setText("")
        return True

    def open_dialog(self) -> bool:
        if not self.confirm_discard():
            return False
        name, _ = QFileDialog.getOpenFileName(self, "打开报告", str(self.start_dir()), PROJECT_FILTER)
        return bool(name) and self.open_document(Path(name), ask=False)

    def open_document(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a project file; errors from the core appear as a dialog."""
        path = Path(path)
        if ask and not self.confirm_discard():
            return False
        try:
            doc = load(path)
        except ProjectError as exc:
            show_error(self, "无法打开", str(exc))
            return False
        self.replace_document(doc, path)
        self.settings.add_recent(path)
        self.saved_label.setText("")
        self.statusBar().showMessage(f"已打开 {path}", 5000)
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        suggested = self.start_dir() / (safe_file_name(self.controller.doc.title) + ".json")
        if self.path is not None:
            suggested = self.path
        name, _ = QFileDialog.getSaveFileName(self, "保存报告", str(suggested), PROJECT_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".json")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        self.flush_edits()
        self._relink_previous(path)
        try:
            save(self.controller.doc, path)
        except SaveError as exc:
            show_error(self, "保存失败", str(exc))
            return False
        self.path = path
        self._force_dirty = False
        self.controller.undo_stack.setClean()
        self._update_modified()
        self.settings.add_recent(path)
        if self.recovery is not None:
            self.recovery.discard()
        self.saved_label.setText(f"已保存 {datetime.now():%H:%M}")
        self.statusBar().showMessage(f"已保存到 {path}", 5000)
        return True

    def _relink_previous(self, path: Path) -> None:
        """Saving elsewhere: the link to last year's report is re-expressed relative to the new folder."""
        doc = self.controller.doc
        target = self.controller.previous_report.path
        if doc.previous_project and target is not None and target.exists():
            from app.yearly import relative_link

            doc.previous_project = relative_link(target, path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        if not recent:
            empty = self.recent_menu.addAction("（无）")
            empty.setEnabled(False)
            return
        for i, path in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_document(p))
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("清空列表", self.settings.clear_recent)

    # ------------------------------------------------------------------ autosave
    def autosave_now(self) -> None:
        """Write the recovery copy (only the app's data folder; never the user's file)."""
        self._autosave.stop()
        if self.recovery is None:
            return
        self.flush_edits(close_cell_editors=False)
        if not self.is_modified():
            self.recovery.discard()
            return
        try:
            self.recovery.write(self.controller.doc, self.path)
        except SaveError as exc:
            import logging

            logging.getLogger(__name__).warning("autosave failed: %s", exc)
            self.saved_label.setText("自动备份失败")
            return
        self.saved_label.setText(f"已自动备份 {datetime.now():%H:%M:%S}")

    # ------------------------------------------------------------------ export / import
    def _builder(self, module: str, *names: str) -> Callable[..., Any] | None:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            return None
        for name in names:
            fn = getattr(mod, name, None)
            if callable(fn):
                return fn  # type: ignore[no-any-return]
        return None

    def _export(self, module: str, names: tuple[str, ...], suffix: str, kind: str) -> Path | None:
        build = self._builder(module, *names)
        if build is None:
            show_error(self, f"导出{kind}", f"此版本尚未包含导出{kind}的功能。")
            return None
        self.flush_edits()
        suggested = self.start_dir() / (safe_file_name(self.controller.doc.title) + suffix)
        filter_ = f"{kind} 文件 (*{suffix})"
        name, _ = QFileDialog.getSaveFileName(self, f"导出{kind}", str(suggested), filter_)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path if self._write_export(build, path, kind) else None

    def _has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.controller.issues)

    def _write_export(self, build: Callable[..., Any], path: Path, kind: str) -> bool:
        """Build and write atomically; a report with errors is marked 草稿 (draft) by the exporters."""
        if self.controller.validation_pending or not self.controller.validation_done:
            self.controller.validate_now()  # the draft mark must see the edit just committed
        try:
            data = build(self.controller.doc, draft=self._has_errors())
            write_atomic(path, data)
        except UserError as exc:  # a locked file, a full disk, no usable font for the PDF …
            show_error(self, f"导出{kind}失败", str(exc))
            return False
        self.statusBar().showMessage(f"已导出 {path}", 8000)
        return True

    def export_pdf(self) -> Path | None:
        path = self._export("app.export.pdf", ("build_pdf",), ".pdf", "PDF")
        self._note_draft(path)
        return path

    def export_xlsx(self) -> Path | None:
        path = self._export("app.export.xlsx", ("build_workbook",), ".xlsx", "Excel")
        self._note_draft(path)
        return path

    def _note_draft(self, path: Path | None) -> None:
        if path is not None and self._has_errors():
            self.statusBar().showMessage(f"已导出 {path}（报告还有错误，已标为“草稿”；修正后请重新导出）", 10000)

    def print_preview(self) -> None:
        """Build the PDF into a temporary file and open it in the PC's PDF reader, to view and print."""
        build = self._builder("app.export.pdf", "build_pdf")
        if build is None:
            show_error(self, "打印预览", "此版本尚未包含 PDF 导出，无法预览。")
            return
        self.flush_edits()
        folder = Path(tempfile.gettempdir()) / "nianbao-preview"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"预览-{datetime.now():%H%M%S}.pdf"
        if not self._write_export(build, path, "PDF"):
            return
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.statusBar().showMessage("打印预览已在 PDF 阅读器中打开（临时文件；正式文件请用“导出PDF”保存）", 8000)
        else:
            show_error(self, "打印预览", f"已生成预览文件，但本机没有可打开 PDF 的程序：\n{path}")

    def import_dialog(self) -> None:
        from ui.importing import run_import

        run_import(self)

    def import_clipboard(self) -> None:
        from ui.importing import run_clipboard_import

        run_clipboard_import(self)

    def clear_import_problems(self) -> None:
        if self.import_dock is not None:
            from ui.import_panel import ImportProblemsPanel

            panel = self.import_dock.widget()
            assert isinstance(panel, ImportProblemsPanel)
            panel.set_problems("", [])
            self.import_dock.hide()

    # ------------------------------------------------------------------ misc
    def about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            "关于年报助手",
            f"年报助手 {__version__}\n\n政府信息公开工作年度报告填报、校验与导出工具。\n"
            f"报告格式：{self.controller.spec.name}\n全部数据保存在本机，不联网。",
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from app.importers.registry import importer_for

        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            dropped = Path(urls[0].toLocalFile())
            if dropped.suffix.lower() == ".json" or importer_for(dropped) is not None:
                event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A project file opens; a published report (xlsx, txt, html, pdf) is imported."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            dropped = Path(urls[0].toLocalFile())
            if dropped.suffix.lower() == ".json":
                QTimer.singleShot(0, lambda: self.open_document(dropped))
            else:
                QTimer.singleShot(0, lambda: self._import_dropped(dropped))

    def _import_dropped(self, path: Path) -> None:
        from ui.importing import import_path

        if self.confirm_discard():
            import_path(self, path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self._page_timer.stop()
        self._pending_pages = []
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        if self.recovery is not None:
            self._autosave.stop()
            self.recovery.close()
        event.accept()
