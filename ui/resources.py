"""Locating bundled resources (fonts, icons, samples) in a source checkout and in a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_dir() -> Path:
    """Folder holding resources/: sys._MEIPASS when frozen by PyInstaller, else the source tree."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parent.parent


def resource_path(rel: str) -> Path:
    """Path of a file under resources/, e.g. resource_path("fonts/wqy-microhei.ttc")."""
    return bundle_dir() / "resources" / rel
