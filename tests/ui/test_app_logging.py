"""The core's log records (saves, refused files) reach the window's log file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UserError
from app.importers.registry import import_file
from app.persistence import load, save
from ui.errors import close_logging, setup_logging

from .conftest import SAMPLE


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[Path]:
    yield setup_logging(tmp_path / "logs")
    close_logging()


def _logged(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text("utf-8")


def test_saves_and_refused_files_are_in_the_window_log(log_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "年报.json"
    save(load(SAMPLE), target)
    with pytest.raises(UserError):
        load(tmp_path / "没有这个文件.json")
    (tmp_path / "报告.exe").write_bytes(b"MZ")
    with pytest.raises(UserError):
        import_file(tmp_path / "报告.exe")
    text = _logged(log_path)
    assert f"INFO app.persistence: saved {target}" in text
    assert "WARNING app.persistence: cannot open" in text and "没有这个文件.json" in text
    assert "WARNING app.importers.registry: import of" in text and "报告.exe" in text


def test_without_the_window_the_core_logs_nowhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("app").handlers)
    with pytest.raises(UserError):
        load(tmp_path / "没有这个文件.json")
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
