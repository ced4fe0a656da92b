"""The import check list dock: every problem an import found, to tick off while comparing with the source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui import palette
from ui.list_model import Index, ListTableModel, make_list_view

if TYPE_CHECKING:
    from app.importers.common import Problem

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 3
COLUMNS = ("已核对", "类别", "原文位置", "说明")
KIND_FG = {
    "unreadable": QColor(palette.ERROR_TEXT),
    "check": QColor(palette.WARNING_TEXT),
    "note": QColor(palette.INFO_TEXT),
}
DONE_FG = QColor(palette.MUTED_TEXT)


class ProblemModel(ListTableModel):
    """The problems of one import; the 已核对 ticks live only as long as the list."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self.done: list[bool] = []

    def set_problems(self, problems: Sequence[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.done = [False] * len(self.problems)
        self.endResetModel()

    def items(self) -> list[Any]:
        return self.problems

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self.problems[index.row()]
        done = self.done[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                return problem.kind.label
            if column == 2:
                return problem.source
            if column == 3:
                return problem.message + ("" if problem.refs else "（不对应具体单元格）")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"[{problem.kind.label}] {problem.source}：{problem.message}"
            return tip + ("\n双击或按回车转到报告中的对应位置" if problem.refs else "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if done:
                return QBrush(DONE_FG)
            if column == 1:
                return QBrush(KIND_FG.get(problem.kind.value, DONE_FG))
        if role == PROBLEM_ROLE:
            return problem
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value == Qt.CheckState.Checked or value == Qt.CheckState.Checked.value
        self.done[index.row()] = bool(checked)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        return True

    @property
    def remaining(self) -> int:
        return self.done.count(False)


class ImportProblemsPanel(QWidget):
    """The dock's content: a summary, the list, and a filter hiding what was already checked."""

    activated = Signal(object)  # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemModel(self)
        self.view = make_list_view(self, self.model, stretch_column=3)
        header = self.view.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("中")
        for column, width in ((0, 5), (1, 5), (2, 12)):
            self.view.setColumnWidth(column, width * em)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.view.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._rows_timer.start())
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.hide_done = QCheckBox("隐藏已核对的")
        self.hide_done.toggled.connect(self._apply_filter)
        self.model.dataChanged.connect(self._on_ticked)
        self.hint = QLabel("双击一行转到报告中的位置，对照原文核对后勾选“已核对”。")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(palette.text_style(palette.HINT_TEXT))
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.hide_done, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.view)
        self._source = ""

    def set_problems(self, source: str, problems: Sequence[Problem]) -> None:
        self._source = source
        self.model.set_problems(problems)
        self._apply_filter()
        self._update_summary()
        self._rows_timer.start()

    def _update_summary(self) -> None:
        problems = self.model.problems
        if not problems:
            self.summary.setText("导入时没有发现需要核对的地方。" if self._source else "")
            return
        counts: dict[str, int] = {}
        for p in problems:
            counts[p.kind.label] = counts.get(p.kind.label, 0) + 1
        kinds = "，".join(f"{label} {n}" for label, n in counts.items())
        self.summary.setText(
            f"从“{self._source}”导入：共 {len(problems)} 处（{kinds}），还有 {self.model.remaining} 处未核对。"
        )

    def _on_ticked(self, *_: object) -> None:
        self._update_summary()
        self._apply_filter()

    def _apply_filter(self) -> None:
        hide = self.hide_done.isChecked()
        for row, done in enumerate(self.model.done):
            self.view.setRowHidden(row, hide and done)

    def _on_activated(self, index: QModelIndex) -> None:
        problem = self.model.data(index, PROBLEM_ROLE)
        if problem is not None:
            self.activated.emit(problem)

    def activate_row(self, row: int) -> None:
        index = self.model.index(row, 1)
        self.view.setCurrentIndex(index)
        self._on_activated(index)
