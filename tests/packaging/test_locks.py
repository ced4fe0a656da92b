"""The lock files pin the whole tree, and the check CI runs on them finds what is unpinned or differs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tools.check_locks import normalize, problems, read_pins

REPO = Path(__file__).resolve().parents[2]


def _pins(name: str) -> dict[str, str]:
    return read_pins((REPO / name).read_text(encoding="utf-8").splitlines(), name)


def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")

    def names(requirements: list[str]) -> set[str]:
        return {normalize(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}

    assert names(project["dependencies"]) <= set(runtime)
    assert names(project["optional-dependencies"]["dev"]) <= set(dev)
    assert not problems({"requirements.lock": runtime, "requirements-dev.lock": dev}, {**runtime, **dev})


def test_the_check_finds_unpinned_missing_and_differing_packages() -> None:
    locks = {"a.lock": {"pytest": "9.2.0", "pluggy": "1.7.0"}, "b.lock": {"pluggy": "1.6.0"}}
    installed = {"pytest": "9.1.0", "iniconfig": "2.3.1", "pip": "25.0", "nianbao": "0.1.0"}
    assert problems(locks, installed) == [
        "pluggy: a.lock pins 1.7.0, b.lock pins 1.6.0",
        "pluggy==1.7.0 (a.lock) is not installed",
        "pytest: a.lock pins 9.2.0, 9.1.0 is installed",
        "iniconfig==2.3.1 is installed but no lock pins it",
    ]


def test_a_lock_holds_exact_pins_only() -> None:
    assert read_pins(["# c", "", "Pygments==2.21.0  # why", "mypy_extensions==1.2.0"], "x") == {
        "pygments": "2.21.0",
        "mypy-extensions": "1.2.0",
    }
    with pytest.raises(ValueError, match="x:2: not an exact pin"):
        read_pins(["pytest==9.2.0", "ruff>=0.17"], "x")
