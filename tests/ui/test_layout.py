"""Layout checks behind the screenshots: no clipped header labels, every tab renders with CJK glyphs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QFontMetrics
from pytestqt.qtbot import QtBot

from ui.header import GroupHeaderView, header_cells
from ui.main_window import MainWindow
from ui.pages import TableSectionPage

SHOTS_ENV = "NIANBAO_SHOTS_DIR"  # set it to keep the screenshots for a person to look at


def test_header_cells_merge_groups_like_the_printed_form() -> None:
    paths = [
        ("申请人情况", "自然人"),
        ("申请人情况", "法人或其他组织", "商业企业"),
        ("申请人情况", "法人或其他组织", "其他"),
        ("申请人情况", "总计"),
    ]
    cells = {(c.text, c.level0, c.level1, c.first, c.last) for c in header_cells(paths, 3)}
    assert ("申请人情况", 0, 0, 0, 3) in cells
    assert ("法人或其他组织", 1, 1, 1, 2) in cells
    assert ("自然人", 1, 2, 0, 0) in cells and ("总计", 1, 2, 3, 3) in cells
    assert ("商业企业", 2, 2, 1, 1) in cells


def test_no_header_label_is_clipped(window: MainWindow) -> None:
    for page in window.pages:
        if not isinstance(page, TableSectionPage):
            continue
        window.tabs.setCurrentWidget(page)
        for view in page.views:
            for header in (view.horizontalHeader(), view.verticalHeader()):
                assert isinstance(header, GroupHeaderView)
                if header.isHidden():
                    continue
                for cell in header.cells:
                    rect = header.cell_rect(cell)
                    need = header.text_height(cell.text, rect.width())
                    assert need <= rect.height() + 1, (view.block_model.block.id, cell.text)
                    longest = max(QFontMetrics(header.font()).horizontalAdvance(ch) for ch in cell.text)
                    assert longest < rect.width() - 2 * header.pad()


def test_the_ui_font_covers_chinese(window: MainWindow) -> None:
    family = window.font().family()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def test_every_tab_renders(window: MainWindow, qtbot: QtBot) -> None:
    folder = Path(os.environ[SHOTS_ENV]) if os.environ.get(SHOTS_ENV) else None
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        image = window.grab().toImage()
        assert image.width() >= 1000
        colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
        assert len(colours) > 8, f"tab {index} looks blank"
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            image.save(str(folder / f"tab{index}.png"))


@pytest.mark.parametrize("index", range(7))
def test_tab_titles_are_not_elided(window: MainWindow, index: int) -> None:
    bar = window.tabs.tabBar()
    text = bar.tabText(index)
    assert QFontMetrics(bar.font()).horizontalAdvance(text) < bar.tabRect(index).width()
