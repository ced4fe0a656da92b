"""The issue list dock: every rule finding with severity, section, location, message and difference."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.numbers import format_decimal
from app.spec.model import Severity
from ui import palette
from ui.controller import DocumentController
from ui.list_model import Index, ListTableModel, make_list_view

if TYPE_CHECKING:
    from app.rules import Issue

ISSUE_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("级别", "部分", "位置", "问题", "差额", "核实说明")
SEVERITY_FG = {
    Severity.ERROR: QColor(palette.ERROR_TEXT),
    Severity.WARNING: QColor(palette.WARNING_TEXT),
    Severity.INFO: QColor(palette.INFO_TEXT),
}
EXPLAINED_FG = QColor(palette.MUTED_TEXT)


class IssueModel(ListTableModel):
    """The controller's current issues as rows (reset on each validation: the list is small)."""

    COLUMNS = COLUMNS

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.issues: list[Issue] = list(controller.issues)
        controller.issues_changed.connect(self.refresh)

    def refresh(self) -> None:
        self.beginResetModel()
        self.issues = list(self.controller.issues)
        self.endResetModel()

    def items(self) -> list[Any]:
        return self.issues

    def section_name(self, issue: Issue) -> str:
        if issue.section == "meta":
            return "基本信息"
        try:
            return self.controller.spec.section(issue.section).heading.split("、")[0]
        except KeyError:
            return issue.section

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        issue = self.issues[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return issue.severity.label + ("（已说明）" if issue.explained else "")
            if column == 1:
                return self.section_name(issue)
            if column == 2:
                return issue.location
            if column == 3:
                return issue.message
            if column == 4:
                diff = issue.difference
                return format_decimal(diff) if diff is not None else ""
            if column == 5:
                return issue.explanation or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"【{issue.severity.label}】{issue.message}"
            if issue.left is not None and issue.right is not None:
                left, right = format_decimal(issue.left), format_decimal(issue.right)
                text += f"\n左 {left} · 右 {right} · 差 {format_decimal(issue.left - issue.right)}"
            if issue.explanation:
                text += f"\n核实说明：{issue.explanation}"
            return text
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(EXPLAINED_FG if issue.explained else SEVERITY_FG[issue.severity])
        if role == Qt.ItemDataRole.ForegroundRole and issue.explained:
            return QBrush(EXPLAINED_FG)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ISSUE_ROLE:
            return issue
        return None


class IssueFilter(QSortFilterProxyModel):
    """Severity filter (全部 / 错误 / 警告) and whether explained warnings are listed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.severity: Severity | None = None
        self.show_explained = True

    def set_filter(self, severity: Severity | None, show_explained: bool) -> None:
        self.beginFilterChange()
        self.severity = severity
        self.show_explained = show_explained
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, IssueModel)
        issue = model.issues[source_row]
        if self.severity is not None and issue.severity is not self.severity:
            return False
        return self.show_explained or not issue.explained


class IssuePanel(QWidget):
    """The dock's content: filters, the list, and the 核实说明 buttons."""

    activated = Signal(object)  # Issue

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = IssueModel(controller, self)
        self.proxy = IssueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_list_view(self, self.proxy, stretch_column=3)
        header = self.view.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("中")
        self._widths = {column: width * em for column, width in ((0, 7), (1, 5), (2, 16), (4, 5), (5, 12))}
        self._min_message = 24 * em
        for column, width in self._widths.items():
            self.view.setColumnWidth(column, width)
        self._rows_timer = QTimer(self)  # row heights follow the wrapped messages, after layout settles
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.view.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._rows_timer.start())
        self._fitting = False
        header.sectionResized.connect(self._remember_width)
        self.view.viewport().installEventFilter(self)
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.severity_box = QComboBox()
        self.severity_box.addItems(["全部问题", "只看错误", "只看警告"])
        self.severity_box.currentIndexChanged.connect(self._apply_filter)
        self.explained_box = QCheckBox("显示已说明的警告")
        self.explained_box.setChecked(True)
        self.explained_box.toggled.connect(self._apply_filter)
        self.explain_button = QPushButton("核实说明…")
        self.explain_button.setToolTip("警告经核实无误的，可填写核实说明；错误必须修正，不能说明")
        self.explain_button.clicked.connect(self.explain_current)
        self.clear_button = QPushButton("清除说明")
        self.clear_button.clicked.connect(self.clear_current)
        self.adopt_button = QPushButton("采用计算值")
        self.adopt_button.setToolTip("原文为空白的合计：核对各项无误后，采用各项之和作为本报告的合计（可撤销）")
        self.adopt_button.clicked.connect(self.adopt_current)
        self.confirm_button = QPushButton("确认推定值")
        self.confirm_button.setToolTip("导入时从连在一起的数字推定的数值：对照原文核对无误后确认，保留数值（可撤销）")
        self.confirm_button.clicked.connect(self.confirm_current)
        self.summary = QLabel()
        self.previous_note = QLabel()  # which previous report the cross-year checks use, or why none
        bar = QHBoxLayout()
        bar.addWidget(self.severity_box)
        bar.addWidget(self.explained_box)
        bar.addWidget(self.previous_note)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        bar.addWidget(self.explain_button)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.adopt_button)
        bar.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self._remembered: str | None = None
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        self._after_reset()
        controller.previous_changed.connect(self._update_previous)
        self._update_previous()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """In a narrow dock the other columns give up width first: the message must stay readable.

        Runs when the view's viewport is resized: the panel's own resize comes before its
        children are laid out, when the viewport still has its old width.
        """
        room = self.view.viewport().width() - self._min_message
        wanted = sum(self._widths.values())
        scale = 1.0 if room >= wanted else max(room, wanted // 3) / wanted
        self._fitting = True
        try:
            for column, width in self._widths.items():
                self.view.setColumnWidth(column, int(width * scale))
        finally:
            self._fitting = False

    def _remember_width(self, column: int, _old: int, new: int) -> None:
        """A column the clerk dragged keeps its width when the dock is resized later.

        Only a drag counts: the header also resizes sections itself (model resets, layout).
        """
        dragging = bool(QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        if dragging and not self._fitting and column in self._widths and new > 0:
            self._widths[column] = new

    def _update_previous(self) -> None:
        previous = self.controller.previous_report
        if previous.label:
            self.previous_note.setText(previous.label)
            self.previous_note.setToolTip(previous.detail)
            colour = palette.INFO_TEXT if previous.document is not None else palette.WARNING_TEXT
        else:
            self.previous_note.setText("未关联上年度报告，未进行跨年度检查")
            self.previous_note.setToolTip("可在“校验 → 选择上一年度报告…”中选择上年度的报告项目")
            colour = palette.HINT_TEXT
        self.previous_note.setStyleSheet(palette.text_style(colour))

    # ------------------------------------------------------------------ state
    def _apply_filter(self) -> None:
        severity = {0: None, 1: Severity.ERROR, 2: Severity.WARNING}[self.severity_box.currentIndex()]
        self.proxy.set_filter(severity, self.explained_box.isChecked())
        self._update_summary()
        self._update_buttons()

    def _update_summary(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not total:
            self.summary.setText("没有发现问题")
        elif shown == total:
            self.summary.setText(f"共 {total} 条")
        else:
            self.summary.setText(f"显示 {shown} 条（共 {total} 条，其余已按筛选隐藏）")

    def _before_reset(self) -> None:
        issue = self.current_issue()
        self._remembered = issue.key if issue else None

    def _after_reset(self) -> None:
        if self._remembered is not None:  # keep the clerk's place in the list across re-validation
            for row in range(self.proxy.rowCount()):
                issue = self.proxy.data(self.proxy.index(row, 0), ISSUE_ROLE)
                if issue is not None and issue.key == self._remembered:
                    self.view.setCurrentIndex(self.proxy.index(row, 0))
                    break
        self._rows_timer.start()
        self._update_summary()
        self._update_buttons()

    def current_issue(self) -> Issue | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        issue = self.proxy.data(index, ISSUE_ROLE)
        return issue  # type: ignore[no-any-return]

    def _update_buttons(self, *_: object) -> None:
        issue = self.current_issue()
        writable = not self.controller.read_only
        self.explain_button.setEnabled(writable and issue is not None and issue.can_explain)
        self.clear_button.setEnabled(writable and issue is not None and issue.explained)
        self.adopt_button.setVisible(issue is not None and self._blank_totals(issue) != [])
        self.adopt_button.setEnabled(writable)
        self.confirm_button.setVisible(issue is not None and self._inferred(issue) != [])
        self.confirm_button.setEnabled(writable)

    def _on_activated(self, index: QModelIndex) -> None:
        issue = self.proxy.data(index, ISSUE_ROLE)
        if issue is not None:
            self.activated.emit(issue)

    # ------------------------------------------------------------------ navigation (F8 / Shift+F8)
    def step(self, delta: int) -> Issue | None:
        """Select the next (or previous) issue in the list, wrapping around, and activate it."""
        rows = self.proxy.rowCount()
        if rows == 0:
            return None
        current = self.view.currentIndex().row()
        row = (current + delta) % rows if current >= 0 else (0 if delta > 0 else rows - 1)
        index = self.proxy.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        issue: Issue | None = self.proxy.data(index, ISSUE_ROLE)
        if issue is not None:
            self.activated.emit(issue)
        return issue

    # ------------------------------------------------------------------ explanations
    def explain_current(self) -> None:
        issue = self.current_issue()
        if issue is None or not issue.can_explain or self.controller.read_only:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            "核实说明",
            f"{issue.message}\n\n经核实无误的，请说明原因（将随报告保存，并列入审核报告）：",
            issue.explanation or "",
        )
        if ok and text.strip():
            self.controller.set_explanation(issue.key, text)

    def clear_current(self) -> None:
        issue = self.current_issue()
        if issue is not None and issue.explained:
            self.controller.set_explanation(issue.key, None)

    # ------------------------------------------------------------------ printed-blank totals
    def _blank_totals(self, issue: Issue) -> list[str]:
        blank = self.controller.doc.blank_totals
        return [ref for ref in issue.refs if ref in blank]

    def adopt_current(self) -> None:
        """采用计算值 for the printed-blank totals the current issue names."""
        issue = self.current_issue()
        if issue is None or self.controller.read_only:
            return
        self.controller.adopt_computed(self._blank_totals(issue))

    # ------------------------------------------------------------------ 推定 values
    def _inferred(self, issue: Issue) -> list[str]:
        inferred = self.controller.doc.inferred
        return [ref for ref in issue.refs if ref in inferred]

    def confirm_current(self) -> None:
        """确认推定值 for the 推定 values the current issue names."""
        issue = self.current_issue()
        if issue is None or self.controller.read_only:
            return
        self.controller.confirm_inferred(self._inferred(issue))
