"""帮助 → 格式与规则…: every format (shipped and installed packs) and, for the chosen one, its rules (read-only)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.spec.model import Severity
from app.spec.packs import EditionEntry, formats_dir, list_editions, list_warnings, rule_table
from ui import palette

_COLUMNS = ["格式版本", "名称", "格式包", "发布单位", "版本", "状态"]
_SEVERITY_COLOUR = {Severity.ERROR: palette.ERROR_TEXT, Severity.WARNING: palette.WARNING_TEXT}


def _state(entry: EditionEntry) -> str:
    if entry.problem:
        return "无法使用"
    return "正在使用" if entry.active else "未使用"


class FormatsDialog(QDialog):
    """The list of formats like `nianbao formats list`; below it, the rules of the selected one."""

    def __init__(self, parent: QWidget | None, install: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("格式与规则")
        self.resize(900, 620)
        self.editions = QTreeWidget()
        self.editions.setObjectName("formats_editions")
        self.editions.setRootIsDecorated(False)
        self.editions.setHeaderLabels(_COLUMNS)
        self.editions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.editions.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.editions.header().setStretchLastSection(False)
        self.rules = QTreeWidget()
        self.rules.setObjectName("formats_rules")
        self.rules.setRootIsDecorated(False)
        self.rules.setHeaderLabels(["规则", "严重程度", "说明"])
        self.rules.setWordWrap(True)
        self.rules.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rules.header().setStretchLastSection(False)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(palette.text_style(palette.ERROR_TEXT))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder = QLabel(f"格式包安装在：{formats_dir()}（较新的版本生效，旧版本保留）")
        self.folder.setStyleSheet(palette.text_style(palette.HINT_TEXT))
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.btn_install = None
        if install is not None:
            self.btn_install = buttons.addButton("安装格式包…", QDialogButtonBox.ButtonRole.ActionRole)
            self.btn_install.clicked.connect(lambda: self._install(install))

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("可用的报告格式（内置的和已安装的格式包）："))
        top_layout.addWidget(self.editions, 1)
        top_layout.addWidget(self.problem)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.rules_label)
        bottom_layout.addWidget(self.rules, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.folder)
        layout.addWidget(buttons)
        self.entries: list[EditionEntry] = []
        self.editions.currentItemChanged.connect(lambda *_: self._show_rules())
        self.refresh()

    def _install(self, install: Callable[[], object]) -> None:
        install()
        self.refresh()

    def refresh(self) -> None:
        """List the formats again (after an install), selecting the one in use of the newest edition."""
        self.entries = list_editions()
        self.editions.clear()
        for entry in self.entries:
            texts = [
                f"{entry.edition} 版",
                entry.name or "（无法读取）",
                entry.pack_name or "—",
                entry.source,
                entry.version or "—",
                _state(entry),
            ]
            item = QTreeWidgetItem(texts)
            state = len(_COLUMNS) - 1
            if entry.problem:
                item.setForeground(state, QBrush(QColor(palette.ERROR_TEXT)))
                item.setToolTip(state, entry.problem)
            elif not entry.active:
                for column in range(len(_COLUMNS)):
                    item.setForeground(column, QBrush(QColor(palette.MUTED_TEXT)))
            self.editions.addTopLevelItem(item)
        for column in (0, 2, 3, 4, 5):  # a little room: the measured width clips the last character
            self.editions.resizeColumnToContents(column)
            self.editions.setColumnWidth(column, self.editions.columnWidth(column) + 12)
        first = next((i for i, e in enumerate(self.entries) if e.active), 0)
        current = self.editions.topLevelItem(first)
        if current is not None:
            self.editions.setCurrentItem(current)
        warnings = list_warnings()
        self.problem.setText("\n".join(warnings))
        self.problem.setVisible(bool(warnings))

    def _show_rules(self) -> None:
        self.rules.clear()
        current = self.editions.currentItem()
        index = -1 if current is None else self.editions.indexOfTopLevelItem(current)
        if not 0 <= index < len(self.entries):
            self.rules_label.setText("")
            return
        entry = self.entries[index]
        if entry.spec is None:
            self.rules_label.setText(f"该格式包无法使用：{entry.problem}")
            return
        table = rule_table(entry.spec)
        self.rules_label.setText(f"{entry.spec.name}（{entry.edition} 版）的校验规则，共 {len(table)} 条：")
        for rule_id, severity, message in table:
            item = QTreeWidgetItem([rule_id, severity.label, message])
            item.setToolTip(2, message)
            colour = _SEVERITY_COLOUR.get(severity)
            if colour:
                item.setForeground(1, QBrush(QColor(colour)))
            self.rules.addTopLevelItem(item)
        self.rules.resizeColumnToContents(0)
        self.rules.resizeColumnToContents(1)
