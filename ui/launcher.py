"""Console entry point: command-line subcommands go to app.cli, everything else opens the window."""

from __future__ import annotations

import sys

# Subcommands handled without loading Qt; anything else (no argument, a file path,
# --exit-after-show) starts the window.
CLI_COMMANDS = frozenset({"check", "new", "export", "import-xlsx", "import-text", "import-html", "next"})


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        from app.cli import main as cli_main

        return cli_main(args)
    if args and args[0] == "selftest":
        from ui.selftest import main as selftest_main

        return selftest_main(args[1:])
    from ui.main import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
