"""The window's 导出Word, 导出网页, 复制为网页表格 and 导出审核报告 (文件 menu)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.clipboard import parse_tsv
from app.export.docx import build_docx
from app.export.text import DRAFT_NOTE
from app.persistence import load
from tests.conftest import SAMPLES
from tests.export.conftest import pdftotext
from ui.main_window import MainWindow


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_the_items_are_in_the_file_menu(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    for text in ("导出Word(&W)…", "导出网页(&H)…", "复制为网页表格(&M)"):
        assert text in texts
    assert texts.index("导出Excel(&E)…") < texts.index("导出Word(&W)…") < texts.index("导出网页(&H)…")


def test_export_word_and_its_draft(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    choose(monkeypatch, tmp_path / "年报")
    assert window.export.export_docx() == tmp_path / "年报.docx"
    assert len(Document(str(tmp_path / "年报.docx")).tables) == 3
    window.controller.doc.clear_stated()
    window.controller.set_cells({"t3.new.research": Decimal(2)}, "x")
    window.controller.validate_now()
    choose(monkeypatch, tmp_path / "草稿.docx")
    window.export.export_docx()
    assert DRAFT_NOTE in Document(str(tmp_path / "草稿.docx")).sections[0].header.paragraphs[0].text
    assert "草稿" in window.statusBar().currentMessage()


def test_export_web_page(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    choose(monkeypatch, tmp_path / "年报.html")
    assert window.export.export_html() == tmp_path / "年报.html"
    page = (tmp_path / "年报.html").read_text(encoding="utf-8")
    assert page.count("<table") == 6 and "<script" not in page


def test_copy_tables_as_html_with_a_text_fallback(window: MainWindow) -> None:
    window.export.act_copy_html.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.html().count("<table") == 6
    assert 'rowspan="' in mime.html() and "447228" in mime.html()
    rows = parse_tsv(mime.text())
    assert any("（七）总计" in row for row in rows)
    assert "已复制表二、表三、表四" in window.statusBar().currentMessage()


def test_export_audit_sheet(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    suggested: list[str] = []

    def choose_and_note(*args: object, **kwargs: object) -> tuple[str, str]:
        suggested.append(str(args[2]))
        return str(tmp_path / "审核"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose_and_note))
    assert window.export.export_audit() == tmp_path / "审核.pdf"
    assert suggested[0].endswith("年度报告审核报告.pdf")
    text = pdftotext(tmp_path / "审核.pdf")
    assert "审核报告" in text and "TXT-02" in text and "未适用" in text


def test_dropping_a_word_document_imports_it(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    other = load(SAMPLES / "jianxi-zwfw-2022.json")
    source = tmp_path / "年报.docx"
    source.write_bytes(build_docx(other))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.controller.doc.meta["agency"] == other.meta["agency"], timeout=3000)
    assert window.controller.doc.cells == other.cells and window.path is None
