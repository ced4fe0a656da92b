"""Fixtures for the export tests: the samples, the bundled font set, and helpers around poppler."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from app.document import ReportDocument
from app.export.fonts import FontSet, find_fonts
from tests.conftest import SAMPLES

__all__ = ["SAMPLES", "need", "pdffonts", "pdftotext"]


@pytest.fixture
def empty() -> ReportDocument:
    return ReportDocument.new("某某区人民政府办公室", 2024)


@pytest.fixture
def big_numbers(huaian: ReportDocument) -> ReportDocument:
    """Every input cell with seven digits: the widest numbers a table must still show."""
    huaian.apply({ref: Decimal(9876543) for ref in huaian.spec.input_cells})
    return huaian


@pytest.fixture(scope="session")
def bundled() -> FontSet:
    """Only the bundled font, whatever this machine has installed (deterministic layout)."""
    return find_fonts(dirs=[])


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian package poppler-utils)")
    return path


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run([need("pdftotext"), *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run([need("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]
