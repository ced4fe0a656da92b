"""汇总: the sum opens as a normal project; its 汇总明细 lists each unit's value and jumps to that unit's cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.export.xlsx import build_workbook
from app.values import NA
from ui.collect.drilldown import DrillDownPanel
from ui.collect.window import CollectWindow
from ui.main_window import MainWindow

from .collect_helpers import scanned, unit, write_unit
from .helpers import view_of

REF = "t2_1.regulation.issued"  # no rule ties it to other cells of the year
BLANK = "t2_1.normative.issued"
FEE = "t2_8.fee.amount"


def three_units(folder: Path) -> dict[str, Path]:
    return {
        "教育": write_unit(folder, "教育.json", unit("市教育局", {REF: Decimal(40)})),
        "财政": write_unit(folder, "财政.json", unit("市财政局", {REF: Decimal(7)})),
        "民政": write_unit(folder, "民政.json", unit("市民政局", {REF: Decimal(0), BLANK: None})),
    }


def open_sum(
    qtbot: QtBot, collector: CollectWindow, folder: Path, tick: Path | None = None
) -> tuple[MainWindow, DrillDownPanel]:
    scanned(qtbot, collector, folder)
    if tick is not None:  # a unit with errors, included by the clerk's tick
        collector.set_included(str(tick), True)
    window = collector.open_summary()
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    panel = window.findChild(DrillDownPanel)
    assert panel is not None
    return window, panel


def test_sum_opens_as_an_unsaved_project_with_exact_sums(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = three_units(tmp_path)
    window, _panel = open_sum(qtbot, collector, tmp_path, files["民政"])
    doc = window.controller.doc
    assert doc.meta["scope"] == "本级政府汇总"
    assert doc.cells[REF] == Decimal(47)
    assert not window.read_only
    assert window.is_modified()  # a new project: closing asks to save it
    assert window.files.act_save.isEnabled()


def test_drilldown_lists_units_largest_first_folds_zeros_and_shows_blanks(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = three_units(tmp_path)
    window, panel = open_sum(qtbot, collector, tmp_path, files["民政"])
    view = view_of(window, window.controller.spec.cells[REF].block.id)
    view.setCurrentIndex(view.block_model.index_of(REF))
    assert panel.ref == REF
    rows = panel.rows()
    assert rows[0] == ("市教育局", "40")
    assert rows[1] == ("市财政局", "7")
    assert rows[2][0].startswith("另有 1 个单位为 0")  # 市民政局 folded
    assert "47" in panel.title.text()

    # a cell a unit left blank: the unit is listed as 未填写 and the sum's notes name it
    panel.show_cell(BLANK)
    assert ("市民政局", "未填写") in panel.rows()
    notes = [panel.notes.item(i).text() for i in range(panel.notes.count())]
    assert any("市民政局" in n and "未填写" in n for n in notes)


def test_drilldown_row_jumps_to_that_units_cell_read_only(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = three_units(tmp_path)
    _window, panel = open_sum(qtbot, collector, tmp_path, files["民政"])
    panel.show_cell(REF)
    first = panel.tree.topLevelItem(0)
    assert first is not None
    panel.tree.setCurrentItem(first)
    assert panel.btn_jump.isEnabled()
    panel.jump_current()
    unit_window = collector._unit_windows[str(files["教育"])]
    assert unit_window.read_only
    qtbot.waitExposed(unit_window)
    unit_view = unit_window.current_view()
    assert unit_view is not None
    assert unit_view.block_model.ref_at(unit_view.currentIndex()) == REF


def test_not_applicable_is_noted(collector: CollectWindow, qtbot: QtBot, tmp_path: Path) -> None:
    write_unit(tmp_path, "a.json", unit("甲局", {REF: Decimal(3)}))
    write_unit(tmp_path, "b.json", unit("乙局", {REF: NA}))
    _window, panel = open_sum(qtbot, collector, tmp_path)
    notes = [panel.notes.item(i).text() for i in range(panel.notes.count())]
    assert any("乙局" in n and "不适用" in n for n in notes)
    panel.show_cell(REF)
    assert ("乙局", "不适用") in panel.rows()


def test_each_units_value_is_shown_as_its_own_grid_shows_it(
    collector: CollectWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """A unit read from a workbook kept to 0 decimals shows 480858, not the sum's 480858.00 (nor .0000)."""
    imported = unit("甲局", {FEE: Decimal(480858)})
    imported.fee_decimals = 0
    workbook = tmp_path / "甲局.xlsx"
    workbook.write_bytes(build_workbook(imported))
    own = unit("乙局", {FEE: Decimal("12.5")})
    own.fee_decimals = 2
    write_unit(tmp_path, "乙局.json", own)
    window, panel = open_sum(qtbot, collector, tmp_path)
    row = collector.board.row_for(str(workbook)) if collector.board else None
    assert row is not None and row.imported and row.document is not None
    assert row.document.fee_decimals == 0  # the workbook's own number format

    panel.show_cell(FEE)
    assert panel.rows() == [("甲局", "480858"), ("乙局", "12.50")]
    assert "汇总：480870.50" in panel.title.text()  # the sum keeps the most decimals any unit keeps
    fee_view = view_of(window, window.controller.spec.cells[FEE].block.id)
    assert fee_view.block_model.index_of(FEE).data() == "480870.50"

    # the same text as in that unit's own (read-only) window
    unit_window = collector.open_unit(str(workbook), FEE)
    assert isinstance(unit_window, MainWindow) and unit_window.read_only
    unit_view = view_of(unit_window, unit_window.controller.spec.cells[FEE].block.id)
    assert unit_view.block_model.index_of(FEE).data() == "480858"
