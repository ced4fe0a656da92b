"""Subcommands `check` and `new` (Qt-free)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, error, load_or_report, print_json, say, writable
from app.document import ReportDocument
from app.fileio import SaveError
from app.persistence import save
from app.rules import Severity, count_by_severity, has_errors, validate
from app.spec import edition_for_year, load_spec
from app.yearly import load_previous


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
        previous, reason = load_previous(doc, args.file)
        if reason:
            say(f"注意：{reason}", sys.stderr)
    issues = validate(doc, previous)
    if args.json:
        print_json([i.as_dict() for i in issues])
    else:
        for issue in issues:
            note = f"（已核实：{issue.explanation}）" if issue.explained else ""
            say(f"[{issue.severity.label}] {issue.rule} {issue.message}{note}")
        counts = count_by_severity(issues)
        say(
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
    if not load_spec(edition_for_year(args.year)).accepts_year(args.year):
        error(f"报告年度 {args.year} 无效")
        return EXIT_UNREADABLE
    if not writable(args.output, args.force):
        return EXIT_UNREADABLE
    out = Path(args.output)
    doc = ReportDocument.new(args.agency, args.year)
    try:
        save(doc, out)
    except SaveError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    say(f"已新建 {doc.title}：{out}")
    return EXIT_OK


def register(sub: Any) -> None:
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
