"""app/ is Qt-free: importing every module of it loads neither PySide6 nor ui/."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]


def test_app_imports_no_qt_and_no_ui():
    # __main__ modules run the command line when imported; their imports are the package's own
    modules = [m.name for m in pkgutil.walk_packages(app.__path__, "app.") if not m.name.endswith(".__main__")]
    assert "app.rules.kinds" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_no_qt_import_statement_in_app():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "app").rglob("*.py")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import PySide6", "from PySide6", "import ui", "from ui", "import shiboken6"))
    ]
    assert offenders == []
