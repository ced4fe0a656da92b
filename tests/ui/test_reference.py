"""上年度内容: last year's narrative beside this year's editor, read-only, never copied in by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.persistence import load, save
from app.yearly import next_year
from ui.main_window import MainWindow
from ui.pages import MetadataPage, TextSectionPage

from .test_yearly import open_window


@pytest.fixture
def this_year(tmp_path: Path, sample_copy: Path) -> Path:
    path = tmp_path / "report-2025.json"
    save(next_year(load(sample_copy), sample_copy, path).document, path)
    return path


def text_page(window: MainWindow, section_id: str) -> TextSectionPage:
    page = next(p for p in window.pages if p.section_id == section_id)
    assert isinstance(page, TextSectionPage)
    window.tabs.setCurrentWidget(page)
    return page


def test_no_previous_report_no_panels(window: MainWindow) -> None:
    page = text_page(window, "s1")
    assert page.references and not any(p.isVisibleTo(page) for p in page.references.values())
    assert not page.reference_toggle.isVisibleTo(page)


def test_last_years_text_is_shown_beside_not_copied(qtbot: QtBot, this_year: Path, sample_copy: Path) -> None:
    last = load(sample_copy)
    window = open_window(qtbot, this_year)
    page = text_page(window, "s1")
    panel = page.references["text.s1_active"]
    assert panel.isVisible() and panel.view.isReadOnly()
    assert panel.text() == last.texts["s1_active"] and panel.text()
    assert panel.title.text() == "2024年度报告的内容（仅供参考）"
    assert page.bindings["text.s1_active"].text() == "" and window.controller.doc.texts.get("s1_active", "") == ""
    # beside the editor, with room for both
    editor = page.bindings["text.s1_active"].editor
    assert panel.geometry().left() > editor.geometry().right()
    assert panel.width() > 20 * QFontMetrics(panel.font()).horizontalAdvance("中")
    assert panel.copy_button.width() >= QFontMetrics(panel.copy_button.font()).horizontalAdvance("复制")
    # 复制 puts it on the clipboard for the clerk to paste and rework
    panel.copy_button.click()
    assert QApplication.clipboard().text() == last.texts["s1_active"]
    assert "已复制" in window.statusBar().currentMessage()
    assert window.controller.undo_stack.count() == 0
    # the preamble has one too
    meta = window.pages[0]
    assert isinstance(meta, MetadataPage)
    assert meta.references["meta.preamble"].text() == last.meta["preamble"]


def test_panels_can_be_hidden_and_go_when_unlinked(qtbot: QtBot, this_year: Path) -> None:
    window = open_window(qtbot, this_year)
    page = text_page(window, "s5")
    panel = next(iter(page.references.values()))
    assert page.reference_toggle.isVisible() and panel.isVisible()
    page.reference_toggle.setChecked(False)
    assert not panel.isVisible()
    page.reference_toggle.setChecked(True)
    assert panel.isVisible()
    assert window.yearly.unlink_previous()
    assert not panel.isVisible() and not page.reference_toggle.isVisible()
    window.controller.undo_stack.undo()
    assert panel.isVisible()


def test_an_empty_field_last_year_says_so(qtbot: QtBot, tmp_path: Path, sample_copy: Path) -> None:
    last = load(sample_copy)
    last.texts["s5_main"] = ""
    previous = tmp_path / "2024-empty.json"
    save(last, previous)
    this = tmp_path / "2025.json"
    save(next_year(last, previous, this).document, this)
    window = open_window(qtbot, this)
    panel = text_page(window, "s5").references["text.s5_main"]
    assert panel.isVisible() and panel.text() == "" and not panel.copy_button.isEnabled()
    assert "未填写" in panel.view.placeholderText()
