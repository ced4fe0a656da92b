"""Menus as a keyboard user meets them: within one menu, every access key (Alt+letter) leads to one entry."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.persistence import load
from ui.main_window import MainWindow

ACCESS_KEY = re.compile(r"&([^&])")


def access_keys(menu: QMenu) -> dict[str, list[str]]:
    """Each access key of the menu's visible entries and the entries that use it."""
    used: dict[str, list[str]] = {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        found = ACCESS_KEY.search(action.text())
        if found:
            used.setdefault(found.group(1).upper(), []).append(action.text())
    return used


def clashes(window: MainWindow) -> list[str]:
    out = []
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    for menu in menus:
        assert isinstance(menu, QMenu)
        out += [f"{menu.title()}: {', '.join(v)}" for v in access_keys(menu).values() if len(v) > 1]
        for action in menu.actions():  # submenus such as 最近打开
            sub = action.menu()
            if isinstance(sub, QMenu):
                out += [f"{sub.title()}: {', '.join(v)}" for v in access_keys(sub).values() if len(v) > 1]
    return out


def test_menu_bar_titles_have_distinct_access_keys(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    keys = Counter(m.group(1).upper() for t in titles if (m := ACCESS_KEY.search(t)))
    assert len(keys) == len(titles) and max(keys.values()) == 1, titles


@pytest.mark.parametrize("read_only", [False, True], ids=["editable", "read-only"])
def test_no_two_entries_of_a_menu_share_an_access_key(
    app_ready: object, qtbot: QtBot, sample_copy: Path, read_only: bool
) -> None:
    win = MainWindow(load(sample_copy), sample_copy, read_only=read_only)
    qtbot.addWidget(win)
    assert clashes(win) == []
