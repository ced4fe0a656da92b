"""导入核对清单: an import's problems as a list to work through; import from pasted text; stated-total tints."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

import ui.features.importing
from app.importers.common import ImportResult, Problem, ProblemKind
from app.spec.model import Severity
from ui.features.importing import PasteDialog
from ui.import_panel import ImportProblemsPanel
from ui.main_window import MainWindow
from ui.table_model import ERROR_BG

from .conftest import REPO, SAMPLE, DialogRecorder
from .helpers import import_file_and_wait, view_of, wait_import

HTML = REPO / "tests" / "data" / "qingshi-zrzy-2023.html"
TEXT = REPO / "tests" / "data" / "liuhe-tj-2020.txt"


def panel_of(window: MainWindow) -> ImportProblemsPanel:
    assert window.importing.dock is not None
    panel = window.importing.dock.widget()
    assert isinstance(panel, ImportProblemsPanel)
    return panel


def test_import_problems_are_listed_and_jump_to_their_cells(window: MainWindow, qtbot: QtBot) -> None:
    assert window.importing.dock is None  # not built until an import needs it
    assert import_file_and_wait(qtbot, window, HTML) == "imported"
    dock = window.importing.dock
    assert dock is not None and dock.isVisible() and dock.windowTitle() == "导入核对清单"
    panel = panel_of(window)
    model = panel.model
    assert model.rowCount() == 3
    assert [model.index(r, 1).data() for r in range(3)] == ["请核对"] * 3
    assert model.index(1, 2).data() == "网页第35行" and "规章" in model.index(1, 3).data()
    assert "共 3 处" in panel.summary.text() and "还有 3 处未核对" in panel.summary.text()
    panel.activate_row(1)
    view = view_of(window, "t2_1")
    assert window.tabs.currentWidget() is window.page_for_ref("t2_1.regulation.issued")
    assert view.block_model.ref_at(view.currentIndex()) == "t2_1.regulation.issued"
    assert len(view.selectionModel().selectedIndexes()) == 3
    assert "网页第35行" in window.statusBar().currentMessage()
    # tick it off; hidden when the clerk asks to hide checked ones
    assert model.setData(model.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert "还有 2 处未核对" in panel.summary.text()
    panel.hide_done.setChecked(True)
    assert panel.view.isRowHidden(1) and not panel.view.isRowHidden(0)


def test_a_metadata_problem_focuses_its_field(window: MainWindow, qtbot: QtBot) -> None:
    assert import_file_and_wait(qtbot, window, TEXT) == "imported"
    panel = panel_of(window)
    panel.activate_row(0)
    assert window.tabs.currentWidget() is window.pages[0]
    focus = QApplication.focusWidget()
    assert isinstance(focus, QComboBox) and focus.accessibleName() == "机关类型"


def test_a_problem_without_refs_says_so(window: MainWindow) -> None:
    doc = window.controller.doc
    window.importing.finish(ImportResult(doc, [Problem(ProblemKind.NOTE, "第3行", "标题中的年度写法不规范")]), "x.txt")
    panel_of(window).activate_row(0)
    assert "不对应报告中的具体位置" in window.statusBar().currentMessage()


def test_opening_another_report_clears_the_list(window: MainWindow, qtbot: QtBot) -> None:
    assert import_file_and_wait(qtbot, window, HTML) == "imported"
    assert window.files.open_document(SAMPLE, ask=False)
    assert window.importing.dock is not None and not window.importing.dock.isVisible()
    assert panel_of(window).model.rowCount() == 0


def test_import_from_the_clipboard(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    text = TEXT.read_text(encoding="utf-8")
    QApplication.clipboard().setText(text)
    offered: list[str] = []

    def paste(_parent: object, initial: str) -> str:
        offered.append(initial)
        return initial

    monkeypatch.setattr(ui.features.importing, "ask_pasted_text", paste)
    assert wait_import(qtbot, window, window.importing.import_clipboard) == "imported"
    assert offered == [text]
    doc = window.controller.doc
    assert doc.year == 2020 and doc.spec.edition == "2019" and window.path is None
    assert "粘贴的文字" in panel_of(window).summary.text()
    # cancelled or empty: nothing happens, or a plain message
    monkeypatch.setattr(ui.features.importing, "ask_pasted_text", lambda *_: None)
    assert not window.importing.import_clipboard()
    assert not window.importing.import_pasted("   ")
    assert dialogs.errors[-1][0] == "无法导入"
    assert wait_import(qtbot, window, lambda: window.importing.import_pasted("这不是一份年度报告")) == "failed"
    assert dialogs.errors[-1][0] == "无法导入" and len(dialogs.errors) == 2
    assert window.controller.doc.year == 2020


def test_paste_dialog_needs_text(app_ready: object, qtbot: QtBot) -> None:
    dialog = PasteDialog(None, "")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.editor.setPlainText("淮安市人民政府2024年政府信息公开工作年度报告")
    assert dialog.ok_button.isEnabled()


# ----------------------------------------------------------------------------- stated totals (issue 3)
@pytest.mark.parametrize(
    ("total", "part", "rule"),
    [
        ("t3.new.total", "t3.new.natural", "T3-ROW-TOTAL"),
        ("t3.result_total.natural", "t3.disclosed.natural", "T3-RESULT-SUM"),
    ],
)
def test_a_wrong_stated_total_tints_only_the_total(window: MainWindow, total: str, part: str, rule: str) -> None:
    controller = window.controller
    controller.doc.clear_stated()
    controller.set_cells({total: Decimal(999)}, "导入的合计")
    controller.validate_now()
    issue = next(i for i in controller.issues if i.rule == rule and i.refs[0] == total)
    assert issue.severity is Severity.ERROR
    model = view_of(window, "t3").block_model
    assert model.index_of(total).data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    for ref in issue.refs[1:]:
        assert controller.severity_for(ref) is None, ref
    assert model.index_of(part).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "应等于" in model.index_of(part).data(Qt.ItemDataRole.ToolTipRole)  # still explained on hover
    # activating the issue still selects the total and its parts
    window.validation.reveal(issue)
    view = view_of(window, "t3")
    assert view.block_model.ref_at(view.currentIndex()) == total
    assert len(view.selectionModel().selectedIndexes()) == len(issue.refs)


def test_problem_model_contract(window: MainWindow, qtbot: QtBot, qtmodeltester: object) -> None:
    assert import_file_and_wait(qtbot, window, HTML) == "imported"
    qtmodeltester.check(panel_of(window).model)  # type: ignore[attr-defined]


def test_pasted_text_passes_the_final_checks_of_every_import(window: MainWindow, qtbot: QtBot) -> None:
    text = (REPO / "tests" / "data" / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8")
    text = text.replace("行政规范性文件\t0\t0\t0", "行政规范性文件\t" + "9" * 5000 + "\t0\t0", 1)
    text = text.replace("涧西区政务服务", "涧西区\x07政务服务", 1)
    assert wait_import(qtbot, window, lambda: window.importing.import_pasted(text)) == "imported"
    doc = window.controller.doc
    assert doc.cells["t2_1.normative.issued"] is None and "t2_1.normative.issued" in doc.unread
    assert "\x07" not in doc.meta["agency"]
    messages = [p.message for p in panel_of(window).model.problems]
    assert any("超出可导入的范围" in m for m in messages) and any("控制字符" in m for m in messages)
