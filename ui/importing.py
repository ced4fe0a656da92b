"""File → 导入…: bring a report in from Excel or a published report's text, through app.importers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.dialogs import show_error

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def run_import(window: MainWindow) -> None:
    show_error(window, "导入", "此版本尚未包含导入功能。")
