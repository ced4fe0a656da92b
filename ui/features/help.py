"""Help: 关于年报助手."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ui.features.base import Feature, WindowContext
from ui.menus import Group, Menu, MenuItem


class HelpFeature(Feature):
    """What the program is, its version and the format of the open report."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        self.act_about = self.action("关于年报助手", self.about)

    def menu_items(self) -> list[MenuItem]:
        return [MenuItem(Menu.HELP, Group.HELP_ABOUT, 10, self.act_about)]

    def about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self.window.widget,
            "关于年报助手",
            f"年报助手 {__version__}\n\n政府信息公开工作年度报告填报、校验与导出工具。\n"
            f"报告格式：{self.window.controller.spec.name}\n全部数据保存在本机，不联网。",
        )
