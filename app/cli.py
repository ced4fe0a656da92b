"""The `nianbao` command line (Qt-free): check, new, and the subcommands other modules register."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from app import APP_NAME, __version__
from app.document import ReportDocument
from app.fileio import SaveError
from app.persistence import ProjectError, load, save
from app.rules import Severity, count_by_severity, has_errors, validate

# Modules adding subcommands: each defines register(subparsers) and sets a `func` default
# that takes the parsed arguments and returns the exit code.
COMMAND_MODULES: tuple[str, ...] = (
    "app.export.command",
    "app.yearly_cli",
)

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
            _print(message.rstrip("\n"), file or sys.stderr)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


def _print(text: str, stream: IO[str] | None = None) -> None:
    """Print, surviving consoles that cannot show Chinese (legacy Windows code pages)."""
    out = stream or sys.stdout
    if out is None:  # a windowed Windows build has no console
        return
    try:
        print(text, file=out)
    except UnicodeEncodeError:
        encoding = getattr(out, "encoding", None) or "ascii"
        print(text.encode(encoding, "replace").decode(encoding), file=out)


def print_json(data: object) -> None:
    """JSON for scripts: Chinese kept readable, or \\u-escaped (still exact) when the console cannot show it."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(data, ensure_ascii=True, indent=2)
    _print(text)


def error(message: str) -> None:
    _print(f"错误：{message}", sys.stderr)


def load_or_report(path: str) -> ReportDocument | None:
    """Load a project, printing the Chinese reason when it cannot be read."""
    try:
        return load(path)
    except ProjectError as exc:
        error(str(exc))
        return None


def cmd_check(args: argparse.Namespace) -> int:
    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_UNREADABLE
    previous = None
    if args.previous:
        previous = load_or_report(args.previous)
        if previous is None:
            return EXIT_UNREADABLE
    elif doc.previous_project:
        from app.yearly import load_previous

        previous, reason = load_previous(doc, args.file)
        if reason:
            _print(f"注意：{reason}", sys.stderr)
    issues = validate(doc, previous)
    if args.json:
        print_json([i.as_dict() for i in issues])
    else:
        for issue in issues:
            note = f"（已核实：{issue.explanation}）" if issue.explained else ""
            _print(f"[{issue.severity.label}] {issue.rule} {issue.message}{note}")
        counts = count_by_severity(issues)
        _print(
            f"共 {counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告，"
            f"{counts[Severity.INFO]} 个提示"
            + (
                f"（另有 {sum(1 for i in issues if i.explained)} 个已核实说明）"
                if any(i.explained for i in issues)
                else ""
            )
        )
    return EXIT_ERRORS if has_errors(issues) else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    if not 1990 <= args.year <= 2100:
        error(f"报告年度 {args.year} 无效")
        return EXIT_UNREADABLE
    out = Path(args.output)
    if out.exists() and not args.force:
        error(f"“{out}”已存在；如需覆盖请加 --force")
        return EXIT_UNREADABLE
    doc = ReportDocument.new(args.agency, args.year)
    try:
        save(doc, out)
    except SaveError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    _print(f"已新建 {doc.title}：{out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="nianbao", description=f"{APP_NAME}：政府信息公开工作年度报告")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="命令", title="命令", parser_class=ChineseArgumentParser
    )

    check = sub.add_parser("check", help="校验项目文件，列出错误和警告")
    check.add_argument("file", help="项目文件（.json）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出问题列表")
    check.add_argument("--previous", metavar="LAST.json", help="上一年度的项目文件，用于跨年度校验")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="新建空白项目")
    new.add_argument("-o", "--output", required=True, help="新项目文件路径")
    new.add_argument("--agency", required=True, help="机关全称")
    new.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
    new.add_argument("--force", action="store_true", help="覆盖已有文件")
    new.set_defaults(func=cmd_new)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
