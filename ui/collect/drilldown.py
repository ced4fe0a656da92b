"""汇总明细: the dock of a sum's window listing, for the selected cell, which units gave what (largest first).

Also the notes of the sum (cells some unit left blank, 不适用 counted as 0), each jumping to its cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.collect import SummaryResult
from app.document import ReportDocument
from app.numbers import format_decimal, format_value
from app.values import NA, CellValue
from ui import palette
from ui.features.base import WindowContext
from ui.menus import Group, Menu, MenuItem
from ui.pages import TableSectionPage

OpenUnit = Callable[[str, str | None], object]
FILE_ROLE = Qt.ItemDataRole.UserRole + 1
REF_ROLE = Qt.ItemDataRole.UserRole + 2


class DrillDownPanel(QWidget):
    """For one cell of the sum: its value, each contributing unit and its value, the zeros folded, the blanks."""

    def __init__(self, summary: SummaryResult, open_unit: OpenUnit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.open_unit = open_unit
        self.ref: str | None = None
        self.previous: ReportDocument | None = None  # last year's summary, when the sum's window links one
        self.title = QLabel("选择汇总表中的一个单元格，这里列出各单位的数值。")
        self.title.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("drilldown_units")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["单位", "数值"])
        self.tree.setRootIsDecorated(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemActivated.connect(self._on_activated)
        self.btn_jump = QPushButton("查看该单位的此格")
        self.btn_jump.setToolTip("以只读方式打开该单位的报告，并选中这个单元格（也可双击单位）")
        self.btn_jump.clicked.connect(self.jump_current)
        self.notes = QListWidget()
        self.notes.setObjectName("drilldown_notes")
        self.notes.setWordWrap(True)
        self.notes_label = QLabel()
        self.reveal: Callable[[str], object] = lambda _ref: None
        self.notes.itemActivated.connect(self._on_note)
        self._fill_notes()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.title)
        left_layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.btn_jump)
        left_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.notes_label)
        right_layout.addWidget(self.notes, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.btn_jump.setEnabled(False)
        self.tree.currentItemChanged.connect(lambda *_: self.btn_jump.setEnabled(self._current_file() is not None))

    # ------------------------------------------------------------------ notes of the sum
    def _fill_notes(self) -> None:
        refs = list(self.summary.blanks) + list(self.summary.not_applicable)
        lines = self.summary.notes()
        self.notes.clear()
        for i, line in enumerate(lines):
            item = QListWidgetItem(line)
            if i < len(refs) and len(refs) == len(lines):
                item.setData(REF_ROLE, refs[i])
            blank = i < len(self.summary.blanks)
            item.setForeground(QBrush(QColor(palette.WARNING_TEXT if blank else palette.HINT_TEXT)))
            self.notes.addItem(item)
        if lines:
            self.notes_label.setText(f"汇总说明（{len(lines)} 条，双击转到该格）：")
        else:
            self.notes_label.setText("汇总说明：各单位的数值都已填写，没有需要核实的格。")

    def _on_note(self, item: QListWidgetItem) -> None:
        ref = item.data(REF_ROLE)
        if isinstance(ref, str):
            self.reveal(ref)
            self.show_cell(ref)

    # ------------------------------------------------------------------ one cell
    def show_cell(self, ref: str | None) -> None:
        """List the contributions to ``ref`` (None: nothing selected)."""
        self.ref = ref
        self.tree.clear()
        spec = self.summary.document.spec
        if ref is None or ref not in spec.cells:
            self.title.setText("选择汇总表中的一个单元格，这里列出各单位的数值。")
            self.btn_jump.setEnabled(False)
            return
        info = spec.cells[ref]
        value_type = info.block.value_type
        doc = self.summary.document
        # each unit's value as that unit's own grid shows it (its fee decimals), the sum as the sum's grid does
        decimals = {u.file: u.document.fee_decimals for u in self.summary.units if u.document is not None}

        def text(value: CellValue, file: str | None = None) -> str:
            return format_value(value, value_type, decimals.get(file, doc.fee_decimals))

        total = text(doc.value(ref)) or "（空白）"
        kind = "合计（按各单位填报数自动计算）" if info.computed else "汇总"
        heading = f"{info.location}\n{kind}：{total}"
        last = self.previous_value(ref)
        change = self.summary.change(ref, self.previous) if self.previous is not None else None
        if last is not None and change is not None:
            sign = "+" if change > 0 else ""
            heading += f"\n上年汇总：{last}；较上年 {sign}{format_decimal(change)}"
        elif self.previous is not None:
            heading += "\n上年汇总的格式中没有这一格"
        self.title.setText(heading)
        for c in self.summary.contributions(ref):
            shown = text(c.value, c.file) if c.value is not None else "未填写"
            item = QTreeWidgetItem([c.agency, shown])
            item.setData(0, FILE_ROLE, c.file)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c.value is None:
                item.setForeground(1, QBrush(QColor(palette.WARNING_TEXT)))
                item.setToolTip(0, "此单位未填写这一格，汇总时按 0 计算，请核实")
            elif c.value is NA:
                item.setForeground(1, QBrush(QColor(palette.MUTED_TEXT)))
                item.setToolTip(0, "此单位填写“不适用”，汇总时按 0 计算")
            if c.file:
                item.setToolTip(1, Path(c.file).name)
            self.tree.addTopLevelItem(item)
        zeros = self.summary.zero_units(ref)
        if zeros:
            folded = QTreeWidgetItem([f"另有 {len(zeros)} 个单位为 0（展开查看）", "0"])
            folded.setForeground(0, QBrush(QColor(palette.MUTED_TEXT)))
            folded.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            files = {u.agency: u.file for u in self.summary.units}
            for agency in zeros:
                child = QTreeWidgetItem([agency, "0"])
                child.setData(0, FILE_ROLE, files.get(agency))
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                folded.addChild(child)
            self.tree.addTopLevelItem(folded)
        if self.tree.topLevelItemCount() == 0:
            self.tree.addTopLevelItem(QTreeWidgetItem(["（没有计入汇总的单位）", ""]))
        self.btn_jump.setEnabled(False)

    def previous_value(self, ref: str) -> str | None:
        """Last year's summary in ``ref`` as its grid shows it (None: no summary linked, or no such cell)."""
        last = self.previous
        if last is None or ref not in last.spec.cells:
            return None
        return format_value(last.value(ref), last.spec.cells[ref].block.value_type, last.fee_decimals) or "（空白）"

    def set_previous(self, previous: ReportDocument | None) -> None:
        """Last year's summary was linked, unlinked or reloaded: the cell shown says its change again."""
        self.previous = previous
        if self.ref is not None:
            self.show_cell(self.ref)

    def _current_file(self) -> str | None:
        item = self.tree.currentItem()
        file = item.data(0, FILE_ROLE) if item is not None else None
        return file if isinstance(file, str) else None

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        file = item.data(0, FILE_ROLE)
        if isinstance(file, str):
            self.open_unit(file, self.ref)

    def jump_current(self) -> None:
        file = self._current_file()
        if file is not None:
            self.open_unit(file, self.ref)

    def rows(self) -> list[tuple[str, str]]:
        """What the list shows, top-level rows only (agency, value)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                out.append((item.text(0), item.text(1)))
        return out


def attach_drilldown(window: WindowContext, summary: SummaryResult, open_unit: OpenUnit) -> DrillDownPanel:
    """Give a sum's window the 汇总明细 dock, following the cell selected in its grids."""
    panel = DrillDownPanel(summary, open_unit)
    main = window.widget
    dock = QDockWidget("汇总明细", main)
    dock.setObjectName("drilldown_dock")
    dock.setWidget(panel)
    # beside the grids rather than under them: the list is long and narrow, the cell stays in view
    main.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    main.resizeDocks([dock], [30 * main.fontMetrics().horizontalAdvance("中")], Qt.Orientation.Horizontal)
    window.add_menu_items([MenuItem(Menu.VIEW, Group.VIEW_DOCKS, 30, dock.toggleViewAction())])
    panel.reveal = lambda ref: window.reveal_refs([ref])
    controller = window.controller

    def follow_previous() -> None:
        panel.set_previous(controller.previous if controller.doc is summary.document else None)

    controller.previous_changed.connect(follow_previous)
    follow_previous()
    connected: set[int] = set()

    def follow(view_ref: Callable[[QModelIndex], str], index: QModelIndex) -> None:
        if controller.doc is not summary.document:
            panel.show_cell(None)  # another report was opened in this window: the drill-down no longer applies
            dock.hide()
            return
        panel.show_cell(view_ref(index) if index.isValid() else None)

    def connect_views() -> None:
        for page in window.pages:
            if not isinstance(page, TableSectionPage):
                continue
            page.ensure_built()
            for view in page.views:
                if id(view) in connected:
                    continue
                connected.add(id(view))
                model = view.block_model
                view.selectionModel().currentChanged.connect(
                    lambda current, _previous, m=model: follow(m.ref_at, current)
                )

    connect_views()
    return panel
