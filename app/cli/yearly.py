"""Subcommand `next`: next year's project from last year's (Qt-free)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import EXIT_OK, EXIT_UNREADABLE, error, load_or_report, say, writable
from app.errors import UserError
from app.fileio import SaveError
from app.persistence import save
from app.yearly import accept_suggestions, next_year


def cmd_next(args: argparse.Namespace) -> int:
    previous = load_or_report(args.file)
    if previous is None:
        return EXIT_UNREADABLE
    if not writable(args.output, args.force):
        return EXIT_UNREADABLE
    try:
        result = next_year(previous, args.file, args.output)
    except UserError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    doc = result.document
    if not args.no_stock:
        accept_suggestions(doc, result.suggestions)
    try:
        save(doc, args.output)
    except SaveError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    say(f"已新建 {doc.title}：{args.output}")
    say(f"已记录上年度报告：{doc.previous_project}")
    say("已带入（上年结转 = 上年度结转下年度继续办理）：")
    for item in result.prefilled:
        say(f"  {item.describe()}")
    if result.suggestions:
        done = "建议值（未填入）：" if args.no_stock else "已按建议值填入，请核对："
        say("现行有效件数" + done)
        for sug in result.suggestions:
            say(f"  {sug.describe()}")
    for note in result.notes:
        say(f"说明：{note}")
    say("正文未复制，请参照上年度报告重新撰写。")
    return EXIT_OK


def register(sub: Any) -> None:
    nxt = sub.add_parser("next", help="由上年度项目新建下一年度报告（带入基本信息和上年结转）")
    nxt.add_argument("file", help="上年度的项目文件（.json）")
    nxt.add_argument("-o", "--output", required=True, help="新项目文件路径")
    nxt.add_argument("--no-stock", action="store_true", help="不填入现行有效件数建议值，只列出")
    nxt.add_argument("--force", action="store_true", help="覆盖已有文件")
    nxt.set_defaults(func=cmd_next)
