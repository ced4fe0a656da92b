"""Subcommand `export FILE --pdf OUT.pdf --xlsx OUT.xlsx`: the finished report as PDF and/or Excel (Qt-free)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, error, load_or_report, say
from app.document import ReportDocument
from app.fileio import SaveError, write_atomic
from app.rules import Severity, validate

MAX_LISTED = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("export", help="导出 PDF 和/或 Excel（正式版式）")
    parser.add_argument("file", help="项目文件（.json）")
    parser.add_argument("--pdf", metavar="OUT.pdf", help="导出 PDF 到此路径（文件名须以 .pdf 结尾，否则不导出）")
    parser.add_argument("--xlsx", metavar="OUT.xlsx", help="导出 Excel 到此路径（文件名须以 .xlsx 结尾，否则不导出）")
    parser.add_argument(
        "--allow-errors",
        action="store_true",
        help="报告仍有错误时也导出（PDF 每页带“草稿”标记）",
    )
    parser.set_defaults(func=cmd_export)


def _misnamed(path: str | None, option: str, suffix: str, what: str) -> bool:
    """Report an output name that does not say what the file is ("--xlsx 年报.pdf"); it is not renamed."""
    if not path or Path(path).suffix.lower() == suffix or Path(path).is_dir():
        return False  # a folder gets its own message when writing
    example = Path(path).with_suffix(suffix)
    error(f"{what} 未导出：文件名“{path}”应以 {suffix} 结尾（例如“{example}”），{option} 只导出 {what} 文件")
    return True


def _write(path: str, build: Callable[[], bytes], what: str) -> bool:
    try:
        write_atomic(path, build())
    except SaveError as exc:
        error(str(exc))
        return False
    say(f"已导出{what}：{Path(path)}")
    return True


def cmd_export(args: argparse.Namespace) -> int:
    if not args.pdf and not args.xlsx:
        error("请用 --pdf 和/或 --xlsx 指定导出文件")
        return EXIT_UNREADABLE
    misnamed = [_misnamed(args.pdf, "--pdf", ".pdf", "PDF"), _misnamed(args.xlsx, "--xlsx", ".xlsx", "Excel")]
    if any(misnamed):
        return EXIT_UNREADABLE
    doc = load_or_report(args.file)
    if doc is None:
        return EXIT_UNREADABLE
    errors = [i for i in validate(doc) if i.severity is Severity.ERROR]
    for issue in errors[:MAX_LISTED]:
        say(f"[错误] {issue.rule} {issue.message}")
    if len(errors) > MAX_LISTED:
        say(f"……另有 {len(errors) - MAX_LISTED} 个错误")
    blocking = _glyph_problems(doc) if args.pdf else 0
    if (errors or blocking) and not args.allow_errors:
        if errors:
            error(f"报告还有 {len(errors)} 个错误，未导出。请改正后再导出；如需先导出草稿，请加 --allow-errors")
        if blocking:
            error("有字符无法在 PDF 中显示（会印成方框），未导出。请修改上列文字，或加 --allow-errors 导出草稿")
        return EXIT_ERRORS
    draft = bool(errors or blocking)
    if draft:
        say("注意：报告还有未改正的问题，按草稿导出（PDF 每页带“草稿”标记）")
    ok = True
    if args.pdf:
        from app.export.pdf import build_pdf

        ok = _write(args.pdf, lambda: build_pdf(doc, draft=draft), " PDF") and ok
    if args.xlsx:
        from app.export.xlsx import build_workbook

        ok = _write(args.xlsx, lambda: build_workbook(doc, draft=draft), " Excel") and ok
    return EXIT_OK if ok else EXIT_UNREADABLE


def _glyph_problems(doc: ReportDocument) -> int:
    """Print the characters the PDF fonts cannot draw; return how many places would print boxes."""
    from app.export.pdf import check_glyphs

    problems = check_glyphs(doc)
    for problem in problems:
        say(("[提示] " if problem.fallback else "[错误] ") + problem.message)
    return sum(1 for p in problems if p.fallback is None)
