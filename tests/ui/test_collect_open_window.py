"""WindowContext.open_window: another report in a window of its own (units read-only, a new unsaved sum)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.importers.registry import import_file
from app.persistence import load
from ui.features import files as files_feature
from ui.main_window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"


def test_open_window_read_only_and_modified(window: MainWindow, qtbot: QtBot, sample_copy: Path) -> None:
    unit = window.open_window(load(sample_copy), sample_copy, read_only=True)
    qtbot.addWidget(unit.widget)
    assert unit.read_only and unit.path == sample_copy and not unit.is_modified()
    assert unit.settings is window.settings

    new = window.open_window(load(sample_copy), None, modified=True)
    qtbot.addWidget(new.widget)
    assert not new.read_only
    assert new.is_modified()  # closing asks before the new report is lost
    assert new is not window and window.path == sample_copy


def test_copy_of_an_imported_report_is_suggested_as_a_project_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "已发布.txt"
    source.write_bytes((DATA / "jianxi-zwfw-2022.txt").read_bytes())
    unit = window.open_window(import_file(source).document, source, read_only=True)
    qtbot.addWidget(unit.widget)
    asked: list[Path] = []
    monkeypatch.setattr(
        files_feature.FilesFeature, "_ask_path", lambda _self, _title, suggested: asked.append(suggested)
    )
    assert isinstance(unit, MainWindow)
    unit.files.save_copy_dialog()
    assert asked == [tmp_path / "已发布（副本）.json"]
