"""§5 row: control characters a text brings into the agency name or a narrative field (NUL, BEL, ESC, VT/FF)."""

from __future__ import annotations

from pathlib import Path

from app.importers.registry import import_file
from app.textclean import unwritable_chars

DATA = Path(__file__).resolve().parents[1] / "data"


def test_import_text_removes_control_characters_and_names_each_field(tmp_path: Path) -> None:
    text = (DATA / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    dirty = first[:2] + "\x00\x07" + first[2:] + "\n" + rest.replace("。", "。\x1b\x0b", 3)
    source = tmp_path / "r.txt"
    source.write_text(dirty, encoding="utf-8")
    result = import_file(source)
    doc = result.document
    assert not any(unwritable_chars(v) for v in [*doc.meta.values(), *doc.texts.values()])
    messages = [str(p) for p in result.problems if "控制字符" in p.message]
    assert messages
    assert all("“" in m for m in messages)  # each names its field
    assert any("U+001B" in m or "U+000B" in m for m in messages)
