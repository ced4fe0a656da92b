"""What goes into the frozen bundle: data folders, excluded modules, trimmed Qt files.

Imported by nianbao.spec (PyInstaller) and by tests/packaging (no PyInstaller needed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

# (source in the repo, folder inside the bundle's _internal/); copied whole when present.
DATA_DIRS: list[tuple[str, str]] = [
    ("resources/fonts", "resources/fonts"),
    ("resources/samples", "resources/samples"),
    ("resources/icons", "resources/icons"),
    ("resources/i18n", "resources/i18n"),
    ("app/spec/data", "app/spec/data"),
]

# Qt modules outside PySide6-Essentials' use here, and stdlib/dev parts the app never needs.
EXCLUDES: list[str] = [
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtDBus", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtHelp", "PySide6.QtMultimedia", "PySide6.QtNetworkAuth",
    "PySide6.Qt3DCore", "PySide6.QtWebEngineCore", "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "ssl", "_ssl", "lib2to3", "idlelib",
    "test", "pytest", "hypothesis", "mypy", "IPython", "numpy",
    # python-docx needs lxml.etree only (objectify alone is 1.7 MB)
    "lxml.objectify", "lxml.html", "lxml.isoschematron",
]  # fmt: skip

# Bundle paths dropped from the collected PySide6 tree (Windows: PySide6/..., Linux: PySide6/Qt/...):
# software OpenGL (20 MB), every translation but qtbase_zh_CN, plugins a Widgets app never loads.
# Kept: platforms qwindows/qxcb (+ qoffscreen for the selftest), styles, imageformats ico/jpeg/gif/svg,
# the svg icon engine, platforminputcontexts (Chinese input methods on Linux).
DROP = re.compile(
    r"(?i)^PySide6/(?:Qt/)?(?:"
    r"opengl32sw\.dll"
    r"|translations/(?!qtbase_zh_CN\.qm$)"
    r"|plugins/(?:networkinformation|tls|generic|egldeviceintegrations"
    r"|wayland-[^/]*|qmltooling|sqldrivers|designer|multimedia|position|sensors|virtualkeyboard)/"
    r"|plugins/platforms/(?:lib)?q(?:direct2d|minimal|minimalegl|vnc|linuxfb|eglfs|vkkhrdisplay"
    r"|wayland)"
    r"|plugins/platformthemes/(?:lib)?qgtk3"
    r"|plugins/imageformats/(?:lib)?q(?!ico|jpeg|gif|svg)"
    r"|plugins/iconengines/(?:lib)?q(?!svgicon)"
    r"|lib/libQt6(?:Quick|Qml|Pdf|VirtualKeyboard|WebEngine)"
    r")"
)

T = TypeVar("T", bound=tuple[str, ...])


def dropped(dest: str) -> bool:
    return DROP.search(dest.replace("\\", "/")) is not None


def trimmed(entries: Iterable[T]) -> list[T]:
    """PyInstaller TOC entries (dest, src, typecode) minus the dropped ones."""
    return [e for e in entries if not dropped(e[0])]


def data_dirs(root: Path) -> list[tuple[str, str]]:
    """DATA_DIRS that exist and are not empty, as PyInstaller datas."""
    out = []
    for src, dest in DATA_DIRS:
        path = root / src
        if path.is_dir() and any(path.iterdir()):
            out.append((str(path), dest))
    return out


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); suffixes like 'rc1' are dropped (Windows wants four numbers)."""
    nums = [int(m) for m in re.findall(r"\d+", version.split("rc")[0].split("+")[0])[:4]]
    padded = [*nums, 0, 0, 0, 0][:4]
    return (padded[0], padded[1], padded[2], padded[3])
