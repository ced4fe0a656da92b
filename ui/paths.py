"""Where the app keeps its own files: settings, recovery copies, logs (never the user's reports)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

ORG_NAME = "nianbao"
APP_NAME = "nianbao"
DISPLAY_NAME = "年报助手"
DATA_DIR_ENV = "NIANBAO_DATA_DIR"  # tests and portable installs point this at a folder


def data_dir() -> Path:
    """The app's data folder (created): %LOCALAPPDATA%\\nianbao\\nianbao on Windows."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        folder = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
        folder = Path(location) if location else Path.home() / ".nianbao"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def documents_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()
