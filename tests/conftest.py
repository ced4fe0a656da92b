"""Test setup: Qt runs offscreen, every test that uses Qt is marked `gui`, and the sample projects."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.document import ReportDocument
from app.persistence import load
from app.spec import packs
from app.spec.packs import FORMATS_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"

# Before any Qt import anywhere in the test session.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No test reads or installs format packs in the real data folder: the session's is empty (and not created),
# and child processes (the command line, the selftest) inherit it.
_FORMATS_TMP = tempfile.mkdtemp(prefix="nianbao-formats-")
os.environ[FORMATS_DIR_ENV] = os.path.join(_FORMATS_TMP, "formats")

_QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester", "qtlog"})


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_FORMATS_TMP, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _QT_FIXTURES or "tests/ui/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


def refuse_writes_in(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The OS refuses to create files in ``folder``, as a read-only folder does (root included).

    Every write of a user's file starts with a temporary file in the target's folder
    (app.fileio.write_atomic), so that is where the refusal comes.
    """
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs.get("dir") or ".").resolve() == folder.resolve():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.fixture
def formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data folder for packs, and every cache of declarations emptied before and after."""
    folder = tmp_path / "formats"
    monkeypatch.setenv(FORMATS_DIR_ENV, str(folder))
    packs.reset()
    yield folder
    monkeypatch.undo()
    packs.reset()


@pytest.fixture
def huaian() -> ReportDocument:
    """The non-zero sample (淮安市人民政府 2024), freshly loaded."""
    return load(SAMPLES / "huaian-city-2024.json")


@pytest.fixture
def jianxi() -> ReportDocument:
    """The all-zero sample (涧西区政务服务和大数据管理局 2022), freshly loaded."""
    return load(SAMPLES / "jianxi-zwfw-2022.json")


@pytest.fixture
def blank_totals_source(tmp_path: Path) -> Path:
    """涧西 2022's published text with the 总计 of 表三 rows 一 and 二 printed as “/”, as 上海 2019 leaves them."""
    lines = (ROOT / "tests" / "data" / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8").splitlines()
    for number, label in enumerate(lines):
        if label.startswith(("一、本年新收", "二、上年结转")):
            cells = label.split("\t")
            last = max(i for i, cell in enumerate(cells) if cell.strip())
            assert cells[last] == "0"
            cells[last] = "/"
            lines[number] = "\t".join(cells)
    path = tmp_path / "blank-totals.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
