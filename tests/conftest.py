"""Test setup: Qt runs offscreen, and every test that uses Qt is marked `gui` automatically."""

from __future__ import annotations

import os

import pytest

# Before any Qt import anywhere in the test session.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester", "qtlog"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _QT_FIXTURES or "tests/ui/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)
