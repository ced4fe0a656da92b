"""The 汇总 window: choose a folder (and a 名单), read every unit's report into the board, watch it, sum it.

Nothing in the folder is ever written: units open read-only, the sum opens as a new unsaved project.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QFileSystemWatcher, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.collect import (
    Board,
    CollectError,
    Roster,
    ScanCache,
    Status,
    SummaryResult,
    UnitRow,
    scan,
    summarise,
    write_summary_workbook,
)
from app.collect.board import SUMMARY_SCOPE
from app.errors import UserError
from app.fileio import describe_os_error
from app.persistence import load
from ui import dialogs, palette
from ui.background import BackgroundTask, busy_dialog
from ui.collect.board_model import COL_IMPORT, COL_INCLUDED, COL_REASON, BoardFilter, BoardModel, same_file
from ui.features.base import WindowContext
from ui.settings import Settings

if TYPE_CHECKING:
    from app.document import ReportDocument


class OpenWindow(Protocol):
    """Makes a report window (``WindowContext.open_window``), so this module never imports the main window."""

    def __call__(
        self, doc: ReportDocument, path: Path | None, *, read_only: bool = False, modified: bool = False
    ) -> WindowContext: ...


WATCH_DELAY_MS = 300  # a burst of changes (a copy, a save) is read once, well within a second
MAX_WATCHED = 4000  # folders and files watched; far more than any office's folder holds
PROGRESS_MS = 100
ROSTER_FILTER = "名单 (*.txt *.xlsx);;所有文件 (*)"
PROJECT_FILTER = "年报助手项目 (*.json);;所有文件 (*)"
NO_BASE = "本级项目：（未选择，汇总报告的基本信息和文字部分留空）"
WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx)"
NO_LAST_YEAR = "上年汇总：（未关联，汇总明细不显示与上年相比的变化）"
NOTE = (
    "有错误的单位默认不计入汇总（勾选“计入汇总”可仍然计入）；年度不符、重复、无法读取的文件不计入。"
    "双击一行以只读方式查看该单位的报告。此文件夹中的文件不会被修改。"
)


class CollectWindow(QMainWindow):
    """The office's workspace: the board of a folder's reports, kept current while files arrive."""

    board_changed = Signal()  # a scan finished (or a tick / choice changed the board)
    scan_finished = Signal()
    export_finished = Signal()  # 导出汇总表 ended (written, failed or cancelled)

    def __init__(
        self, open_window: OpenWindow, settings: Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.open_window = open_window
        self.setObjectName("collect_window")
        self.setWindowTitle(f"汇总各单位报告 - {APP_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.settings = settings or Settings()
        self.folder: Path | None = None
        self.roster: Roster | None = None
        self.roster_path: Path | None = None
        self.base_path: Path | None = None  # the office's own project: the sum's 基本信息 and narrative
        self.last_year_path: Path | None = None  # last year's summary: the sum's previous report
        self.last_year: ReportDocument | None = None
        self.cache = ScanCache()
        self.board: Board | None = None
        self.summary: SummaryResult | None = None
        self.windows: list[WindowContext] = []  # units opened read-only, sums: kept alive while open
        self._unit_windows: dict[str, WindowContext] = {}
        self._include: dict[str, bool] = {}  # 选择汇总 ticks, kept across rescans
        self._chosen: list[str] = []  # files chosen among duplicates, kept across rescans
        self._task: BackgroundTask[Board] | None = None
        self._export: BackgroundTask[Path] | None = None
        self._cancel = threading.Event()
        self._progress: tuple[int, int] = (0, 0)
        self._pending = False
        self._sized = False
        self.base_unused = False  # the last sum could not take the base's narrative (another edition)
        self.export_progress: QProgressDialog | None = None

        self.model = BoardModel(self)
        self.model.inclusion_changed.connect(self.set_included)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)

        self.folder_label = QLabel("尚未选择文件夹")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.roster_label = QLabel("名单：（未选择，不核对未交单位）")
        self.btn_folder = QPushButton("选择文件夹(&F)…")
        self.btn_folder.clicked.connect(self.choose_folder_dialog)
        self.btn_roster = QPushButton("选择名单(&R)…")
        self.btn_roster.setToolTip("名单：每行一个单位的 .txt 文件，或第一列为单位名称的 .xlsx 文件")
        self.btn_roster.clicked.connect(self.choose_roster_dialog)
        self.base_label = QLabel(NO_BASE)
        self.btn_base = QPushButton("选择本级项目(&B)…")
        self.btn_base.setToolTip(
            "本级政府自己的报告项目：汇总报告的基本信息和文字部分取自此项目；它若在文件夹中，也像其他单位一样计入汇总"
        )
        self.btn_base.clicked.connect(self.choose_base_dialog)
        self.btn_no_base = QPushButton("不用本级项目")
        self.btn_no_base.clicked.connect(lambda: self.set_base(None))
        self.btn_no_base.hide()
        self.last_year_label = QLabel(NO_LAST_YEAR)
        self.btn_last_year = QPushButton("关联上年汇总(&L)…")
        self.btn_last_year.setToolTip(
            "上一年度的汇总报告项目：汇总报告与它进行跨年度检查，汇总明细显示每格与上年相比的变化"
        )
        self.btn_last_year.clicked.connect(self.choose_last_year_dialog)
        self.btn_no_last_year = QPushButton("不用上年汇总")
        self.btn_no_last_year.clicked.connect(lambda: self.set_last_year(None))
        self.btn_no_last_year.hide()
        self.btn_rescan = QPushButton("重新读取")
        self.btn_rescan.clicked.connect(self.rescan)

        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", None)
        for status in Status:
            self.status_filter.addItem(status.value, status)
        self.status_filter.currentIndexChanged.connect(self._apply_status)
        self.rule_filter = QComboBox()
        self.rule_filter.addItem("全部规则", None)
        self.rule_filter.setToolTip("只显示未通过某条规则（有错误或未说明的警告）的单位")
        self.rule_filter.currentIndexChanged.connect(self._apply_rule)
        self.search = QLineEdit()
        self.search.setPlaceholderText("按单位名称搜索")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)

        self.note = QLabel(NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(palette.text_style(palette.HINT_TEXT))
        self.counts = QLabel("")
        self.counts.setWordWrap(True)

        self.view = QTableView()
        self.view.setObjectName("collect_board")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # 说明: the reason, as wide as the window allows
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, self.open_current)

        self.btn_open = QPushButton("查看（只读）(&O)")
        self.btn_open.clicked.connect(self.open_current)
        self.btn_problems = QPushButton("导入问题(&I)…")
        self.btn_problems.clicked.connect(self.show_current_problems)
        self.btn_choose = QPushButton("改用此文件(&U)")
        self.btn_choose.setToolTip("同一单位有多个文件时，汇总改用选中的这一个")
        self.btn_choose.clicked.connect(self.choose_current)
        self.btn_sum = QPushButton("汇总(&S)")
        self.btn_sum.setToolTip("把计入汇总的单位的表二、表三、表四逐格相加，生成本级政府汇总报告")
        self.btn_sum.clicked.connect(self.open_summary)
        self.btn_export = QPushButton("导出汇总表(&E)…")
        self.btn_export.setToolTip(
            "Excel 工作簿：“状态”表（看板）、“明细”表（每个计入汇总的单位一行，合计行为求和公式）和汇总报告"
        )
        self.btn_export.clicked.connect(self.export_workbook_dialog)

        self.progress = QProgressBar()
        self.progress.setFormat("正在读取 %v / %m 个文件")
        self.progress.setMinimumWidth(18 * self.fontMetrics().horizontalAdvance("中"))
        self.btn_cancel = QPushButton("取消")
        self.btn_cancel.clicked.connect(self.cancel_scan)
        self.progress.hide()
        self.btn_cancel.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.btn_cancel)

        top = QHBoxLayout()
        top.addWidget(self.btn_folder)
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.btn_rescan)
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.btn_roster)
        roster_row.addWidget(self.roster_label, 1)
        base_row = QHBoxLayout()
        base_row.addWidget(self.btn_base)
        base_row.addWidget(self.base_label, 1)
        base_row.addWidget(self.btn_no_base)
        last_row = QHBoxLayout()
        last_row.addWidget(self.btn_last_year)
        last_row.addWidget(self.last_year_label, 1)
        last_row.addWidget(self.btn_no_last_year)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("状态："))
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel("规则："))
        filters.addWidget(self.rule_filter)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_open)
        buttons.addWidget(self.btn_problems)
        buttons.addWidget(self.btn_choose)
        buttons.addStretch(1)
        buttons.addWidget(self.btn_export)
        buttons.addWidget(self.btn_sum)
        self.button_row = buttons
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addLayout(roster_row)
        layout.addLayout(base_row)
        layout.addLayout(last_row)
        layout.addLayout(filters)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addLayout(buttons)
        self.setCentralWidget(box)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_change)
        self.watcher.fileChanged.connect(self._on_change)
        self._watch_timer = QTimer(self)
        self._watch_timer.setSingleShot(True)
        self._watch_timer.setInterval(WATCH_DELAY_MS)
        self._watch_timer.timeout.connect(self.rescan)
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(PROGRESS_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self.resize(1200, 720)
        self._update_buttons()

    # ------------------------------------------------------------------ folder and roster
    def choose_folder_dialog(self) -> None:
        start = str(self.folder or self.settings.last_dir() or Path.home())
        name = QFileDialog.getExistingDirectory(self, "选择存放各单位报告的文件夹", start)
        if name:
            self.set_folder(Path(name))

    def choose_roster_dialog(self) -> None:
        start = str(self.folder or Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "选择名单", start, ROSTER_FILTER)
        if name:
            self.set_roster(Path(name))

    def set_folder(self, folder: Path) -> None:
        """Read this folder (recursively) into the board and watch it from now on."""
        self.folder = folder
        self.folder_label.setText(str(folder))
        self.folder_label.setToolTip(str(folder))
        self.cache = ScanCache()
        self._include.clear()
        self._chosen.clear()
        self.rescan()

    def set_roster(self, path: Path | None) -> bool:
        if path is None:
            self.roster, self.roster_path = None, None
            self.roster_label.setText("名单：（未选择，不核对未交单位）")
        else:
            try:
                roster = Roster.load(path)
            except UserError as exc:
                dialogs.show_error(self, "无法读取名单", str(exc))
                return False
            self.roster, self.roster_path = roster, path
            self.roster_label.setText(f"名单：{path.name}（{len(roster.units)} 个单位）")
            self.roster_label.setToolTip(str(path))
        if self.folder is not None:
            self.rescan()
        return True

    def choose_base_dialog(self) -> None:
        start = str(self.base_path.parent if self.base_path else self.folder or Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "选择本级政府自己的报告项目", start, PROJECT_FILTER)
        if name:
            self.set_base(Path(name))

    def set_base(self, path: Path | None) -> bool:
        """Name the office's own project (None: none); the sum takes its 基本信息 and narrative from it."""
        if path is not None:
            try:
                doc = load(path)
            except UserError as exc:
                dialogs.show_error(self, "无法打开本级项目", str(exc))
                return False
            if doc.meta.get("scope") == SUMMARY_SCOPE and self._on_board(path):
                self.statusBar().showMessage("提示：此项目是一份汇总报告，它也在文件夹中，汇总时请勿重复计入", 10000)
        self.base_path = path.resolve() if path is not None else None
        self.model.set_base(str(self.base_path) if self.base_path is not None else None)
        self._show_base()
        return True

    def _show_base(self) -> None:
        self.btn_no_base.setVisible(self.base_path is not None)
        if self.base_path is None:
            self.base_label.setText(NO_BASE)
            self.base_label.setToolTip("")
            return
        row = self.model.row_of_path(str(self.base_path))
        if row is None:
            where = ""
        elif row.included:
            where = "；它在文件夹中，也计入汇总"
        else:
            where = f"；它在文件夹中，{row.status.value}，不计入汇总"
        self.base_label.setText(f"本级项目：{self.base_path.name}（汇总报告的基本信息和文字部分取自此项目{where}）")
        self.base_label.setToolTip(str(self.base_path))

    def _on_board(self, path: Path) -> bool:
        return self.board is not None and self.model.row_of_path(str(path)) is not None

    def base_document(self) -> ReportDocument | None:
        """The base project as it is now on disk (it may have been saved since it was chosen)."""
        if self.base_path is None:
            return None
        row = self.model.row_of_path(str(self.base_path))
        if row is not None and row.document is not None:
            return row.document  # read by the last scan (kept current by the watcher)
        return load(self.base_path)

    def choose_last_year_dialog(self) -> None:
        start = str(self.last_year_path.parent if self.last_year_path else self.folder or Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "选择上一年度的汇总报告项目", start, PROJECT_FILTER)
        if name:
            self.set_last_year(Path(name))

    def set_last_year(self, path: Path | None) -> bool:
        """Link last year's summary (None: unlink): the sum is checked against it and the drill-down shows changes."""
        doc: ReportDocument | None = None
        if path is not None:
            try:
                doc = load(path)
            except UserError as exc:
                dialogs.show_error(self, "无法打开上年汇总", str(exc))
                return False
        self.last_year_path = path.resolve() if path is not None else None
        self.last_year = doc
        self._show_last_year()
        return True

    def _show_last_year(self) -> None:
        self.btn_no_last_year.setVisible(self.last_year_path is not None)
        if self.last_year_path is None or self.last_year is None:
            self.last_year_label.setText(NO_LAST_YEAR)
            self.last_year_label.setToolTip("")
            self.last_year_label.setStyleSheet("")
            return
        year = self.last_year.year
        text = f"上年汇总：{self.last_year_path.name}（{f'{year}年度' if year else '年度未填写'}）"
        odd = self.board is not None and self.board.year is not None and year != self.board.year - 1
        if odd and self.board is not None and self.board.year is not None:
            text += f"：汇总年度为 {self.board.year}，应关联 {self.board.year - 1} 年度的汇总"
        self.last_year_label.setText(text)
        self.last_year_label.setStyleSheet(palette.text_style(palette.WARNING_TEXT) if odd else "")
        self.last_year_label.setToolTip(str(self.last_year_path))

    # ------------------------------------------------------------------ reading
    @property
    def scanning(self) -> bool:
        return self._task is not None

    def rescan(self) -> None:
        """Read the folder again in a worker thread; unchanged files come from the cache."""
        self._watch_timer.stop()
        if self.folder is None:
            return
        if self._task is not None:
            self._pending = True  # one scan at a time per cache: run again when this one ends
            return
        folder, roster, cache = self.folder, self.roster, self.cache
        self._cancel = threading.Event()
        cancel = self._cancel
        self._progress = (0, 0)

        def progress(done: int, total: int, _path: str) -> None:  # worker thread: no Qt
            self._progress = (done, total)

        def work() -> Board:
            return scan(folder, roster, cache=cache, progress=progress, cancel=cancel.is_set)

        task: BackgroundTask[Board] = BackgroundTask(work, self)
        task.succeeded.connect(self._scanned)
        task.failed.connect(self._scan_failed)
        task.finished.connect(self._scan_ended)
        self._task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.btn_cancel.show()
        self.btn_cancel.setEnabled(True)
        self._progress_timer.start()
        task.start()

    def cancel_scan(self) -> None:
        """取消: the scan stops after the file it is reading; the files read so far stay on the board."""
        self._cancel.set()
        self._pending = False
        self.btn_cancel.setEnabled(False)

    def _show_progress(self) -> None:
        done, total = self._progress
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _scanned(self, board: Board) -> None:
        for file in self._chosen:
            if board.row_for(file) is not None:
                with contextlib.suppress(KeyError):  # no longer a duplicate: nothing to choose
                    board.choose(file)
        for file, ticked in self._include.items():
            if board.row_for(file) is not None:
                board.set_included(file, ticked)
        self._show_board(board)
        if board.cancelled:
            done, total = self._progress
            self.statusBar().showMessage(f"已取消读取：读取了 {done} / {total} 个文件，列表不完整", 10000)
        self._watch(board)

    def _scan_failed(self, exc: object) -> None:
        message = str(exc) if isinstance(exc, UserError) else f"读取文件夹时出错：{exc}"
        if not isinstance(exc, (UserError, OSError)):
            import logging

            logging.getLogger(__name__).error("scanning %s failed", self.folder, exc_info=exc)  # type: ignore[arg-type]
        dialogs.show_error(self, "无法读取文件夹", message)

    def _scan_ended(self) -> None:
        self._task = None
        self._progress_timer.stop()
        self.progress.hide()
        self.btn_cancel.hide()
        self._update_buttons()
        self.scan_finished.emit()
        if self._pending:
            self._pending = False
            self.rescan()

    def _show_board(self, board: Board) -> None:
        current = self.current_row()
        keep = current.file if current is not None else None
        self.board = board
        self.model.set_board(board)
        self._fill_rules(board)
        self._update_counts()
        self._show_base()
        self._show_last_year()
        if keep is not None:
            index = self.proxy.mapFromSource(self.model.index_of_file(keep))
            if index.isValid():
                self.view.setCurrentIndex(index)
        if board.rows and not self._sized:
            self._sized = True  # once: later the clerk's column widths stay
            for column in range(COL_REASON):
                self.view.resizeColumnToContents(column)
        self._update_buttons()
        self.board_changed.emit()

    def _fill_rules(self, board: Board) -> None:
        counts: dict[str, int] = {}
        for row in board.rows:
            for rule in row.rules_failed:
                counts[rule] = counts.get(rule, 0) + 1
        chosen = self.rule_filter.currentData()
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem("全部规则", None)
        for rule in sorted(counts):
            self.rule_filter.addItem(f"{rule}（{counts[rule]} 个单位）", rule)
        position = self.rule_filter.findData(chosen) if chosen else 0
        self.rule_filter.setCurrentIndex(max(position, 0))
        self.rule_filter.blockSignals(False)
        if chosen and position < 0:
            self.proxy.set_rule(None)

    def _update_counts(self) -> None:
        board = self.board
        if board is None:
            self.counts.setText("")
            return
        by_status: dict[Status, int] = {}
        for row in board.rows:
            by_status[row.status] = by_status.get(row.status, 0) + 1
        files = sum(1 for r in board.rows if r.file is not None)
        parts = [f"{s.value} {by_status[s]}" for s in Status if s in by_status and s is not Status.MISSING]
        text = f"共 {files} 个文件：" + ("，".join(parts) if parts else "没有可读取的报告")
        if board.roster is not None:
            text += f"；名单中未交 {len(board.missing)} 个单位"
        text += f"；计入汇总 {len(board.included_rows())} 个单位"
        if board.year:
            text += f"；汇总年度 {board.year}"
        if board.problems:
            text += "。" + "；".join(board.problems[:3]) + ("……" if len(board.problems) > 3 else "")
        self.counts.setText(text)
        self.counts.setToolTip("\n".join(board.problems))

    # ------------------------------------------------------------------ watching
    def _watch(self, board: Board) -> None:
        """Watch the folder, its subfolders and the files read, so a file saved or copied in shows up."""
        if self.folder is None:
            return
        wanted: list[str] = []
        for root, dirs, _files in os.walk(self.folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            wanted.append(root)
            if len(wanted) >= MAX_WATCHED:
                break
        wanted += [r.file for r in board.rows if r.file is not None][: max(0, MAX_WATCHED - len(wanted))]
        old = set(self.watcher.directories()) | set(self.watcher.files())
        gone = [p for p in old if p not in set(wanted)]
        if gone:
            self.watcher.removePaths(gone)
        new = [p for p in wanted if p not in old and os.path.exists(p)]
        if new:
            self.watcher.addPaths(new)

    def _on_change(self, _path: str) -> None:
        self._watch_timer.start()

    # ------------------------------------------------------------------ the rows
    def current_row(self) -> UnitRow | None:
        index = self.view.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def select_file(self, file: str) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of_file(file))
        if index.isValid():
            self.view.setCurrentIndex(index)
        return index.isValid()

    def _update_buttons(self, *_: object) -> None:
        row = self.current_row()
        self.btn_open.setEnabled(row is not None and row.document is not None)
        self.btn_problems.setEnabled(row is not None and bool(row.import_problems))
        self.btn_choose.setEnabled(row is not None and row.status is Status.DUPLICATE)
        board = self.board
        self.btn_sum.setEnabled(board is not None and bool(board.included_rows()) and not self.scanning)
        self.btn_export.setEnabled(board is not None and bool(board.rows) and not self.scanning)

    def _apply_status(self) -> None:
        value = self.status_filter.currentData()  # Qt hands the enum back as its str value
        self.proxy.set_status(Status(value) if value else None)

    def _apply_rule(self) -> None:
        self.proxy.set_rule(self.rule_filter.currentData())

    def _on_double_click(self, index: QModelIndex) -> None:
        row = self.proxy.row_at(index.row())
        if row is None:
            return
        if index.column() == COL_IMPORT and row.import_problems:
            self.show_problems(row)
        elif index.column() != COL_INCLUDED:
            self.open_row(row)

    def set_included(self, file: str, ticked: bool) -> None:
        """选择汇总: a tick includes or excludes a unit (kept when the folder is read again)."""
        board = self.board
        row = board.row_for(file) if board is not None else None
        if board is None or row is None:
            return
        default = row.status is not Status.ERRORS
        value: bool | None = None if ticked == default else ticked
        if value is None:
            self._include.pop(file, None)
        else:
            self._include[file] = value
        board.set_included(file, value)
        self._refresh_keeping(file)

    def choose_current(self) -> None:
        row = self.current_row()
        if row is not None and row.file is not None and row.status is Status.DUPLICATE:
            self.choose_file(row.file)

    def choose_file(self, file: str) -> None:
        """Use this file for its unit; the other files of the unit become 重复."""
        if self.board is None:
            return
        self.board.choose(file)
        self._chosen = [f for f in self._chosen if f != file] + [file]
        self._refresh_keeping(file)
        self.statusBar().showMessage(f"汇总改用“{Path(file).name}”", 5000)

    def _refresh_keeping(self, file: str) -> None:
        self.model.refresh()
        self._update_counts()
        self._show_base()
        self.select_file(file)
        self._update_buttons()
        self.board_changed.emit()

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_row(row)

    def open_row(self, row: UnitRow) -> WindowContext | None:
        """Show the unit's report read-only, with its issue list; a row without a report says why."""
        if row.document is None or row.file is None:
            reason = row.reason or ("名单中的单位没有报送文件" if row.file is None else "无法读取")
            dialogs.show_info(self, row.agency, f"{row.agency}：{row.status.value}\n\n{reason}")
            return None
        return self.open_unit(row.file)

    def open_unit(self, file: str, ref: str | None = None) -> WindowContext | None:
        """Open (or raise) the unit's read-only window with its issue list; with ``ref``, select that cell."""
        board = self.board
        row = board.row_for(file) if board is not None else None
        window = self._unit_windows.get(file)
        if window is not None and not window.widget.isVisible():
            self._forget(window)
            window = None
        if window is None:
            if row is None or row.document is None:
                return None
            window = self.open_window(row.document, Path(file), read_only=True)
            self._keep(window)
            self._unit_windows[file] = window
            window.widget.show()
        window.widget.raise_()
        window.widget.activateWindow()
        if ref is not None:
            window.reveal_refs([ref])
        return window

    def _keep(self, window: WindowContext) -> None:
        """Hold a window while it is open; it is deleted when closed."""
        widget = window.widget
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        widget.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.windows.append(window)

    def _forget(self, window: WindowContext) -> None:
        self.windows = [w for w in self.windows if w is not window]
        self._unit_windows = {f: w for f, w in self._unit_windows.items() if w is not window}

    def show_current_problems(self) -> None:
        row = self.current_row()
        if row is not None:
            self.show_problems(row)

    def show_problems(self, row: UnitRow) -> None:
        """The import problems of a published report read into the board (what to compare with the source)."""
        if not row.import_problems:
            dialogs.show_info(self, "导入问题", f"“{Path(row.file or '').name}”导入时没有发现问题。")
            return
        lines = [str(p) for p in row.import_problems]
        shown = lines[:40]
        if len(lines) > len(shown):
            shown.append(f"……另有 {len(lines) - len(shown)} 处，请只读打开该报告查看问题列表")
        dialogs.show_info(
            self,
            f"导入问题：{row.agency}",
            f"“{Path(row.file or '').name}”由已发布的报告导入，有 {len(lines)} 处需要核对：\n\n" + "\n".join(shown),
        )

    # ------------------------------------------------------------------ the sum
    def build_summary(self) -> SummaryResult | None:
        if self.board is None:
            return None
        try:
            base = self.base_document()
        except UserError as exc:
            dialogs.show_error(self, "无法打开本级项目", f"{exc}\n\n请重新选择本级项目，或点“不用本级项目”。")
            return None
        try:
            summary = summarise(self.board, base=base)
        except CollectError as exc:
            dialogs.show_error(self, "无法汇总", str(exc))
            return None
        self.base_unused = base is not None and base.spec is not summary.document.spec
        return summary

    def open_summary(self) -> WindowContext | None:
        """汇总: sum the included units and open the result as a new, unsaved project with its drill-down."""
        summary = self.build_summary()
        if summary is None:
            return None
        from ui.collect.drilldown import attach_drilldown

        self.summary = summary
        if self.last_year_path is not None:
            # the sum's previous report: the window loads it, runs the cross-year checks, saves the link
            summary.document.previous_project = str(self.last_year_path)
        window = self.open_window(summary.document, None, modified=True)
        self._keep(window)
        attach_drilldown(window, summary, self.open_unit)
        window.widget.show()
        window.widget.raise_()
        flagged = len(summary.blanks)
        text = f"已汇总 {len(summary.units)} 个单位"
        if self.base_unused and self.base_path is not None:
            text += f"；本级项目“{self.base_path.name}”的报告格式与汇总年度不同，未采用其文字部分"
        if flagged:  # kept short: the status bar also shows the cross-year link and the counts
            text += f"；{flagged} 个格有单位未填写，按 0 汇总，见“汇总明细”"
        window.status(text, 15000)
        return window

    # ------------------------------------------------------------------ the workbook
    def export_workbook_dialog(self) -> bool:
        """导出汇总表…: choose where, then write the workbook in the background."""
        board = self.board
        if board is None or self.scanning:
            return False
        name = f"{board.year}年度汇总明细.xlsx" if board.year else "汇总明细.xlsx"
        start = (self.folder.parent if self.folder is not None else Path.home()) / name
        chosen, _ = QFileDialog.getSaveFileName(self, "导出汇总表", str(start), WORKBOOK_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        return self.export_workbook(path)

    def export_workbook(self, path: Path) -> bool:
        """Write the board, the detail of the included units and the sum to ``path`` (busy bar, 取消)."""
        board = self.board
        if board is None or self._export is not None:
            return False
        unit = self.model.row_of_path(str(path))
        if unit is not None or (self.base_path is not None and same_file(str(path), str(self.base_path))):
            name = unit.agency if unit is not None else "本级项目"
            dialogs.show_error(self, "无法导出汇总表", f"“{path.name}”是{name}的报告文件，不能覆盖。请换一个文件名。")
            return False
        try:
            base = self.base_document()
        except UserError as exc:
            dialogs.show_error(self, "无法打开本级项目", f"{exc}\n\n请重新选择本级项目，或点“不用本级项目”。")
            return False
        try:
            summary: SummaryResult | None = summarise(board, base=base)
        except CollectError:
            summary = None  # no unit included: the workbook still lists the board
        self.cache.mark_written(path)  # saved into the folder, it is never read back as a unit

        def work() -> Path:
            write_summary_workbook(path, board, summary)
            return path

        task: BackgroundTask[Path] = BackgroundTask(work, self)
        task.succeeded.connect(self._exported)
        task.failed.connect(lambda exc: self._export_failed(exc, path))
        task.cancelled.connect(lambda: self.statusBar().showMessage("已取消导出汇总表", 8000))
        task.finished.connect(self._export_ended)
        self._export = task
        label = f"正在导出汇总表“{path.name}”…"
        self.export_progress = busy_dialog(self, "导出汇总表", label, task)
        task.start()
        self.export_progress.show()
        return True

    def _exported(self, path: Path) -> None:
        self.statusBar().showMessage(f"已导出汇总表：{path}", 15000)

    def _export_failed(self, exc: object, path: Path) -> None:
        if isinstance(exc, UserError):
            dialogs.show_error(self, "无法导出汇总表", str(exc))
        elif isinstance(exc, OSError):
            dialogs.show_error(self, "无法导出汇总表", describe_os_error(exc, path))
        elif isinstance(exc, BaseException):  # a bug: reported with its details, the window stays usable
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _export_ended(self) -> None:
        self._export = None
        self.export_progress = None
        self.export_finished.emit()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        self._watch_timer.stop()
        self.cancel_scan()
        paths = self.watcher.directories() + self.watcher.files()
        if paths:
            self.watcher.removePaths(paths)
        event.accept()
