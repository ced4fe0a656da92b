"""Navigation between the tabs: 查看 → 上一页 / 下一页 (Ctrl+PgUp / Ctrl+PgDown)."""

from __future__ import annotations

from ui.features.base import Feature, WindowContext
from ui.menus import Group, Menu, MenuItem


class NavigationFeature(Feature):
    """Steps through the report's tabs, wrapping around."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        self.act_next_page = self.action("下一页", lambda: self.step_tab(1), "Ctrl+PgDown")
        self.act_prev_page = self.action("上一页", lambda: self.step_tab(-1), "Ctrl+PgUp")

    def menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(Menu.VIEW, Group.VIEW_PAGES, 10, self.act_prev_page),
            MenuItem(Menu.VIEW, Group.VIEW_PAGES, 20, self.act_next_page),
        ]

    def step_tab(self, delta: int) -> None:
        tabs = self.window.tabs
        tabs.setCurrentIndex((tabs.currentIndex() + delta) % tabs.count())
