"""PyInstaller entry script: nianbao / nianbao.exe runs the console-script entry point."""

from __future__ import annotations

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
