"""The 汇总 board: statuses, filters by status, rule and name, ticks, duplicates, the watcher, read-only open."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.collect import Status
from app.persistence import dumps
from ui import dialogs as ui_dialogs
from ui.collect import window as window_module
from ui.collect.board_model import COL_AGENCY, COL_FILE, COL_IMPORT, COL_INCLUDED, COL_STATUS, STATUS_COLOURS
from ui.collect.window import CollectWindow
from ui.main_window import MainWindow

from .collect_helpers import office_folder, scanned, unit, write_unit


@pytest.fixture
def infos(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ui_dialogs, "show_info", lambda _parent, title, message: shown.append((title, message)))
    return shown


def shown_rows(win: CollectWindow) -> list[tuple[str, str]]:
    """(unit, status) of the rows the board shows, top to bottom, as the clerk reads them."""
    proxy = win.proxy
    return [(proxy.index(r, COL_AGENCY).data(), proxy.index(r, COL_STATUS).data()) for r in range(proxy.rowCount())]


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_board_shows_every_status_and_never_writes_the_folder(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "office"
    office_folder(folder)
    roster = tmp_path / "名单.txt"
    roster.write_text("市教育局\n市财政局\n市公安局\n市卫健委\n市司法局\n", encoding="utf-8")
    before = digest(folder)
    assert collector.set_roster(roster)
    scanned(qtbot, collector, folder)

    rows = shown_rows(collector)
    assert ("市教育局", "通过") in rows
    assert ("市公安局", "有错误") in rows
    assert ("市卫健委", "年度不符") in rows
    assert ("市交通局", "无法读取") in rows
    assert ("市司法局", "未交") in rows
    assert sorted(s for a, s in rows if a == "市财政局") == ["通过", "重复"]
    # the status column is coloured by meaning
    model = collector.model
    errors_row = next(i for i, r in enumerate(model.rows) if r.status is Status.ERRORS)
    brush = model.index(errors_row, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == STATUS_COLOURS[Status.ERRORS][1]
    # the board says who goes into the sum, and why 有错误 does not
    assert "有错误的单位默认不计入汇总" in collector.note.text()
    assert "计入汇总 2 个单位" in collector.counts.text()
    assert "名单中未交 1 个单位" in collector.counts.text()
    assert collector.btn_sum.isEnabled()
    assert digest(folder) == before


def test_filters_by_status_rule_and_name(collector: CollectWindow, qtbot: QtBot, tmp_path: Path) -> None:
    office_folder(tmp_path)
    scanned(qtbot, collector, tmp_path)
    total = collector.proxy.rowCount()

    collector.status_filter.setCurrentIndex(collector.status_filter.findData(Status.PASSED))
    assert {s for _, s in shown_rows(collector)} == {"通过"}
    assert len(shown_rows(collector)) == 2
    collector.status_filter.setCurrentIndex(0)
    assert collector.proxy.rowCount() == total

    rules = [collector.rule_filter.itemData(i) for i in range(collector.rule_filter.count())]
    assert "T3-BAL" in rules
    collector.rule_filter.setCurrentIndex(rules.index("T3-BAL"))
    failing = {a for a, _ in shown_rows(collector)}
    assert "市公安局" in failing and "市教育局" not in failing
    collector.rule_filter.setCurrentIndex(0)

    collector.search.setText(" 教育 ")  # spaces as a clerk types them
    assert shown_rows(collector) == [("市教育局", "通过")]
    collector.search.setText("ＪＳ不存在")
    assert shown_rows(collector) == []
    collector.search.clear()
    assert collector.proxy.rowCount() == total


def test_ticks_include_a_unit_with_errors_and_survive_a_rescan(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = office_folder(tmp_path)
    scanned(qtbot, collector, tmp_path)
    model = collector.model
    gongan = str(files["gongan"])
    row = next(i for i, r in enumerate(model.rows) if r.file == gongan)
    tick = model.index(row, COL_INCLUDED)
    assert tick.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert "默认不计入汇总" in tick.data(Qt.ItemDataRole.ToolTipRole)

    assert model.setData(tick, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert collector.board is not None
    included = {r.agency for r in collector.board.included_rows()}
    assert included == {"市教育局", "市财政局", "市公安局"}
    assert "计入汇总 3 个单位" in collector.counts.text()

    # untick a passing unit: out of the sum
    jiaoyu = next(i for i, r in enumerate(model.rows) if r.file == str(files["jiaoyu"]))
    model.setData(model.index(jiaoyu, COL_INCLUDED), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert {r.agency for r in collector.board.included_rows()} == {"市财政局", "市公安局"}

    # 年度不符 cannot be ticked in
    weijian = next(i for i, r in enumerate(model.rows) if r.file == str(files["weijian"]))
    assert not model.flags(model.index(weijian, COL_INCLUDED)) & Qt.ItemFlag.ItemIsUserCheckable

    with qtbot.waitSignal(collector.scan_finished, timeout=20000):
        collector.rescan()
    assert {r.agency for r in collector.board.included_rows()} == {"市财政局", "市公安局"}


def test_duplicate_row_lets_the_clerk_use_the_other_file(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = office_folder(tmp_path)
    scanned(qtbot, collector, tmp_path)
    board = collector.board
    assert board is not None
    group = next(g for g in board.duplicates if str(files["caizheng"]) in g)
    used, other = group[0], group[1]
    assert collector.select_file(other)
    assert collector.btn_choose.isEnabled()
    collector.choose_current()
    assert board.row_for(other).status is not Status.DUPLICATE  # type: ignore[union-attr]
    assert board.row_for(used).status is Status.DUPLICATE  # type: ignore[union-attr]
    with qtbot.waitSignal(collector.scan_finished, timeout=20000):
        collector.rescan()
    assert collector.board is not None
    assert collector.board.row_for(used).status is Status.DUPLICATE  # type: ignore[union-attr]


def test_a_file_copied_in_shows_up_and_a_half_written_one_is_read_once_complete(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    write_unit(tmp_path, "市教育局.json", unit("市教育局"))
    scanned(qtbot, collector, tmp_path)
    assert [a for a, _ in shown_rows(collector)] == ["市教育局"]
    reads = collector.cache.reads

    data = dumps(unit("市民政局"))
    target = tmp_path / "新到" / "市民政局.json"
    target.parent.mkdir()
    target.write_bytes(data[: len(data) // 2])  # the copy has only begun
    qtbot.waitUntil(lambda: ("市民政局", "无法读取") in shown_rows(collector), timeout=5000)
    qtbot.waitUntil(lambda: not collector.scanning, timeout=5000)
    target.write_bytes(data)  # the copy is complete
    qtbot.waitUntil(lambda: ("市民政局", "通过") in shown_rows(collector), timeout=5000)
    # the unchanged unit was not read again: only the new file's two versions were parsed
    assert collector.cache.reads - reads == 2
    assert [a for a, _ in shown_rows(collector)].count("市民政局") == 1


def test_double_click_opens_the_unit_read_only_and_a_missing_unit_says_why(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, infos: list[tuple[str, str]]
) -> None:
    files = office_folder(tmp_path)
    roster = tmp_path / "名单.txt"
    roster.write_text("市教育局\n市司法局\n", encoding="utf-8")
    collector.set_roster(roster)
    scanned(qtbot, collector, tmp_path)
    assert collector.select_file(str(files["gongan"]))
    index = collector.view.currentIndex()
    collector._on_double_click(index.siblingAtColumn(COL_AGENCY))
    opened = collector.windows[-1]
    assert isinstance(opened, MainWindow)
    assert opened.read_only
    assert opened.path == files["gongan"]
    qtbot.waitUntil(lambda: opened.controller.validation_done, timeout=5000)
    assert any(i.rule == "T3-BAL" for i in opened.controller.issues)  # with its issue list
    # the same unit again: the window is raised, not opened twice
    assert collector.open_unit(str(files["gongan"])) is opened

    missing = next(r for r in collector.model.rows if r.status is Status.MISSING)
    assert collector.open_row(missing) is None
    assert infos and "没有报送文件" in infos[-1][1]


def test_unreadable_folder_is_a_chinese_message(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, dialogs: object
) -> None:
    with qtbot.waitSignal(collector.scan_finished, timeout=5000):
        collector.set_folder(tmp_path / "不存在")
    assert dialogs.errors  # type: ignore[attr-defined]
    _title, message = dialogs.errors[-1]  # type: ignore[attr-defined]
    assert "不存在" in message and "Traceback" not in message


def test_files_menu_opens_the_collector(window: MainWindow) -> None:
    assert window.files.act_collect.isEnabled()
    opened = window.files.open_collect()
    assert isinstance(opened, CollectWindow)
    assert window.files.open_collect() is opened
    opened.close()


def test_a_published_report_is_marked_imported_with_its_problems_one_click_away(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, infos: list[tuple[str, str]]
) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "jianxi-zwfw-2022.txt"
    target = tmp_path / source.name
    target.write_bytes(source.read_bytes())
    scanned(qtbot, collector, tmp_path)
    row = collector.board.row_for(str(target)) if collector.board else None
    assert row is not None and row.imported and row.import_problems
    assert collector.select_file(str(target))
    index = collector.view.currentIndex()
    assert index.siblingAtColumn(COL_IMPORT).data() == f"{len(row.import_problems)} 处"
    assert "（导入）" in index.siblingAtColumn(COL_FILE).data()
    assert collector.btn_problems.isEnabled()
    collector._on_double_click(index.siblingAtColumn(COL_IMPORT))
    title, message = infos[-1]
    assert row.agency in title
    assert str(row.import_problems[0]) in message
    assert not collector.windows  # the problems, not the report


def test_reading_shows_the_count_and_cancel_keeps_what_was_read(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(6):
        write_unit(tmp_path, f"单位{i}.json", unit(f"第{i}局"))
    real_scan = window_module.scan

    def slow_scan(*args: object, progress: Any, cancel: Any, **kwargs: object) -> object:
        def after_each(done: int, total: int, path: str) -> None:
            progress(done, total, path)
            deadline = time.monotonic() + 10
            while not cancel() and time.monotonic() < deadline:  # a slow disk: wait for the clerk's 取消
                time.sleep(0.01)

        return real_scan(*args, progress=after_each, cancel=cancel, **kwargs)

    monkeypatch.setattr(window_module, "scan", slow_scan)
    collector.folder = tmp_path
    collector.rescan()
    qtbot.waitUntil(lambda: collector.progress.maximum() == 6 and collector.progress.value() == 1, timeout=5000)
    assert collector.progress.isVisible() and collector.btn_cancel.isVisible()
    with qtbot.waitSignal(collector.scan_finished, timeout=5000):
        qtbot.mouseClick(collector.btn_cancel, Qt.MouseButton.LeftButton)
    assert collector.board is not None and collector.board.cancelled
    assert len(shown_rows(collector)) == 1
    assert "已取消读取" in collector.statusBar().currentMessage()
    assert not collector.progress.isVisible()
