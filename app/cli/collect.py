"""Subcommands `collect FOLDER` (the 汇总 board, the sum, the workbook) and `submit FILE` (a 报送文件) (Qt-free)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, error, load_or_report, print_json, say
from app.collect.board import Board, ScanCache, Status, scan
from app.collect.roster import CollectError, Roster
from app.collect.submission import write_submission
from app.collect.summary import SummaryResult, summarise
from app.errors import UserError
from app.fileio import SaveError
from app.persistence import save
from app.rules import Severity, validate
from app.yearly import load_previous

_STATUS_ORDER = tuple(Status)
_NAME_WIDTH = 24


def _width(text: str) -> int:
    """Columns a text takes on a console (CJK characters take two)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    return text + " " * max(1, width - _width(text))


def _print_board(board: Board) -> None:
    heading = (("单位", _NAME_WIDTH), ("状态", 10), ("错误", 6), ("警告", 6), ("指纹", 8))
    say("".join(_cell(text, width) for text, width in heading) + "文件")
    for row in board.rows:
        name = Path(row.file).name if row.file else ""
        numbers = row.file is not None and row.document is not None
        line = (
            _cell(row.agency, _NAME_WIDTH)
            + _cell(row.status.value, 10)
            + _cell(str(row.errors) if numbers else "", 6)
            + _cell(str(row.warnings) if numbers else "", 6)
            + _cell(row.seal.value if numbers else "", 8)
            + name
        )
        say(line.rstrip())
        if row.reason:
            say(f"    {row.reason}")
    counts = Counter(row.status for row in board.rows)
    files = sum(1 for row in board.rows if row.file is not None)
    parts = [f"{status.value} {counts[status]}" for status in _STATUS_ORDER if counts[status]]
    included = len(board.included_rows())
    say(f"共 {files} 个文件：" + ("，".join(parts) or "没有可读取的报告") + f"；计入汇总 {included} 个单位")
    if board.year:
        say(f"汇总年度：{board.year}")
    for problem in board.problems:
        say(f"注意：{problem}")
    if board.cancelled:
        say("注意：读取被中断，只列出了已读取的文件")


def _write_summary(summary: SummaryResult, path: str) -> bool:
    try:
        removed = save(summary.document, path)
    except SaveError as exc:
        error(str(exc))
        return False
    for note in removed:
        say(f"注意：{note}", sys.stderr)
    return True


def _write_workbook(board: Board, summary: SummaryResult | None, path: str) -> bool:
    from app.collect.workbook import write_summary_workbook

    try:
        write_summary_workbook(path, board, summary)
    except UserError as exc:  # SaveError, or a text too long for a cell
        error(str(exc))
        return False
    return True


def cmd_collect(args: argparse.Namespace) -> int:
    try:
        roster = Roster.load(args.roster) if args.roster else None
        if roster is not None and args.aliases:
            roster = roster.with_aliases(Roster.load_aliases(args.aliases))
        # the outputs of this run are not units, even when they are written into the folder
        cache = ScanCache()
        for output in (args.output, args.xlsx):
            if output:
                cache.mark_written(output)
        board = scan(args.folder, roster, args.year, cache)
    except CollectError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    summary: SummaryResult | None = None
    if args.output or args.xlsx:
        try:
            summary = summarise(board)
        except CollectError as exc:
            error(f"{exc}，未生成汇总")
    written = True
    summary_path: str | None = None
    if args.output and summary is not None:
        written = _write_summary(summary, args.output)
        summary_path = args.output if written else None
    if args.xlsx:
        written = _write_workbook(board, summary, args.xlsx) and written
    if args.json:
        print_json(
            {
                "units": [row.as_json() for row in board.rows if row.file is not None],
                "missing": board.missing,
                "duplicates": board.duplicates,
                "summary": summary_path,
            }
        )
    else:
        _print_board(board)
        if summary is not None:
            for note in summary.notes():
                say(f"[汇总] {note}")
        if summary_path:
            say(f"已生成本级政府汇总（{len(summary.units) if summary else 0} 个单位）：{summary_path}")
        if args.xlsx and written:
            say(f"已导出汇总明细表：{args.xlsx}")
    if not written:
        return EXIT_UNREADABLE
    return EXIT_OK if board.all_passed else EXIT_ERRORS


def cmd_submit(args: argparse.Namespace) -> int:
    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_UNREADABLE
    previous = None
    if doc.previous_project:
        previous, reason = load_previous(doc, args.file)
        if reason:
            say(f"注意：{reason}", sys.stderr)
    issues = validate(doc, previous)
    try:
        seal, removed = write_submission(doc, args.output, issues=issues)
    except SaveError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    for note in removed:
        say(f"注意：{note}", sys.stderr)
    say(f"已生成报送文件：{args.output}")
    say(f"数据指纹 {seal.content[:16]}…，生成时 {seal.validation.describe()}")
    if seal.validation.errors:
        say("注意：报告还有错误，汇总时默认不计入；请改正后重新生成报送文件")
    return EXIT_ERRORS if any(i.severity is Severity.ERROR for i in issues) else EXIT_OK


def register(sub: Any) -> None:
    collect = sub.add_parser(
        "collect",
        help="汇总各单位报告：逐个校验文件夹中的报告，列出状态和未交单位，生成本级政府汇总",
        description=(
            "读取文件夹（含子文件夹）中各单位的报告，列出每个文件的状态（通过、有警告、有错误、无法读取、重复、"
            "年度不符）和名单中的未交单位；全部单位已交且通过时返回 0，否则返回 1，文件夹或名单无法读取时返回 2。"
            "文件夹中的文件不会被修改。"
        ),
    )
    collect.add_argument("folder", help="存放各单位报告的文件夹")
    collect.add_argument("--roster", metavar="名单", help="单位名单：每行一个单位的 .txt，或第一列为单位名称的 .xlsx")
    collect.add_argument("--aliases", metavar="别名表", help="别名表（.txt，每行“别名=名单中的名称”），配合 --roster")
    collect.add_argument("-o", "--output", metavar="SUMMARY.json", help="把计入的单位逐格相加，保存为本级政府汇总项目")
    collect.add_argument("--xlsx", metavar="DETAIL.xlsx", help="导出汇总明细表（状态、各单位明细及合计行、汇总报告）")
    collect.add_argument("--year", type=int, metavar="YYYY", help="汇总年度（默认：多数报告的年度）")
    collect.add_argument("--json", action="store_true", help="以 JSON 输出各单位状态、未交单位和重复文件")
    collect.set_defaults(func=cmd_collect)

    submit = sub.add_parser("submit", help="生成报送文件：项目副本加数据指纹和当时的校验结果")
    submit.add_argument("file", help="项目文件（.json）")
    submit.add_argument("-o", "--output", required=True, metavar="OUT.json", help="报送文件路径")
    submit.set_defaults(func=cmd_submit)
