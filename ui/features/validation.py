"""Validation: the 问题列表 dock, 立即校验 (F9), F8 / Shift+F8, the counts in the status bar and on the tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QDockWidget, QLabel

from app.spec.model import Severity
from ui import palette
from ui.features.base import Feature, StatusItem, WindowContext
from ui.issue_panel import IssuePanel
from ui.menus import Group, Menu, MenuItem

if TYPE_CHECKING:
    from app.rules import Issue

DOCK_WEIGHT = 11  # of the bottom area's width
DOCK_LINES = 11
_ICON_CACHE: dict[str, QIcon] = {}


def dot_icon(colour: str) -> QIcon:
    """A small filled circle, the mark of a tab holding errors or warnings."""
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


class ValidationFeature(Feature):
    """Shows what the rules found: the list, the counts, and the way from an issue to its cells."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        controller = window.controller
        self.issue_panel = IssuePanel(controller)
        self.issue_panel.activated.connect(self.reveal)
        self.dock = QDockWidget("问题列表", window.widget)
        self.dock.setObjectName("issues_dock")
        self.dock.setWidget(self.issue_panel)
        window.add_dock(self.dock, weight=DOCK_WEIGHT, lines=DOCK_LINES)
        self.act_validate = self.action("立即校验", controller.validate_now, "F9")
        self.act_next_issue = self.action("下一个问题", lambda: self.step_issue(1), "F8")
        self.act_prev_issue = self.action("上一个问题", lambda: self.step_issue(-1), "Shift+F8")
        self.counts_label = QLabel()
        controller.issues_changed.connect(self.update_counts)

    def menu_items(self) -> list[MenuItem]:
        toggle = self.dock.toggleViewAction()
        toggle.setText("问题列表")
        return [
            MenuItem(Menu.CHECK, Group.CHECK_RUN, 10, self.act_validate),
            MenuItem(Menu.CHECK, Group.CHECK_RUN, 20, self.act_next_issue),
            MenuItem(Menu.CHECK, Group.CHECK_RUN, 30, self.act_prev_issue),
            MenuItem(Menu.VIEW, Group.VIEW_DOCKS, 10, toggle),
        ]

    def status_items(self) -> list[StatusItem]:
        return [StatusItem(30, self.counts_label)]

    def pages_changed(self) -> None:
        self.update_counts()

    def update_counts(self) -> None:
        """The status bar's totals and each tab's count and mark (explained warnings are not counted)."""
        controller = self.window.controller
        issues = controller.issues
        if not controller.validation_done:
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
        tabs = self.window.tabs
        for index, page in enumerate(self.window.pages):
            mine = [i for i in issues if i.section == page.section_id and not i.explained]
            errors = sum(1 for i in mine if i.severity is Severity.ERROR)
            tabs.setTabText(index, page.title + (f"（{len(mine)}）" if mine else ""))
            if errors:
                icon = dot_icon(palette.ERROR_MARK)
            elif mine:
                icon = dot_icon(palette.WARNING_MARK)
            else:
                icon = QIcon()
            tabs.setTabIcon(index, icon)

    def reveal(self, issue: Issue) -> None:
        """Switch to the issue's tab and select its cells (or focus its text)."""
        self.window.reveal_refs(issue.refs, issue.message)

    def step_issue(self, delta: int) -> Issue | None:
        """F8 / Shift+F8: the next / previous issue of the list as it is now (after the last edit)."""
        controller = self.window.controller
        if controller.validation_pending:
            controller.validate_now()
        issue = self.issue_panel.step(delta)
        if issue is None:
            hidden = self.issue_panel.model.rowCount()
            self.window.status(f"问题列表的筛选隐藏了全部 {hidden} 个问题" if hidden else "没有发现问题")
        return issue
