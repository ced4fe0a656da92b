"""The window's structure: no import cycles in ui/, features never import the window, colours only from the palette."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import REPO

UI = REPO / "ui"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def ui_imports() -> dict[str, set[str]]:
    """Every ui module and the ui modules it imports, at any level (function-level and TYPE_CHECKING too)."""
    modules = {module_name(p): p for p in UI.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name)
        graph[name] = deps - {"ui"}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (cycle := visit(dep, [*path, dep])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [start])):
            return cycle
    return None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_ui_has_no_import_cycles() -> None:
    graph = ui_imports()
    assert "ui.main_window" in graph and "ui.features.files" in graph["ui.main_window"]
    assert find_cycle(graph) is None


def test_features_depend_on_the_window_context_not_on_the_window() -> None:
    graph = ui_imports()
    features = [name for name in graph if name.startswith("ui.features.")]
    assert len(features) >= 8
    for name in features:
        assert "ui.main_window" not in graph[name], name
    assert "ui.controller" not in graph["ui.commands"]


def test_colours_come_from_the_palette() -> None:
    colour = re.compile(r"#[0-9a-fA-F]{6}\b")
    offenders = [
        f"{path.relative_to(REPO)}: {match}"
        for path in UI.rglob("*.py")
        if path.name != "palette.py"
        for match in colour.findall(path.read_text("utf-8"))
    ]
    assert offenders == []
