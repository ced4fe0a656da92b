"""UI state remembered between runs (window layout, recent files, last folder) in an INI file."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ui.paths import APP_NAME, DATA_DIR_ENV, ORG_NAME, data_dir

SETTINGS_VERSION = 1
MAX_RECENT = 8


class Settings:
    """Typed access to every key; report data never goes here."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None and os.environ.get(DATA_DIR_ENV):
            path = data_dir() / "settings.ini"
        if path is not None:
            self.qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self.qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME)
        if self.qs.value("settings_version", 0, type=int) != SETTINGS_VERSION:
            self.qs.setValue("settings_version", SETTINGS_VERSION)

    def recent_files(self) -> list[Path]:
        """Recent projects, newest first; files that no longer exist are dropped."""
        raw = self.qs.value("files/recent", [], type=list)
        paths = [Path(str(p)) for p in raw if p] if isinstance(raw, list) else []
        return [p for p in paths if p.is_file()][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        items = [p for p in self.recent_files() if p.resolve() != path]
        self.qs.setValue("files/recent", [str(p) for p in [path, *items][:MAX_RECENT]])
        self.set_last_dir(path.parent)

    def clear_recent(self) -> None:
        self.qs.setValue("files/recent", [])

    def last_dir(self) -> Path | None:
        value = str(self.qs.value("files/last_dir", "", type=str) or "")
        return Path(value) if value and Path(value).is_dir() else None

    def set_last_dir(self, folder: Path) -> None:
        self.qs.setValue("files/last_dir", str(folder))

    def geometry(self) -> QByteArray | None:
        value = self.qs.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def state(self) -> QByteArray | None:
        value = self.qs.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qs.setValue("window/geometry", geometry)
        self.qs.setValue("window/state", state)

    def sync(self) -> None:
        self.qs.sync()
