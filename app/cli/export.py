"""Subcommand `export FILE --pdf/--xlsx/--docx/--html/--audit OUT`: the report and its audit sheet (Qt-free)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from app.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, error, load_or_report, say
from app.document import ReportDocument
from app.fileio import SaveError, write_atomic
from app.rules import Severity, validate

MAX_LISTED = 20


@dataclass(frozen=True, slots=True)
class _Kind:
    """One file `export` can write: its option, file suffix, name for the clerk, and builder."""

    option: str
    suffix: str
    what: str
    help: str
    build: Callable[[ReportDocument, bool, str], bytes]  # (report, draft, project file)
    report: bool = True  # the report itself (refused while errors remain); False: the audit sheet


def _pdf(doc: ReportDocument, draft: bool, _project: str) -> bytes:
    from app.export.pdf import build_pdf

    return build_pdf(doc, draft=draft)


def _xlsx(doc: ReportDocument, draft: bool, _project: str) -> bytes:
    from app.export.xlsx import build_workbook

    return build_workbook(doc, draft=draft)


def _docx(doc: ReportDocument, draft: bool, _project: str) -> bytes:
    from app.export.docx import build_docx

    return build_docx(doc, draft=draft)


def _html(doc: ReportDocument, draft: bool, _project: str) -> bytes:
    from app.export.html import build_html

    return build_html(doc, draft=draft)


def _audit(doc: ReportDocument, _draft: bool, project: str) -> bytes:
    """The audit sheet, with the cross-year rules against the linked previous report when it can be read."""
    from app.export.audit import build_audit
    from app.yearly import load_previous, resolve_link

    previous, reason = load_previous(doc, project) if doc.previous_project else (None, "")
    link = resolve_link(doc, project) if previous is not None else None
    if reason:
        say(f"注意：{reason}")
    return build_audit(doc, previous, previous_name=link.name if link else "", previous_reason=reason)


KINDS = (
    _Kind("pdf", ".pdf", "PDF", "导出 PDF 到此路径", _pdf),
    _Kind("xlsx", ".xlsx", "Excel", "导出 Excel 到此路径", _xlsx),
    _Kind("docx", ".docx", "Word", "导出 Word 文档到此路径", _docx),
    _Kind("html", ".html", "网页", "导出网站发布用的网页到此路径", _html),
    _Kind("audit", ".pdf", "审核报告", "导出审核报告（各规则的结果、核实说明、数据指纹）PDF 到此路径", _audit, False),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("export", help="导出 PDF、Excel、Word、网页（正式版式）和审核报告")
    parser.add_argument("file", help="项目文件（.json）")
    for kind in KINDS:
        parser.add_argument(
            f"--{kind.option}",
            metavar=f"OUT{kind.suffix}",
            help=f"{kind.help}（文件名须以 {kind.suffix} 结尾，否则不导出）",
        )
    parser.add_argument(
        "--allow-errors",
        action="store_true",
        help="报告仍有错误时也导出（每页带“草稿”标记）",
    )
    parser.set_defaults(func=cmd_export)


def _misnamed(path: str | None, kind: _Kind) -> bool:
    """Report an output name that does not say what the file is ("--xlsx 年报.pdf"); it is not renamed."""
    if not path or Path(path).suffix.lower() == kind.suffix or Path(path).is_dir():
        return False  # a folder gets its own message when writing
    example = Path(path).with_suffix(kind.suffix)
    error(
        f"{kind.what} 未导出：文件名“{path}”应以 {kind.suffix} 结尾（例如“{example}”），"
        f"--{kind.option} 只导出 {kind.what} 文件"
    )
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
    wanted = [(kind, getattr(args, kind.option)) for kind in KINDS if getattr(args, kind.option)]
    if not wanted:
        error("请用 " + "、".join(f"--{k.option}" for k in KINDS) + " 中的至少一项指定导出文件")
        return EXIT_UNREADABLE
    if any([_misnamed(path, kind) for kind, path in wanted]):
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
    reports = [kind for kind, _ in wanted if kind.report]
    if reports and (errors or blocking) and not args.allow_errors:
        if errors:
            error(f"报告还有 {len(errors)} 个错误，未导出。请改正后再导出；如需先导出草稿，请加 --allow-errors")
        if blocking:
            error("有字符无法在 PDF 中显示（会印成方框），未导出。请修改上列文字，或加 --allow-errors 导出草稿")
        return EXIT_ERRORS
    draft = bool(errors or blocking)
    if draft and reports:
        say("注意：报告还有未改正的问题，按草稿导出（每页带“草稿”标记）")
    if any(kind.option in ("docx", "html") for kind, _ in wanted):
        from app.export.text import unwritable_places

        for note in unwritable_places(doc):
            say(f"[提示] {note}")
    ok = True
    for kind, path in wanted:
        ok = _write(path, partial(kind.build, doc, draft, args.file), f" {kind.what}") and ok
    return EXIT_OK if ok else EXIT_UNREADABLE


def _glyph_problems(doc: ReportDocument) -> int:
    """Print the characters the PDF fonts cannot draw; return how many places would print boxes."""
    from app.export.pdf import check_glyphs

    problems = check_glyphs(doc)
    for problem in problems:
        say(("[提示] " if problem.fallback else "[错误] ") + problem.message)
    return sum(1 for p in problems if p.fallback is None)
