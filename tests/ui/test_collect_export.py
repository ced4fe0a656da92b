"""导出汇总表…: the workbook (状态, 明细, the summed report) written in the background, errors in Chinese."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from ui import dialogs as ui_dialogs
from ui.collect import window as window_module
from ui.collect.window import CollectWindow

from .collect_helpers import office_folder, scanned, unit, write_unit

REF = "t2_1.regulation.issued"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ui_dialogs, "show_error", lambda _parent, title, message: shown.append((title, message)))
    return shown


def save_as(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> list[str]:
    """The save dialog answers ``answer`` (None: cancelled); returns the start paths it was shown with."""
    asked: list[str] = []

    def dialog(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return (str(answer) if answer is not None else "", "")

    monkeypatch.setattr(window_module.QFileDialog, "getSaveFileName", staticmethod(dialog))
    return asked


def sheet_texts(path: Path, name: str) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [str(v) for row in book[name].iter_rows(values_only=True) for v in row if v is not None]
    finally:
        book.close()


def test_export_writes_status_detail_and_the_sum(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "各单位"
    office_folder(folder)
    scanned(qtbot, collector, folder)
    target = tmp_path / "汇总明细"  # no suffix typed: .xlsx is added
    asked = save_as(monkeypatch, target)
    with qtbot.waitSignal(collector.export_finished, timeout=20000):
        collector.btn_export.click()
    assert asked == [str(tmp_path / "2024年度汇总明细.xlsx")]  # beside the folder, never in it by default
    written = target.with_name("汇总明细.xlsx")
    assert written.is_file()
    assert f"已导出汇总表：{written}" in collector.statusBar().currentMessage()
    book = openpyxl.load_workbook(written, read_only=True)
    names = book.sheetnames
    book.close()
    assert names[:2] == ["状态", "明细"] and len(names) > 2
    status = sheet_texts(written, "状态")
    for agency, state in [("市教育局", "通过"), ("市公安局", "有错误"), ("市卫健委", "年度不符")]:
        assert agency in status and state in status
    detail = sheet_texts(written, "明细")
    assert "市教育局" in detail and "市财政局" in detail
    assert "市公安局" not in detail  # left out of the sum (errors), so not in its detail


def test_a_workbook_saved_into_the_folder_is_not_read_back(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_unit(tmp_path, "教育.json", unit("市教育局", {REF: Decimal(4)}))
    scanned(qtbot, collector, tmp_path)
    save_as(monkeypatch, tmp_path / "汇总.xlsx")
    with qtbot.waitSignal(collector.export_finished, timeout=20000):
        collector.export_workbook_dialog()
    with qtbot.waitSignal(collector.scan_finished, timeout=20000):
        collector.rescan()
    assert collector.board is not None
    assert [r.agency for r in collector.board.rows] == ["市教育局"]


def test_export_errors_are_chinese_and_a_units_file_is_never_overwritten(
    collector: CollectWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[tuple[str, str]],
) -> None:
    from app.export.xlsx import build_workbook

    published = tmp_path / "市交通局.xlsx"
    published.write_bytes(build_workbook(unit("市交通局")))
    scanned(qtbot, collector, tmp_path)
    before = published.read_bytes()
    save_as(monkeypatch, published)
    assert not collector.export_workbook_dialog()
    assert errors[-1][0] == "无法导出汇总表" and "不能覆盖" in errors[-1][1]
    assert published.read_bytes() == before

    save_as(monkeypatch, tmp_path / "不存在的文件夹" / "汇总.xlsx")
    with qtbot.waitSignal(collector.export_finished, timeout=20000):
        assert collector.export_workbook_dialog()
    assert errors[-1][0] == "无法导出汇总表" and "文件夹不存在" in errors[-1][1]

    save_as(monkeypatch, None)  # the dialog was cancelled
    assert not collector.export_workbook_dialog()


def test_export_without_a_board_is_disabled(collector: CollectWindow) -> None:
    assert not collector.btn_export.isEnabled()
    assert not collector.export_workbook_dialog()
