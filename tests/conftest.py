"""Test setup: Qt runs offscreen, every test that uses Qt is marked `gui`, and the sample projects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.document import ReportDocument
from app.persistence import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"

# Before any Qt import anywhere in the test session.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester", "qtlog"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _QT_FIXTURES or "tests/ui/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def huaian() -> ReportDocument:
    """The non-zero sample (淮安市人民政府 2024), freshly loaded."""
    return load(SAMPLES / "huaian-city-2024.json")


@pytest.fixture
def jianxi() -> ReportDocument:
    """The all-zero sample (涧西区政务服务和大数据管理局 2022), freshly loaded."""
    return load(SAMPLES / "jianxi-zwfw-2022.json")
