"""docs/format-declaration.md cannot drift: its rule-kind table is generated, every declared key is in it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.spec.builtin import BUILTIN_FILES, builtin_declaration
from app.spec.loader import read_declaration
from app.spec.params import PARAMS
from tools import spec_doc

DOC = Path(__file__).resolve().parents[2] / "docs" / "format-declaration.md"
README = DOC.parents[1] / "README.md"


def _keys(value: Any, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(key)
            _keys(item, out)
    elif isinstance(value, list):
        for item in value:
            _keys(item, out)
    return out


def test_the_rule_kind_table_is_the_generated_one():
    text = DOC.read_text(encoding="utf-8")
    assert spec_doc.render(text) == text, "docs/format-declaration.md is out of date: run tools/spec_doc.py"
    assert spec_doc.main(["--check"]) == 0
    for kind in PARAMS:
        assert f"| `{kind}`" in text


def test_the_generated_table_changes_with_a_parameter_class():
    stale = spec_doc.render(DOC.read_text(encoding="utf-8")).replace(
        "`limit_row` (row id, required)", "`limit` (row id)"
    )
    assert spec_doc.render(stale) != stale


def test_every_key_of_the_shipped_declarations_is_documented():
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    value_type_ids: set[str] = set()
    used: set[str] = set()
    for edition in BUILTIN_FILES:
        data = read_declaration(*builtin_declaration(edition))
        value_type_ids |= set(data["value_types"])
        rule_severity_ids = set(data.get("rule_severity", {}))
        used |= _keys(data, set()) - rule_severity_ids
    used -= value_type_ids  # ids, not keys
    assert used, "no keys read"
    assert sorted(used - documented) == []


def test_the_readme_links_the_document():
    assert "format-declaration.md" in README.read_text(encoding="utf-8")
