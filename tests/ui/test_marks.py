"""Import marks in the grid: unread cells and totals printed blank are tinted and explained."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from ui import palette
from ui.main_window import MainWindow

from .conftest import REPO
from .helpers import import_file_and_wait, view_of

PINGTAN_2020 = REPO / "tests" / "data" / "pingtan-2020.page.txt"


def _background(window: MainWindow, ref: str) -> str | None:
    view = view_of(window, window.controller.spec.cells[ref].block.id)
    brush = view.block_model.index_of(ref).data(Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if isinstance(brush, QBrush) else None


def _tooltip(window: MainWindow, ref: str) -> str:
    view = view_of(window, window.controller.spec.cells[ref].block.id)
    text = view.block_model.index_of(ref).data(Qt.ItemDataRole.ToolTipRole)
    assert isinstance(text, str)
    return text


def _grab(window: MainWindow, ref: str, name: str) -> None:
    """Keep a picture of the grid around ``ref`` to look at (set NIANBAO_SHOTS to a folder)."""
    folder = os.environ.get("NIANBAO_SHOTS")
    if folder:
        window.reveal_refs([ref])
        view_of(window, window.controller.spec.cells[ref].block.id).selectionModel().clearSelection()
        window.grab().save(str(Path(folder) / name))


def test_unread_cells_and_blank_totals_are_tinted_and_explained(window: MainWindow, qtbot: QtBot) -> None:
    assert import_file_and_wait(qtbot, window, PINGTAN_2020) == "imported"
    window.build_all_pages()
    window.controller.validate_now()
    doc = window.controller.doc
    unread = sorted(doc.unread)
    assert "t3.new.natural" in unread
    assert _background(window, "t3.new.natural") == palette.UNREAD_BG
    tip = _tooltip(window, "t3.new.natural")
    assert "导入时未能读取，请按原报告填写" in tip and "没有数据请填0" not in tip
    # a cell read normally keeps its own colours; a total printed blank has its own tint and note
    read = next(r for r in doc.spec.input_cells if r not in doc.unread and r.startswith("t3."))
    assert _background(window, read) not in (palette.UNREAD_BG, palette.BLANK_TOTAL_BG)
    doc.blank_totals.add("t3.result_total.total")
    window.controller.validate_now()
    assert _background(window, "t3.result_total.total") == palette.BLANK_TOTAL_BG
    assert "原报告此合计为空" in _tooltip(window, "t3.result_total.total")
    _grab(window, "t3.new.natural", "marks-unread.png")
    _grab(window, "t3.result_total.total", "marks-blank-total.png")
    # filling the cell clears its mark and its tint
    view = view_of(window, "t3")
    assert view.block_model.setData(view.block_model.index_of("t3.new.natural"), "20")
    assert "t3.new.natural" not in doc.unread
    assert _background(window, "t3.new.natural") != palette.UNREAD_BG
    window.controller.validate_now()
    assert "导入时未能读取，请按原报告填写" not in _tooltip(window, "t3.new.natural")
