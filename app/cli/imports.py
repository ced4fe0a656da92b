"""Subcommands `import-…`, one per importer of the registry: a published report into a project (Qt-free)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, error, print_json, say, writable
from app.fileio import SaveError, describe_read_error
from app.importers.common import ImportResult, ProblemKind, SourceError
from app.importers.registry import Importer, clean_result, importers
from app.persistence import save


def _report_import(result: ImportResult, args: argparse.Namespace) -> int:
    doc = result.document
    if not writable(args.output, args.force):
        return EXIT_UNREADABLE
    try:
        save(doc, args.output)
    except SaveError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    unreadable = len(result.unreadable)
    check = sum(1 for p in result.problems if p.kind is ProblemKind.CHECK)
    if args.json:
        out: dict[str, Any] = {
            "output": args.output,
            "title": doc.title,
            "edition": doc.spec.edition,
            "problems": [p.as_dict() for p in result.problems],
        }
        print_json(out)
    else:
        for problem in result.problems:
            say(str(problem))
        say(f"已导入 {doc.title}：{args.output}（{unreadable} 处无法读取，{check} 处请核对）")
        if unreadable:
            say("无法读取的数字和正文已留空，请对照原文填写；可用 `nianbao check` 查看校验结果。")
    return EXIT_ERRORS if unreadable else EXIT_OK


def _run_import(func: Callable[[], ImportResult], args: argparse.Namespace) -> int:
    try:
        result = func()
    except SourceError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    except OSError as exc:
        error(describe_read_error(exc, args.file))
        return EXIT_UNREADABLE
    return _report_import(result, args)


def cmd_import(args: argparse.Namespace) -> int:
    importer: Importer = args.importer
    if importer.kind == "text" and args.layout:
        from app.importers.text import import_text, read_text_file

        return _run_import(lambda: clean_result(import_text(read_text_file(args.file), layout=True)), args)
    return _run_import(lambda: importer.load(args.file), args)


def register(sub: Any) -> None:
    for importer in importers():
        cmd = sub.add_parser(importer.command, help=importer.help)
        cmd.add_argument("file", help=f"{importer.title}（{importer.patterns}）")
        cmd.add_argument("-o", "--output", required=True, help="导入后保存的项目文件（.json）")
        cmd.add_argument("--json", action="store_true", help="以 JSON 输出需要核对的问题")
        cmd.add_argument("--force", action="store_true", help="覆盖已有文件")
        if importer.kind == "text":
            cmd.add_argument("--layout", action="store_true", help="文本来自 pdftotext -layout（默认自动判断）")
        cmd.set_defaults(func=cmd_import, importer=importer)
