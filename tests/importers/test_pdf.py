"""Importing a PDF through pdftotext: the file name is never taken for an option."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export.pdf import build_pdf
from app.importers.pdf import import_pdf, pdftotext_available
from app.persistence import load
from tests.importers.conftest import SAMPLES

pytestmark = pytest.mark.skipif(not pdftotext_available(), reason="pdftotext (poppler-utils) not installed")


@pytest.mark.parametrize("name", ["-layout", "-v", "-q", "-2024年报.pdf"])
def test_file_name_starting_with_a_dash(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load(SAMPLES / "huaian-city-2024.json")
    (tmp_path / name).write_bytes(build_pdf(doc))
    monkeypatch.chdir(tmp_path)
    result = import_pdf(name)
    assert result.document.meta["agency"] == "淮安市人民政府"
    assert result.document.number("t3.new.total") == doc.number("t3.new.total") == 3119
