"""Locate bundled resources (fonts, samples, icons) in the source tree or in a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder holding resources/: the unpacked bundle when frozen, else the repository root."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    if getattr(sys, "frozen", False):  # a freezer without _MEIPASS keeps data beside the executable
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/, e.g. resource_path("fonts", "wqy-microhei.ttc")."""
    return bundle_root().joinpath("resources", *parts)
