"""Console entry point: command-line subcommands go to app.cli, everything else opens the window."""

from __future__ import annotations

import os
import sys


def _is_subcommand(arg: str) -> bool:
    """A bare word that is not an existing file ("check", "export", "--help" too) is a subcommand."""
    if arg in ("-h", "--help", "--version"):
        return True
    return not arg.startswith("-") and not arg.lower().endswith(".json") and not os.path.exists(arg)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "selftest":
        from ui.selftest import main as selftest_main

        return selftest_main(args[1:])
    if args and _is_subcommand(args[0]):
        # The command line never loads Qt: argparse lists the commands and rejects unknown ones.
        from app.cli import main as cli_main

        return cli_main(args)
    from ui.main import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
