"""The main window: one tab per report section, composed with the features that own its actions, menus and docks.

The window holds what every feature shares (the controller, the tabs, the file the report came
from and whether it is saved) and offers it through ``ui.features.base.WindowContext``; the
features never import this module. See docs/ui.md, "How to add a window feature".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.document import ReportDocument
from app.spec.model import ReportSpec
from ui import dialogs, palette
from ui.controller import DocumentController
from ui.features.base import Feature
from ui.features.editing import EditingFeature
from ui.features.export import ExportFeature
from ui.features.files import FilesFeature, new_report
from ui.features.help import HelpFeature
from ui.features.importing import ImportFeature
from ui.features.navigation import NavigationFeature
from ui.features.validation import ValidationFeature
from ui.features.yearly import YearlyFeature
from ui.menus import MenuBar, MenuItem
from ui.pages import MetadataPage, Page, TableSectionPage, TextSectionPage
from ui.paths import documents_dir
from ui.previous import PreviousReport, previous_for
from ui.recovery import RecoveryStore
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.table_view import BlockView

DOCK_FEATURES = (
    QDockWidget.DockWidgetFeature.DockWidgetMovable
    | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    | QDockWidget.DockWidgetFeature.DockWidgetClosable
)
READ_ONLY_BANNER = (
    "只读：此报告仅供查看，不能修改，也不会保存到原文件。如需在此基础上修改，请用“文件 → 另存为副本…”另存一份。"
)


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
    """One open report. With ``read_only=True`` it is shown for reading only (see docs/ui.md)."""

    def __init__(
        self,
        doc: ReportDocument | None = None,
        path: Path | None = None,
        *,
        settings: Settings | None = None,
        recovery: RecoveryStore | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self._read_only = read_only
        self.controller = DocumentController(doc or new_report(), self, validate=False, read_only=read_only)
        self._path: Path | None = path
        self._force_dirty = False
        self.pages: list[Page] = []
        self._pending_pages: list[Page] = []
        self._spec: ReportSpec | None = None
        self._docks: list[tuple[QDockWidget, int, int]] = []  # bottom docks with their width weight and lines
        self.setAcceptDrops(True)
        self.setObjectName("main_window")

        self.read_only_banner: QLabel | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.setCentralWidget(self.tabs if not read_only else self._with_read_only_banner(self.tabs))

        # The features, in the order their hooks run.
        self.files = FilesFeature(self, recovery)
        self.yearly = YearlyFeature(self)
        self.importing = ImportFeature(self)
        self.export = ExportFeature(self)
        self.validation = ValidationFeature(self)
        self.editing = EditingFeature(self)
        self.navigation = NavigationFeature(self)
        self.help = HelpFeature(self)
        self.features: list[Feature] = [
            self.files,
            self.yearly,
            self.importing,
            self.export,
            self.validation,
            self.editing,
            self.navigation,
            self.help,
        ]
        self.menus = MenuBar(self.menuBar())
        self.menus.add(item for feature in self.features for item in feature.menu_items())
        status_items = sorted((i for f in self.features for i in f.status_items()), key=lambda i: i.order)
        for item in status_items:
            self.statusBar().addPermanentWidget(item.widget)

        stack = self.controller.undo_stack
        stack.cleanChanged.connect(self._update_modified)
        self.controller.content_changed.connect(self._update_modified)
        self._build_pages()
        self._update_modified()
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

    # ------------------------------------------------------------------ WindowContext
    @property
    def widget(self) -> QMainWindow:
        return self

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    def status(self, text: str, milliseconds: int = 5000) -> None:
        self.statusBar().showMessage(text, milliseconds)

    def start_dir(self) -> Path:
        if self._path is not None:
            return self._path.parent
        return self.settings.last_dir() or documents_dir()

    def add_dock(self, dock: QDockWidget, *, weight: int, lines: int) -> None:
        dock.setFeatures(DOCK_FEATURES)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        if self._docks:
            self.splitDockWidget(self._docks[-1][0], dock, Qt.Orientation.Horizontal)
        self._docks.append((dock, weight, lines))
        docks = [d for d, _, _ in self._docks]
        if len(docks) > 1:
            total = sum(w for _, w, _ in self._docks)
            width = self.width()
            self.resizeDocks(docks, [width * w // total for _, w, _ in self._docks], Qt.Orientation.Horizontal)
        height = self.fontMetrics().height() * max(n for _, _, n in self._docks)
        self.resizeDocks(docks, [height] * len(docks), Qt.Orientation.Vertical)

    def add_menu_items(self, items: Sequence[MenuItem]) -> None:
        self.menus.add(items)

    def open_window(
        self, doc: ReportDocument, path: Path | None, *, read_only: bool = False, modified: bool = False
    ) -> MainWindow:
        window = MainWindow(doc, path, settings=self.settings, read_only=read_only)
        if modified:
            window.replace_document(doc, path, modified=True)
        return window

    # ------------------------------------------------------------------ pages
    def _with_read_only_banner(self, tabs: QTabWidget) -> QWidget:
        banner = QLabel(READ_ONLY_BANNER)
        banner.setObjectName("read_only_banner")
        banner.setWordWrap(True)
        banner.setStyleSheet(
            f"QLabel {{ background: {palette.READ_ONLY_BG}; border-bottom: 1px solid {palette.READ_ONLY_BORDER};"
            " padding: 6px 10px; }"
        )
        self.read_only_banner = banner
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(banner)
        layout.addWidget(tabs, 1)
        return box

    def _build_pages(self) -> None:
        """One tab for 基本信息 and one per section of the format (rebuilt if the edition changes)."""
        spec = self.controller.spec
        if self._spec is spec:
            return
        self._spec = spec
        self.tabs.clear()
        for page in self.pages:
            page.deleteLater()
        cell_actions = [action for feature in self.features for action in feature.cell_actions()]
        self.pages = [MetadataPage(self.controller)]
        for section in spec.sections:
            if section.kind == "table":
                self.pages.append(TableSectionPage(self.controller, section, cell_actions))
            else:
                self.pages.append(TextSectionPage(self.controller, section))
        for page in self.pages:
            page.message.connect(self.status)
            self.tabs.addTab(page, page.title)
            self.tabs.setTabToolTip(self.tabs.count() - 1, page.title)
        self._pending_pages = list(self.pages)
        for feature in self.features:
            feature.pages_changed()

    def _after_first_paint(self) -> None:
        """Load last year's report if linked, validate, then build the other tabs one per event-loop turn."""
        if not self.controller.validation_done:
            if self.controller.doc.previous_project:
                self.controller.set_previous(previous_for(self.controller.doc, self._path), validate=False)
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

    def reveal_refs(self, refs: Sequence[str], message: str = "") -> bool:
        for ref in refs:
            page = self.page_for_ref(ref)
            if page is None:
                continue
            page.ensure_built()
            self.tabs.setCurrentWidget(page)
            same_page = [r for r in refs if self.page_for_ref(r) is page]
            page.reveal(same_page)
            if message:
                self.status(message, 8000)
            return True
        return False

    # ------------------------------------------------------------------ the open report
    @property
    def display_name(self) -> str:
        return self._path.name if self._path else "未命名报告"

    def is_modified(self) -> bool:
        try:
            return self._force_dirty or not self.controller.undo_stack.isClean()
        except RuntimeError:  # the window is being destroyed
            return False

    def _update_modified(self, *_: object) -> None:
        mark = "（只读）" if self._read_only else ""
        self.setWindowTitle(f"{self.display_name}{mark}[*] - {APP_NAME}")
        self.setWindowModified(self.is_modified())

    def mark_saved(self, path: Path) -> None:
        self._path = path
        self._force_dirty = False
        self.controller.undo_stack.setClean()
        self._update_modified()

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
            if isinstance(page, TableSectionPage):
                for view in page.views:
                    view.commit_editor()

    def confirm_discard(self) -> bool:
        self.flush_edits()
        if not self.is_modified():
            return True
        answer = dialogs.ask_unsaved(self, self.display_name)
        if answer is dialogs.Unsaved.SAVE:
            return self.files.save()
        return answer is dialogs.Unsaved.DISCARD

    def replace_document(
        self,
        doc: ReportDocument,
        path: Path | None,
        *,
        modified: bool = False,
        previous: PreviousReport | None = None,
    ) -> None:
        if previous is None:
            previous = previous_for(doc, path)
        self.controller.set_document(doc, previous)
        self._build_pages()
        self._path = path
        self._force_dirty = modified
        self._update_modified()
        for feature in self.features:
            feature.document_replaced(modified=modified)

    # ------------------------------------------------------------------ window events
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls()
        return Path(urls[0].toLocalFile()) if urls and urls[0].isLocalFile() else None

    def _feature_for_drop(self, path: Path) -> Feature | None:
        return next((f for f in self.features if f.accepts_drop(path)), None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        path = self._dropped_file(event)
        if path is not None and self._feature_for_drop(path) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A project file opens; a published report (xlsx, txt, html, pdf) is imported."""
        path = self._dropped_file(event)
        feature = self._feature_for_drop(path) if path is not None else None
        if path is not None and feature is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: feature.drop(path))  # not inside the drag-and-drop loop

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self._page_timer.stop()
        self._pending_pages = []
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        for feature in self.features:
            feature.closing()
        event.accept()
