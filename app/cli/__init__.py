"""The `nianbao` command line (Qt-free): every subcommand lives in a module of this package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app import APP_NAME, __version__
from app.cli import collect, export, formats, imports, project, yearly
from app.cli.common import ChineseArgumentParser, reader_gone

# Each module defines register(subparsers); its commands set a `func` default that takes the
# parsed arguments and returns the exit code.
COMMAND_MODULES = (project, yearly, imports, export, collect, formats)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="nianbao", description=f"{APP_NAME}：政府信息公开工作年度报告")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="命令", title="命令", parser_class=ChineseArgumentParser
    )

    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    func: Callable[[argparse.Namespace], int] = args.func
    code = func(args)
    try:  # what is still buffered: its reader may have closed the pipe too
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        reader_gone(sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
