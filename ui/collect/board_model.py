"""The status board as a table model, and the filter by status, by rule and by name above it."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.collect import Board, Status, UnitRow, normalise_name
from ui import palette

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = (
    "单位",
    "年度",
    "格式",
    "文件",
    "最后保存",
    "状态",
    "错误",
    "警告",
    "已说明",
    "数据指纹",
    "导入问题",
    "计入汇总",
    "说明",
)
(
    COL_AGENCY,
    COL_YEAR,
    COL_EDITION,
    COL_FILE,
    COL_SAVED,
    COL_STATUS,
    COL_ERRORS,
    COL_WARNINGS,
    COL_EXPLAINED,
    COL_SEAL,
    COL_IMPORT,
    COL_INCLUDED,
    COL_REASON,
) = range(len(COLUMNS))

# Status colours by meaning: (text, background or None)
STATUS_COLOURS: dict[Status, tuple[str, str | None]] = {
    Status.PASSED: (palette.PASSED_TEXT, None),
    Status.WARNINGS: (palette.WARNING_TEXT, palette.WARNING_BG),
    Status.ERRORS: (palette.ERROR_TEXT, palette.ERROR_BG),
    Status.UNREADABLE: (palette.ERROR_TEXT, None),
    Status.DUPLICATE: (palette.MUTED_TEXT, None),
    Status.WRONG_YEAR: (palette.WARNING_TEXT, None),
    Status.MISSING: (palette.ERROR_TEXT, None),
}
SUMMABLE = frozenset({Status.PASSED, Status.WARNINGS, Status.ERRORS})


def saved_text(iso: str | None) -> str:
    """An ISO time as the clerk reads it (local time, to the minute)."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when:%Y-%m-%d %H:%M}"


def file_name(row: UnitRow, base: str | None = None) -> str:
    """The file's name as the board shows it: marked when imported or when it is ``base`` (the office's own)."""
    if row.file is None:
        return "（未交）"
    name = row.file.replace("\\", "/").rsplit("/", 1)[-1]
    if row.imported:
        name += "（导入）"
    if base is not None and row.file == base:
        name += "（本级项目）"
    return name


def same_file(a: str, b: str) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


