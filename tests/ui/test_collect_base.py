"""选择本级项目…: the sum's 基本信息 and narrative come from the office's own project, which may also be summed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.document import ReportDocument
from app.persistence import save
from app.spec import edition_for_year, load_spec
from ui import dialogs as ui_dialogs
from ui.collect import window as window_module
from ui.collect.board_model import COL_AGENCY, COL_FILE
from ui.collect.window import CollectWindow

from .collect_helpers import scanned, unit, write_unit

REF = "t2_1.regulation.issued"


def office_project(path: Path, cells: dict[str, Decimal] | None = None) -> Path:
    """The 政府办公室's own report: its own agency, contact and opening paragraph."""
    doc = unit("某县人民政府", cells)
    doc.meta.update(agency_type="人民政府", contact_unit="某县人民政府办公室")
    doc.texts["s1_intro"] = "本县按照条例要求，认真做好政府信息公开工作。"
    path.parent.mkdir(parents=True, exist_ok=True)
    save(doc, path)
    return path


def file_cell(win: CollectWindow, agency: str) -> str:
    proxy = win.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, COL_AGENCY).data() == agency:
            return str(proxy.index(r, COL_FILE).data())
    raise AssertionError(agency)


def test_without_a_base_the_narrative_is_empty(collector: CollectWindow, qtbot: QtBot, tmp_path: Path) -> None:
    write_unit(tmp_path / "units", "教育.json", unit("县教育局"))
    scanned(qtbot, collector, tmp_path / "units")
    summary = collector.build_summary()
    assert summary is not None
    assert summary.document.texts.get("s1_intro", "") == ""
    assert summary.document.meta.get("contact_unit", "") == ""
    assert "未选择" in collector.base_label.text()
    assert not collector.btn_no_base.isVisibleTo(collector)


def test_a_base_outside_the_folder_gives_the_narrative_but_is_not_summed(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    write_unit(tmp_path / "units", "教育.json", unit("县教育局", {REF: Decimal(40)}))
    write_unit(tmp_path / "units", "财政.json", unit("县财政局", {REF: Decimal(7)}))
    base = office_project(tmp_path / "本级" / "本县.json", {REF: Decimal(1000)})
    scanned(qtbot, collector, tmp_path / "units")
    assert collector.set_base(base)
    assert "本县.json" in collector.base_label.text()
    assert "计入汇总" not in collector.base_label.text()  # not in the folder: only its texts are used
    assert collector.btn_no_base.isVisibleTo(collector)

    window = collector.open_summary()
    assert window is not None
    qtbot.addWidget(window)
    doc = window.controller.doc
    assert doc.texts["s1_intro"] == "本县按照条例要求，认真做好政府信息公开工作。"
    assert doc.meta["contact_unit"] == "某县人民政府办公室"
    assert doc.meta["scope"] == "本级政府汇总"  # the base's own 统计口径 is not taken over
    assert doc.cells[REF] == Decimal(47)  # the base's own figures are not in the sum

    collector.set_base(None)
    assert "未选择" in collector.base_label.text()
    summary = collector.build_summary()
    assert summary is not None and summary.document.texts.get("s1_intro", "") == ""


def test_the_offices_own_report_in_the_folder_is_marked_and_summed(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    write_unit(tmp_path, "教育.json", unit("县教育局", {REF: Decimal(40)}))
    base = office_project(tmp_path / "本级" / "本县.json", {REF: Decimal(3)})
    scanned(qtbot, collector, tmp_path)
    # chosen through a path spelt differently from the scan's: still recognised as that row
    assert collector.set_base(tmp_path / "本级" / ".." / "本级" / "本县.json")
    assert file_cell(collector, "某县人民政府") == "本县.json（本级项目）"
    assert file_cell(collector, "县教育局") == "教育.json"
    assert "也计入汇总" in collector.base_label.text()

    summary = collector.build_summary()
    assert summary is not None
    assert summary.document.cells[REF] == Decimal(43)  # 40 + the office's own 3
    assert summary.document.texts["s1_intro"].startswith("本县按照条例要求")
    assert {u.agency for u in summary.units} == {"县教育局", "某县人民政府"}

    # saved again in the folder: the sum takes the texts as they are now
    office = unit("某县人民政府", {REF: Decimal(3)})
    office.texts["s1_intro"] = "修改后的概述。"
    with qtbot.waitSignal(collector.scan_finished, timeout=20000):
        save(office, base)
        collector.rescan()
    assert file_cell(collector, "某县人民政府") == "本县.json（本级项目）"
    summary = collector.build_summary()
    assert summary is not None and summary.document.texts["s1_intro"] == "修改后的概述。"

    # left out by the clerk's tick: the label says so, and only its narrative is used
    collector.set_included(str(base), False)
    assert "不计入汇总" in collector.base_label.text()
    summary = collector.build_summary()
    assert summary is not None and summary.document.cells[REF] == Decimal(40)


def test_an_unreadable_base_is_refused_in_chinese(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(ui_dialogs, "show_error", lambda _parent, title, message: errors.append((title, message)))
    broken = tmp_path / "本县.json"
    broken.write_text('{"format": "nianbao-project", "cells": ', encoding="utf-8")
    assert not collector.set_base(broken)
    assert errors and errors[0][0] == "无法打开本级项目"
    assert collector.base_path is None

    # chosen, then deleted before 汇总: the sum is not built, and the message says what to do
    write_unit(tmp_path / "units", "教育.json", unit("县教育局"))
    scanned(qtbot, collector, tmp_path / "units")
    gone = office_project(tmp_path / "别处" / "本县.json")
    assert collector.set_base(gone)
    gone.unlink()
    assert collector.open_summary() is None
    assert "不用本级项目" in errors[-1][1]


def test_choose_base_dialog(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = office_project(tmp_path / "本县.json")
    monkeypatch.setattr(window_module.QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(base), "")))
    collector.btn_base.click()
    assert collector.base_path == base.resolve()


def test_a_base_of_another_edition_is_not_used_and_the_clerk_is_told(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    write_unit(tmp_path / "units", "教育.json", unit("县教育局"))
    old = ReportDocument(load_spec(edition_for_year(2019)))
    old.meta.update(agency="某县人民政府", year="2019")
    old.texts[next(iter(old.spec.text_fields))] = "2019年的概述。"
    save(old, tmp_path / "2019.json")
    scanned(qtbot, collector, tmp_path / "units")
    assert collector.set_base(tmp_path / "2019.json")
    window = collector.open_summary()
    assert window is not None
    qtbot.addWidget(window)
    assert "2019年的概述。" not in window.controller.doc.texts.values()
    assert "报告格式与汇总年度不同，未采用其文字部分" in window.widget.statusBar().currentMessage()
