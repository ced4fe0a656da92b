"""The importer registry: one list drives the command line, the window's file filter and drag-and-drop."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import build_parser
from app.errors import UserError
from app.importers.registry import dialog_filter, import_file, importer_for, importers


def test_each_suffix_has_exactly_one_importer():
    suffixes = [s for imp in importers() for s in imp.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for imp in importers():
        for suffix in imp.suffixes:
            assert importer_for(Path(f"某报告{suffix.upper()}")) is imp


def test_the_command_line_has_one_import_command_per_importer():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = set(sub.choices)  # type: ignore[arg-type]
    assert {imp.command for imp in importers()} <= commands


def test_the_dialog_filter_lists_every_kind():
    text = dialog_filter()
    for imp in importers():
        assert imp.title in text
        for suffix in imp.suffixes:
            assert f"*{suffix}" in text.split(";;")[0]


def test_an_unknown_kind_is_a_clear_user_error(tmp_path: Path):
    path = tmp_path / "年报.odt"
    path.write_bytes(b"x")
    assert importer_for(path) is None
    with pytest.raises(UserError, match="不是可导入的文件类型"):
        import_file(path)
