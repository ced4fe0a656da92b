"""Paths of the fixtures used by the importer tests (published reports copied into tests/data)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "resources" / "samples"
