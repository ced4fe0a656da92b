"""The menu bar, built from the items the window's features contribute (each names its menu, group and order)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar


class Menu(Enum):
    """The window's menus, in menu-bar order; the value is the title."""

    FILE = "文件(&F)"
    EDIT = "编辑(&E)"
    CHECK = "校验(&C)"
    VIEW = "查看(&V)"
    HELP = "帮助(&H)"


class Group:
    """Named groups within a menu (a separator is drawn between groups); lower numbers come first."""

    FILE_DOCUMENT = 10  # 新建, 新建下一年度报告, 打开, 最近打开
    FILE_SAVE = 20  # 保存, 另存为, 另存为副本
    FILE_IMPORT = 30  # 导入, 从剪贴板导入
    FILE_EXPORT = 40  # 导出PDF, 导出Excel, 打印预览
    FILE_QUIT = 90  # 退出
    EDIT_UNDO = 10
    EDIT_CELLS = 20  # 填0, 不适用, 清除, 改用自动计算的合计
    EDIT_YEARLY = 30  # 按上年数据推算现行有效件数
    CHECK_RUN = 10  # 立即校验, 下一个 / 上一个问题
    CHECK_YEARLY = 20  # 上一年度报告
    VIEW_DOCKS = 10  # 问题列表, 导入核对清单
    VIEW_PAGES = 20  # 上一页, 下一页
    HELP_FORMATS = 10  # 格式与规则, 安装格式包
    HELP_ABOUT = 90


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry: an action or a submenu, placed in ``menu`` within ``group`` at ``order``."""

    menu: Menu
    group: int
    order: int
    entry: QAction | QMenu = field(compare=False)


class MenuBar:
    """Keeps every contributed item and lays each menu out in (group, order) order.

    Items may be added later (a dock created on first use adds its toggle): the menu they go
    into is laid out again.
    """

    def __init__(self, bar: QMenuBar) -> None:
        self._items: dict[Menu, list[MenuItem]] = {menu: [] for menu in Menu}
        self.menus: dict[Menu, QMenu] = {menu: bar.addMenu(menu.value) for menu in Menu}

    def add(self, items: Iterable[MenuItem]) -> None:
        touched: set[Menu] = set()
        for item in items:
            self._items[item.menu].append(item)
            touched.add(item.menu)
        for menu in touched:
            self._lay_out(menu)

    def items(self, menu: Menu) -> list[MenuItem]:
        return sorted(self._items[menu], key=lambda item: (item.group, item.order))

    def _lay_out(self, menu: Menu) -> None:
        qmenu = self.menus[menu]
        # Not QMenu.clear(): it would delete the toggle actions of the docks along with the menu's own.
        for action in qmenu.actions():
            qmenu.removeAction(action)
            if action.isSeparator():
                action.deleteLater()
        group: int | None = None
        for item in self.items(menu):
            if group is not None and item.group != group:
                qmenu.addSeparator()
            group = item.group
            if isinstance(item.entry, QMenu):
                qmenu.addMenu(item.entry)
            else:
                qmenu.addAction(item.entry)
