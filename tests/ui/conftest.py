"""Fixtures for the window tests: an isolated data folder, the app set up once, a window on a sample."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.clipboard import PasteProblem
from app.persistence import load
from ui import dialogs as ui_dialogs
from ui.collect.window import CollectWindow
from ui.dialogs import Unsaved
from ui.main_window import MainWindow
from ui.paths import DATA_DIR_ENV

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "huaian-city-2024.json"


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, recovery copies and logs go to a temporary folder, never the developer's."""
    folder = tmp_path / "appdata"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@dataclass
class DialogRecorder:
    """Stands in for modal dialogs, which would block an offscreen test run."""

    answer: Unsaved = Unsaved.DISCARD
    unsaved_asked: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    paste_problems: list[list[PasteProblem]] = field(default_factory=list)

    def ask_unsaved(self, _parent: object, name: str) -> Unsaved:
        self.unsaved_asked.append(name)
        return self.answer

    def show_error(self, _parent: object, title: str, message: str) -> None:
        self.errors.append((title, message))

    def show_paste_problems(self, _parent: object, problems: list[PasteProblem]) -> None:
        self.paste_problems.append(list(problems))


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogRecorder:
    recorder = DialogRecorder()
    monkeypatch.setattr(ui_dialogs, "ask_unsaved", recorder.ask_unsaved)
    monkeypatch.setattr(ui_dialogs, "show_paste_problems", recorder.show_paste_problems)
    monkeypatch.setattr(ui_dialogs, "show_error", recorder.show_error)
    return recorder


@pytest.fixture(scope="session")
def app_ready(qapp: object) -> object:
    from ui.application import install_translator, load_fonts, set_names

    set_names()
    install_translator(qapp)  # type: ignore[arg-type]
    load_fonts()
    return qapp


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.fixture
def window(app_ready: object, qtbot: QtBot, sample_copy: Path) -> Iterator[MainWindow]:
    win = MainWindow(load(sample_copy), sample_copy)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.controller.validation_done, timeout=3000)
    win.build_all_pages()
    yield win


@pytest.fixture
def collector(app_ready: object, qtbot: QtBot) -> Iterator[CollectWindow]:
    """The 汇总 window, opened from a main window; the windows it opened are closed without recovery copies."""
    host = MainWindow()  # the window 文件 → 汇总各单位报告… was chosen in
    qtbot.addWidget(host)
    win = CollectWindow(host.open_window)
    qtbot.addWidget(win)
    win.resize(1200, 640)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for other in list(win.windows):
        if isinstance(other, MainWindow):
            other.files.recovery = None
        other.close()
