"""文件 → 生成报送文件…: a sealed copy that the collector finds 完好 until someone changes it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.persistence import load, load_sealed
from app.seal import SealStatus, ValidationSummary, verify
from ui import dialogs as ui_dialogs
from ui.main_window import MainWindow

from .conftest import DialogRecorder


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ui_dialogs, "show_info", lambda _parent, _title, message: shown.append(message))
    return shown


def test_submission_copy_is_sealed_intact_and_a_later_edit_shows(
    window: MainWindow, sample_copy: Path, tmp_path: Path, notices: list[str]
) -> None:
    original = sample_copy.read_bytes()
    out = tmp_path / "out" / "报送.json"
    out.parent.mkdir()
    assert window.files.submit_to(out)

    doc, seal = load_sealed(out)
    assert seal is not None
    check = verify(doc, seal)
    assert check.status is SealStatus.INTACT
    assert seal.validation == ValidationSummary.of(window.controller.issues)
    assert str(out) in notices[0]
    assert str(out) in window.statusBar().currentMessage()
    # the clerk's own file and window are untouched: still the plain project, not modified
    assert sample_copy.read_bytes() == original
    assert window.path == sample_copy
    assert not window.is_modified()

    # a later edit of the copy (here in the file itself) is found and named
    raw = json.loads(out.read_text(encoding="utf-8"))
    raw["cells"]["t3.new.natural"] = int(doc.cells["t3.new.natural"] or 0) + 1
    out.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    changed_doc, same_seal = load_sealed(out)
    changed = verify(changed_doc, same_seal)
    assert changed.status is SealStatus.CHANGED
    section = changed_doc.spec.section(changed_doc.spec.block("t3").section_id)
    assert changed.changed == (section.heading,)


def test_an_edit_in_the_window_after_sealing_makes_the_copy_differ(
    window: MainWindow, tmp_path: Path, notices: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_dialogs, "confirm", lambda *_args: True)  # the edit may break a balance rule
    out = tmp_path / "报送.json"
    assert window.files.submit_to(out)
    _, seal = load_sealed(out)
    window.controller.set_cells({"t3.new.natural": Decimal(987654)}, "x")
    assert verify(window.controller.doc, seal).status is SealStatus.CHANGED
    # sealing again records the new content
    assert window.files.submit_to(out)
    doc, seal = load_sealed(out)
    assert doc.cells["t3.new.natural"] == Decimal(987654)
    assert verify(doc, seal).status is SealStatus.INTACT
    assert out.with_name("报送.json.bak").is_file()  # the earlier copy, as every save keeps


def test_errors_are_asked_about_and_recorded_in_the_seal(
    window: MainWindow, tmp_path: Path, notices: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent: object, _title: str, message: str, _go: str) -> bool:
        asked.append(message)
        return answers.pop(0)

    monkeypatch.setattr(ui_dialogs, "confirm", confirm)
    window.controller.set_cells({"t3.new.natural": Decimal(-5)}, "x")  # a negative count is an error
    window.controller.validate_now()
    errors = ValidationSummary.of(window.controller.issues).errors
    assert errors > 0
    out = tmp_path / "报送.json"
    assert not window.files.submit_to(out)  # 取消
    assert not out.exists()
    assert window.files.submit_to(out)  # 仍然生成
    assert f"{errors} 个错误" in asked[0]
    _, seal = load_sealed(out)
    assert seal is not None and seal.validation.errors == errors


def test_never_over_the_reports_own_file(
    window: MainWindow, sample_copy: Path, dialogs: DialogRecorder, notices: list[str]
) -> None:
    original = sample_copy.read_bytes()
    assert not window.files.submit_to(sample_copy)
    assert dialogs.errors and dialogs.errors[0][0] == "生成报送文件"
    assert sample_copy.read_bytes() == original
    assert notices == []


def test_the_menu_entry_is_in_the_file_menu_and_off_in_read_only_windows(
    window: MainWindow, app_ready: object, qtbot: QtBot, sample_copy: Path
) -> None:
    from ui.menus import Menu

    entries = [item.entry for item in window.menus.items(Menu.FILE)]
    assert window.files.act_submit in entries
    viewer = MainWindow(load(sample_copy), sample_copy, read_only=True)
    qtbot.addWidget(viewer)
    assert not viewer.files.act_submit.isEnabled()
    assert viewer.files.act_submit not in [item.entry for item in viewer.menus.items(Menu.FILE)]
    assert not viewer.files.submit_to(sample_copy.with_name("x.json"))


def test_a_submission_too_large_to_open_is_not_written(
    window: MainWindow, tmp_path: Path, dialogs: DialogRecorder, notices: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.persistence.MAX_PROJECT_BYTES", 1000)  # the project file cap applies to 报送文件 too
    out = tmp_path / "报送.json"
    assert not window.files.submit_to(out)
    assert dialogs.errors[0][0] == "生成报送文件失败" and "超过项目文件的上限" in dialogs.errors[0][1]
    assert not out.exists() and notices == []
