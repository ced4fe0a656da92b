"""Paths of the reference samples and the fixtures used by the importer tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "resources" / "samples"
REFERENCE = ROOT.parent / "shared" / "reference" / "samples"
