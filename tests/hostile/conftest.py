"""Helpers for the hostile-file tests: a project file written by hand."""

from __future__ import annotations

from pathlib import Path

from app.document import ReportDocument
from app.persistence import dumps


def write_project_with_value(tmp_path: Path, literal: str) -> tuple[Path, str]:
    """A project whose first input cell holds ``literal`` spelled as raw JSON (a number or a string)."""
    doc = ReportDocument.new("某局", 2024)
    ref = next(iter(doc.spec.input_cells))
    text = dumps(doc).decode("utf-8")
    key = f'"{ref}": null'
    assert key in text
    path = tmp_path / "p.json"
    path.write_text(text.replace(key, f'"{ref}": {literal}', 1), encoding="utf-8")
    return path, ref
