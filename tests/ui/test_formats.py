"""帮助 → 格式与规则… and 安装格式包…: the list of formats and rules, installing a pack, a broken pack at start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from app.persistence import load
from app.spec import packs
from tests.ui.conftest import DialogRecorder
from ui.features import help as help_feature
from ui.formats_dialog import FormatsDialog
from ui.main_window import MainWindow
from ui.menus import Menu

PACK = (
    'extends = "2021"\n[pack]\nedition = "2021"\nversion = 3\nname = "某省调整"\nissuer = "某省政务公开办"\n'
    '[[rules]]\nid = "TXT-02"\nseverity = "error"\n'
)
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def infos(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(help_feature.dialogs, "show_info", lambda _p, title, text: shown.append((title, text)))
    return shown


def save_shot(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))  # type: ignore[attr-defined]


def help_texts(window: MainWindow) -> list[str]:
    menu = window.menus.menus[Menu.HELP]
    assert isinstance(menu, QMenu)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_help_menu_has_formats_and_install(window: MainWindow):
    assert help_texts(window) == ["格式与规则(&F)…", "安装格式包(&I)…", "关于年报助手"]
    assert not window.findChild(object, "pack_warning").isVisible()  # type: ignore[union-attr]


def test_formats_dialog_lists_editions_and_rules(window: MainWindow, qtbot: QtBot, formats: Path, tmp_path: Path):
    source = tmp_path / "pack.toml"
    source.write_text(PACK, encoding="utf-8")
    packs.install(source)
    dialog = FormatsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = [
        [dialog.editions.topLevelItem(i).text(c) for c in range(6)] for i in range(dialog.editions.topLevelItemCount())
    ]
    assert rows[0][0] == "2021 版" and rows[0][2:] == ["某省调整", "某省政务公开办", "3", "正在使用"]
    assert rows[1][2:] == ["—", "内置", "—", "未使用"]
    assert rows[2][0] == "2019 版" and rows[2][5] == "正在使用"
    rules = {
        dialog.rules.topLevelItem(i).text(0): dialog.rules.topLevelItem(i)
        for i in range(dialog.rules.topLevelItemCount())
    }
    assert rules["TXT-02"].text(1) == "错误"  # the pack's severity, not the shipped one
    assert "T3-BAL" in rules and "T3-ROW-TOTAL" in rules
    assert str(formats) in dialog.folder.text()
    save_shot(dialog, "formats-dialog.png")
    dialog.editions.setCurrentItem(dialog.editions.topLevelItem(1))
    shipped = {
        dialog.rules.topLevelItem(i).text(0): dialog.rules.topLevelItem(i).text(1)
        for i in range(dialog.rules.topLevelItemCount())
    }
    assert shipped["TXT-02"] == "警告"


def test_install_from_the_window_says_restart(
    window: MainWindow, formats: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, infos: list[tuple[str, str]]
):
    source = tmp_path / "pack.toml"
    source.write_text(PACK, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    window.help.act_install.trigger()
    assert (formats / "2021" / "3.toml").is_file()
    assert infos and "重新启动" in infos[0][1] and "某省调整" in infos[0][1]


def test_install_refusal_is_a_chinese_error(
    window: MainWindow, formats: Path, tmp_path: Path, dialogs: DialogRecorder, infos: list[tuple[str, str]]
):
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK.replace('severity = "error"', 'severity = "fatal"'), encoding="utf-8")
    assert not window.help.install_path(bad)
    assert dialogs.errors and dialogs.errors[0][0] == "无法安装格式包" and "“fatal”" in dialogs.errors[0][1]
    assert not infos and not formats.exists()


def test_a_broken_pack_is_reported_at_start_without_blocking(
    app_ready: object, qtbot: QtBot, sample_copy: Path, formats: Path, monkeypatch: pytest.MonkeyPatch
):
    (formats / "2021").mkdir(parents=True)
    (formats / "2021" / "4.toml").write_text(PACK.replace("version = 3", "version = 4") + "oops", encoding="utf-8")
    packs.reset()
    monkeypatch.setattr(help_feature, "_warned", False)
    win = MainWindow(load(sample_copy), sample_copy)
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: "格式包无法使用" in win.statusBar().currentMessage(), timeout=3000)
    assert "改用内置格式" in win.statusBar().currentMessage()
    note = win.findChild(object, "pack_warning")
    assert note is not None and note.isVisible()  # type: ignore[attr-defined]
    assert win.controller.spec.edition == "2021"  # the shipped declaration serves
    save_shot(win, "formats-broken-pack-at-start.png")
    second = MainWindow(load(sample_copy), sample_copy)  # another window of the same run: no second message
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    qtbot.wait(50)
    assert "格式包" not in second.statusBar().currentMessage()


def test_the_dialog_installs_and_lists_the_new_pack(
    window: MainWindow,
    qtbot: QtBot,
    formats: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    infos: list[tuple[str, str]],
):
    source = tmp_path / "pack.toml"
    source.write_text(PACK, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    dialog = FormatsDialog(window, install=window.help.install_pack)
    qtbot.addWidget(dialog)
    assert dialog.editions.topLevelItemCount() == 2 and dialog.btn_install is not None
    dialog.btn_install.click()
    assert dialog.editions.topLevelItemCount() == 3
    top = dialog.editions.topLevelItem(0)
    assert top is not None and top.text(2) == "某省调整" and top.text(5) == "正在使用"
    assert infos and "重新启动" in infos[0][1]
