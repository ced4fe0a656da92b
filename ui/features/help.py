"""Help: 格式与规则…, 安装格式包…, 关于年报助手; a broken installed format pack is reported at start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from app.errors import UserError
from app.spec.packs import list_warnings
from ui import dialogs, palette
from ui.features.base import Feature, StatusItem, WindowContext
from ui.menus import Group, Menu, MenuItem

PACK_FILTER = "格式包 (*.toml);;所有文件 (*)"
_warned = False  # the start-up message about broken packs is shown once per run, not in every window


class HelpFeature(Feature):
    """What the program is, its version and its formats: the list of formats and rules, installing a pack."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        self.act_formats = self.action(
            "格式与规则(&F)…", self.show_formats, tip="查看可用的报告格式（内置的和已安装的格式包）及其校验规则"
        )
        self.act_install = self.action(
            "安装格式包(&I)…", self.install_pack, tip="安装主管部门发布的格式包（.toml），重新启动后生效"
        )
        self.act_about = self.action("关于年报助手", self.about)
        self.pack_warnings = list_warnings()  # bounded: reads only the (small) installed packs
        self.pack_note = QLabel("已安装的格式包无法使用")
        self.pack_note.setObjectName("pack_warning")
        self.pack_note.setStyleSheet(palette.text_style(palette.WARNING_TEXT))
        self.pack_note.setToolTip("\n".join(self.pack_warnings) + "\n详见 帮助 → 格式与规则…")
        self.pack_note.setVisible(bool(self.pack_warnings))
        global _warned
        if self.pack_warnings and not _warned:
            _warned = True
            # after the window is shown: a message in the status bar, never a box in the way of starting
            QTimer.singleShot(0, self._announce)

    def menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(Menu.HELP, Group.HELP_FORMATS, 10, self.act_formats),
            MenuItem(Menu.HELP, Group.HELP_FORMATS, 20, self.act_install),
            MenuItem(Menu.HELP, Group.HELP_ABOUT, 10, self.act_about),
        ]

    def status_items(self) -> list[StatusItem]:
        return [StatusItem(5, self.pack_note)]

    def _announce(self) -> None:
        self.window.status(f"{self.pack_warnings[0]}（详见 帮助 → 格式与规则…）", 30000)

    def show_formats(self) -> None:
        from ui.formats_dialog import FormatsDialog

        dialog = FormatsDialog(self.window.widget, install=self.install_pack)
        dialog.exec()

    def install_pack(self) -> bool:
        """Ask for a pack file, check it, install it; True when installed."""
        name, _ = QFileDialog.getOpenFileName(
            self.window.widget, "安装格式包", str(self.window.start_dir()), PACK_FILTER
        )
        return bool(name) and self.install_path(Path(name))

    def install_path(self, path: Path) -> bool:
        from app.spec.packs import install

        try:
            info, target = install(path)
        except UserError as exc:
            dialogs.show_error(self.window.widget, "无法安装格式包", str(exc))
            return False
        dialogs.show_info(
            self.window.widget,
            "已安装格式包",
            f"已安装 {info.name}（{info.edition} 版，第 {info.version_text} 版，{info.issuer}）。\n\n"
            f"重新启动年报助手后生效。\n\n文件保存在：{target}",
        )
        return True

    def about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self.window.widget,
            "关于年报助手",
            f"年报助手 {__version__}\n\n政府信息公开工作年度报告填报、校验与导出工具。\n"
            f"报告格式：{self.window.controller.spec.name}\n全部数据保存在本机，不联网。",
        )
