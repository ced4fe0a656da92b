"""What every subcommand shares: a Chinese argument parser, console-safe printing, exit codes (Qt-free)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import IO, Any, NoReturn

from app.document import ReportDocument
from app.persistence import ProjectError, load

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

# argparse's own messages, in Chinese (the rest of the command line already is).
_ARGPARSE_MESSAGES = (
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("argument ", "参数 "),
    ("invalid int value: ", "不是有效的整数："),
    ("invalid choice: ", "无效的选项："),
    ("expected one argument", "需要一个值"),
    ("choose from ", "可选 "),
)


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and error texts are Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def _print_message(self, message: str, file: Any = None) -> None:
        """Help, usage and errors also on a console that cannot show Chinese (no traceback)."""
        if message:
            say(message.rstrip("\n"), file or sys.stderr)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


def say(text: str, stream: IO[str] | None = None) -> None:
    """Print, surviving consoles that cannot show Chinese (legacy Windows code pages)."""
    out = stream or sys.stdout
    if out is None:  # a windowed Windows build has no console
        return
    try:
        try:
            print(text, file=out)
        except UnicodeEncodeError:
            encoding = getattr(out, "encoding", None) or "ascii"
            print(text.encode(encoding, "replace").decode(encoding), file=out)
    except BrokenPipeError:  # `nianbao check F | head`: the reader has gone; the command still finishes
        reader_gone(out)


def reader_gone(stream: IO[str]) -> None:
    """Send the rest of a stream whose reader closed the pipe to the null device, so no later write fails."""
    with contextlib.suppress(OSError, ValueError):  # no file descriptor (a test's StringIO): nothing to do
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def print_json(data: object) -> None:
    """JSON for scripts: Chinese kept readable, or \\u-escaped (still exact) when the console cannot show it."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(data, ensure_ascii=True, indent=2)
    say(text)


def error(message: str) -> None:
    say(f"错误：{message}", sys.stderr)


def load_or_report(path: str) -> ReportDocument | None:
    """Load a project, printing the Chinese reason when it cannot be read."""
    try:
        return load(path)
    except ProjectError as exc:
        error(str(exc))
        return None


def writable(path: str, force: bool) -> bool:
    """Whether ``path`` may be written: not an existing file unless --force (the reason is printed)."""
    if Path(path).exists() and not force:
        error(f"“{path}”已存在；如需覆盖请加 --force")
        return False
    return True
