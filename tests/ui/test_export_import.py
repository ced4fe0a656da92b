"""The window's 导出PDF / 导出Excel / 导入 actions, wired to the exporters and importers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

import ui.features.export
from ui.main_window import MainWindow

from .conftest import REPO, DialogRecorder
from .helpers import import_file_and_wait


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_export_pdf_writes_the_file(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "年报"  # no suffix typed: .pdf is added
    choose(monkeypatch, target)
    assert window.export.export_pdf() == tmp_path / "年报.pdf"
    assert (tmp_path / "年报.pdf").read_bytes().startswith(b"%PDF")


def test_export_xlsx_with_errors_is_a_draft(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.controller.doc.clear_stated()
    window.controller.set_cells({"t3.new.research": Decimal(2)}, "x")
    window.controller.validate_now()
    target = tmp_path / "report.xlsx"
    choose(monkeypatch, target)
    assert window.export.export_xlsx() == target
    assert load_workbook(target).sheetnames
    assert "草稿" in window.statusBar().currentMessage()


def test_export_error_is_shown_plainly(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    choose(monkeypatch, tmp_path / "missing-folder" / "report.xlsx")
    assert window.export.export_xlsx() is None
    assert dialogs.errors[0][0] == "导出Excel失败" and "文件夹不存在" in dialogs.errors[0][1]


def test_import_a_published_text_report_of_the_older_edition(window: MainWindow, qtbot: QtBot) -> None:
    assert import_file_and_wait(qtbot, window, REPO / "tests" / "data" / "liuhe-tj-2020.txt") == "imported"
    doc = window.controller.doc
    assert doc.spec.edition == "2019" and doc.year == 2020
    assert window.path is None and window.isWindowModified()  # imported, not yet saved
    # The tabs were rebuilt from the other edition's declaration.
    assert [p.section_id for p in window.pages[1:]] == [s.id for s in doc.spec.sections]
    window.build_all_pages()
    for page in window.pages:
        page.flush()


def test_import_of_an_unsupported_file_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK")
    assert import_file_and_wait(qtbot, window, path) == "failed"
    assert dialogs.errors[0][0] == "无法导入"


def test_export_right_after_typing_a_wrong_number_is_a_draft(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cell still open when 导出PDF is chosen is committed; the draft mark must count its error."""
    from .helpers import type_text, view_of

    seen: list[bool] = []

    def build(_doc: object, *, draft: bool) -> bytes:
        seen.append(draft)
        return b"%PDF-1.4 test"

    monkeypatch.setattr(ui.features.export, "build_pdf", build)
    window.controller.doc.clear_stated()
    window.controller.validate_now()
    assert not any(i.severity.name == "ERROR" for i in window.controller.issues)
    view = view_of(window, "t3")
    view.setFocus()
    view.setCurrentIndex(view.block_model.index_of("t3.new.research"))
    type_text(qtbot, view, "2")  # breaks 表三's balance; the editor is still open
    assert view.state() == view.State.EditingState
    choose(monkeypatch, tmp_path / "report.pdf")
    assert window.export.export_pdf() == tmp_path / "report.pdf"
    assert seen == [True]
    assert "草稿" in window.statusBar().currentMessage()