class BoardModel(QAbstractTableModel):
    """One row per board row; the 计入汇总 column is a tick that changes the board (选择汇总)."""

    inclusion_changed = Signal(str, bool)  # file, ticked

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        self.base: str | None = None  # the office's own project, marked on the board
        self.base_file: str | None = None  # its row's file, as the scan spelt it

    @property
    def rows(self) -> list[UnitRow]:
        return self.board.rows if self.board is not None else []

    def set_board(self, board: Board | None) -> None:
        self.beginResetModel()
        self.board = board
        self._find_base()
        self.endResetModel()

    def _find_base(self) -> None:
        row = self.row_of_path(self.base) if self.base is not None else None
        self.base_file = row.file if row is not None else None

    def set_base(self, path: str | None) -> None:
        self.beginResetModel()
        self.base = path
        self._find_base()
        self.endResetModel()

    def row_of_path(self, path: str) -> UnitRow | None:
        """The row of this file, however the path is spelt (the base project is chosen in a file dialog)."""
        return next((r for r in self.rows if r.file is not None and same_file(r.file, path)), None)

    def refresh(self) -> None:
        """The board's rows were rebuilt in place (a tick, a choice among duplicates)."""
        self.set_board(self.board)

    def row_at(self, row: int) -> UnitRow | None:
        rows = self.rows
        return rows[row] if 0 <= row < len(rows) else None

    def index_of_file(self, file: str) -> QModelIndex:
        for i, row in enumerate(self.rows):
            if row.file == file:
                return self.index(i, 0)
        return QModelIndex()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.row_at(index.row())
        if index.column() == COL_INCLUDED and row is not None and row.status in SUMMABLE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_INCLUDED and row.status in SUMMABLE:
            return Qt.CheckState.Checked if row.included else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole) and col == COL_STATUS:
            text, background = STATUS_COLOURS[row.status]
            colour = text if role == Qt.ItemDataRole.ForegroundRole else background
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_SEAL and row.seal.value == "已改动":
            return QBrush(QColor(palette.ERROR_TEXT))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_IMPORT and row.import_problems:
            return QBrush(QColor(palette.INFO_TEXT))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ERRORS, COL_WARNINGS, COL_EXPLAINED, COL_IMPORT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: UnitRow, col: int) -> str:
        has_file = row.file is not None and row.document is not None
        if col == COL_AGENCY:
            return row.agency
        if col == COL_YEAR:
            return str(row.year) if row.year else ""
        if col == COL_EDITION:
            return row.edition or ""
        if col == COL_FILE:
            return file_name(row, self.base_file)
        if col == COL_SAVED:
            return saved_text(row.saved)
        if col == COL_STATUS:
            return row.status.value
        if col == COL_ERRORS:
            return str(row.errors) if has_file else ""
        if col == COL_WARNINGS:
            return str(row.warnings) if has_file else ""
        if col == COL_EXPLAINED:
            return str(row.explained) if has_file else ""
        if col == COL_SEAL:
            return row.seal.value if has_file else ""
        if col == COL_IMPORT:
            if not row.imported:
                return ""
            return f"{len(row.import_problems)} 处" if row.import_problems else "无"
        if col == COL_INCLUDED:
            return "计入" if row.included else ("不计入" if row.file is not None else "")
        if col == COL_REASON:
            return row.reason
        return ""

    def _sort_key(self, row: UnitRow, col: int) -> Any:
        if col in (COL_ERRORS, COL_WARNINGS, COL_EXPLAINED, COL_IMPORT, COL_YEAR):
            number = {
                COL_ERRORS: row.errors,
                COL_WARNINGS: row.warnings,
                COL_EXPLAINED: row.explained,
                COL_IMPORT: len(row.import_problems),
                COL_YEAR: row.year or 0,
            }[col]
            return number
        if col == COL_SAVED:
            return row.saved or ""
        if col == COL_STATUS:
            return list(Status).index(row.status)
        if col == COL_INCLUDED:
            return int(row.included)
        return self._display(row, col)

    def _tooltip(self, row: UnitRow, col: int) -> str:
        if col == COL_FILE and row.file:
            if row.file == self.base_file:
                return f"{row.file}\n本级项目：汇总报告的基本信息和文字部分取自此文件"
            return row.file
        if col == COL_SEAL and row.seal_check is not None:
            return row.seal_check.describe()
        if col == COL_IMPORT and row.imported:
            kind = f"由{row.import_kind}文件导入" if row.import_kind else "由已发布的报告导入"
            return f"{kind}；双击查看导入问题" if row.import_problems else kind
        if col == COL_INCLUDED and row.status is Status.ERRORS and not row.included:
            return "有错误的单位默认不计入汇总；勾选可仍然计入"
        if col == COL_AGENCY and row.roster_name and row.roster_name != row.agency:
            return f"名单中的名称：{row.roster_name}"
        return row.reason

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row())
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_INCLUDED or row is None or not row.file:
            return False
        if row.status not in SUMMABLE:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.inclusion_changed.emit(row.file, ticked)
        return True


class BoardFilter(QSortFilterProxyModel):
    """Rows shown: of one status (or all), failing one rule (or any), whose unit name contains the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status: Status | None = None
        self.rule: str | None = None
        self.search = ""
        self.setSortRole(SORT_ROLE)

    def board_model(self) -> BoardModel:
        model = self.sourceModel()
        assert isinstance(model, BoardModel)
        return model

    def set_status(self, status: Status | None) -> None:
        self.beginFilterChange()
        self.status = status
        self.endFilterChange()

    def set_rule(self, rule: str | None) -> None:
        self.beginFilterChange()
        self.rule = rule
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = normalise_name(text)
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row = self.board_model().row_at(source_row)
        if row is None:
            return False
        if self.status is not None and row.status is not self.status:
            return False
        if self.rule is not None and self.rule not in row.rules_failed:
            return False
        if self.search:
            names = [row.agency, row.roster_name or "", file_name(row)]
            if not any(self.search in normalise_name(n) for n in names):
                return False
        return True

    def row_at(self, proxy_row: int) -> UnitRow | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.board_model().row_at(source.row()) if source.isValid() else None
