"""Subcommands `import-text`, `import-html`, `import-pdf`, `import-xlsx`: a published report into a project."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, error, print_json, say, writable
from app.fileio import SaveError, describe_read_error
from app.importers.common import ImportResult, ProblemKind, SourceError
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


def cmd_import_text(args: argparse.Namespace) -> int:
    from app.importers.text import import_text, read_text_file

    layout = True if args.layout else None
    return _run_import(lambda: import_text(read_text_file(args.file), layout=layout), args)


def cmd_import_html(args: argparse.Namespace) -> int:
    from app.importers.html import import_html_file

    return _run_import(lambda: import_html_file(args.file), args)


def cmd_import_pdf(args: argparse.Namespace) -> int:
    from app.importers.pdf import import_pdf

    return _run_import(lambda: import_pdf(args.file), args)


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from app.importers.xlsx import import_xlsx_file

    return _run_import(lambda: import_xlsx_file(args.file), args)


def register(sub: Any) -> None:
    commands: list[tuple[str, str, str, Callable[[argparse.Namespace], int]]] = [
        ("import-text", "从文本导入已发布的年度报告", "文本文件（UTF-8 或 GBK）", cmd_import_text),
        ("import-html", "从保存的网页导入已发布的年度报告", "网页文件（.html）", cmd_import_html),
        ("import-pdf", "从 PDF 导入已发布的年度报告（需要 pdftotext）", "PDF 文件", cmd_import_pdf),
        ("import-xlsx", "从 Excel 工作簿导入年度报告表格", "Excel 文件（.xlsx）", cmd_import_xlsx),
    ]
    for name, help_text, file_help, func in commands:
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("file", help=file_help)
        cmd.add_argument("-o", "--output", required=True, help="导入后保存的项目文件（.json）")
        cmd.add_argument("--json", action="store_true", help="以 JSON 输出需要核对的问题")
        cmd.add_argument("--force", action="store_true", help="覆盖已有文件")
        if name == "import-text":
            cmd.add_argument("--layout", action="store_true", help="文本来自 pdftotext -layout（默认自动判断）")
        cmd.set_defaults(func=func)
