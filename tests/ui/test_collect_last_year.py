"""关联上年汇总…: the sum is checked against last year's summary and its 汇总明细 shows the change per cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.persistence import save
from ui import dialogs as ui_dialogs
from ui.collect import window as window_module
from ui.collect.drilldown import DrillDownPanel
from ui.collect.window import CollectWindow
from ui.main_window import MainWindow
from ui.previous import NO_PREVIOUS

from .collect_helpers import scanned, unit, write_unit
from .helpers import view_of

REF = "t2_1.regulation.issued"
OTHER = "t2_1.regulation.repealed"


def last_year_summary(path: Path, year: int = 2023) -> Path:
    doc = unit("某市人民政府", {REF: Decimal(40), OTHER: Decimal(9)}, year=year)
    doc.meta.update(scope="本级政府汇总", agency_type="人民政府")
    path.parent.mkdir(parents=True, exist_ok=True)
    save(doc, path)
    return path


def units(folder: Path) -> None:
    write_unit(folder, "教育.json", unit("市教育局", {REF: Decimal(40), OTHER: Decimal(1)}))
    write_unit(folder, "财政.json", unit("市财政局", {REF: Decimal(7), OTHER: Decimal(2)}))


def open_sum(qtbot: QtBot, collector: CollectWindow) -> tuple[MainWindow, DrillDownPanel]:
    window = collector.open_summary()
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    panel = window.findChild(DrillDownPanel)
    assert panel is not None
    return window, panel


def test_linked_last_year_gives_the_change_per_cell(collector: CollectWindow, qtbot: QtBot, tmp_path: Path) -> None:
    units(tmp_path / "units")
    last = last_year_summary(tmp_path / "上年" / "2023年度汇总.json")
    scanned(qtbot, collector, tmp_path / "units")
    assert collector.set_last_year(last)
    assert "2023年度汇总.json（2023年度）" in collector.last_year_label.text()
    assert "应关联" not in collector.last_year_label.text()
    assert collector.btn_no_last_year.isVisibleTo(collector)

    window, panel = open_sum(qtbot, collector)
    assert window.controller.previous is not None  # the cross-year checks of the sum run against it
    assert window.controller.previous.year == 2023
    assert window.controller.doc.previous_project == str(last.resolve())  # saved with the sum

    view = view_of(window, window.controller.spec.cells[REF].block.id)
    view.setCurrentIndex(view.block_model.index_of(REF))
    assert "汇总：47" in panel.title.text()
    assert "上年汇总：40；较上年 +7" in panel.title.text()
    panel.show_cell(OTHER)
    assert "上年汇总：9；较上年 -6" in panel.title.text()

    # unlinked in the sum's own window (校验 → 取消关联上年度报告): the change is no longer shown
    assert window.controller.link_previous(None, NO_PREVIOUS)
    assert panel.ref == OTHER and "上年" not in panel.title.text()
    window.controller.undo_stack.undo()  # and back
    assert "较上年 -6" in panel.title.text()


def test_without_last_year_no_change_is_shown(collector: CollectWindow, qtbot: QtBot, tmp_path: Path) -> None:
    units(tmp_path)
    scanned(qtbot, collector, tmp_path)
    assert "未关联" in collector.last_year_label.text()
    window, panel = open_sum(qtbot, collector)
    assert window.controller.previous is None
    panel.show_cell(REF)
    assert "上年" not in panel.title.text()


def test_a_summary_of_another_year_is_flagged_and_unlinking_works(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    units(tmp_path / "units")
    scanned(qtbot, collector, tmp_path / "units")
    assert collector.set_last_year(last_year_summary(tmp_path / "2022.json", year=2022))
    assert "汇总年度为 2024，应关联 2023 年度的汇总" in collector.last_year_label.text()
    collector.btn_no_last_year.click()
    assert collector.last_year_path is None and "未关联" in collector.last_year_label.text()
    window, _panel = open_sum(qtbot, collector)
    assert window.controller.doc.previous_project is None


def test_an_unreadable_last_year_is_refused_in_chinese(
    collector: CollectWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(ui_dialogs, "show_error", lambda _parent, title, message: errors.append((title, message)))
    broken = tmp_path / "上年.json"
    broken.write_text("not json", encoding="utf-8")
    assert not collector.set_last_year(broken)
    assert errors and errors[0][0] == "无法打开上年汇总"
    assert collector.last_year_path is None


def test_choose_last_year_dialog(collector: CollectWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    last = last_year_summary(tmp_path / "上年.json")
    monkeypatch.setattr(window_module.QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(last), "")))
    collector.btn_last_year.click()
    assert collector.last_year_path == last.resolve()


def test_the_board_checks_each_report_on_its_own_the_unit_window_against_its_linked_last_year(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Cross-year rules need last year's report: the board never runs them (no X-CARRY error there), while
    the unit's read-only window runs them when the unit's project links a last year's report it can open."""
    last = unit("市教育局", year=2023)
    carried = last.cells["t3.carry_forward.natural"]
    assert isinstance(carried, Decimal)
    last.apply({"t3.carry_forward.natural": carried + 3})  # this year's 上年结转 no longer matches
    write_unit(tmp_path / "上年", "市教育局.json", last)
    this = unit("市教育局")
    this.previous_project = "../上年/市教育局.json"
    path = write_unit(tmp_path / "units", "市教育局.json", this)
    scanned(qtbot, collector, tmp_path / "units")
    row = collector.board.row_for(str(path)) if collector.board else None
    assert row is not None
    assert row.errors == 0 and not any(i.rule.startswith("X-") for i in row.issues)
    assert "X-CARRY" not in row.rules_failed

    window = collector.open_unit(str(path))
    assert isinstance(window, MainWindow) and window.read_only
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.controller.validation_done, timeout=5000)
    assert window.controller.previous is not None
    assert any(i.rule == "X-CARRY" for i in window.controller.issues)
