"""The core is silent by default: a command prints its own messages, never log records."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_failing_command_prints_only_its_message(tmp_path: Path) -> None:
    missing = tmp_path / "没有这个文件.json"
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "check", str(missing)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode != 0
    assert "没有这个文件.json" in proc.stderr + proc.stdout  # the command's own Chinese message
    assert "cannot open" not in proc.stderr + proc.stdout  # the log record (English, for the log file) is not


def test_importing_the_core_prints_nothing() -> None:
    code = "import logging, app.persistence, app.importers.registry; logging.getLogger('app.x').warning('x')"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0 and proc.stderr == "" and proc.stdout == ""
