"""The audit sheet (审核报告) for the sign-off folder: every rule that ran and its result, each warning with its
核实说明, the cross-year checks with last year's report named, and the data's SHA-256 (reportlab PDF)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer, Table, TableStyle

from app import APP_NAME, __version__
from app.document import ReportDocument
from app.export.cjk import Align, CJKParagraph, Span, tokenize
from app.export.fonts import FontSet, Role, system_fonts
from app.rules import Issue, Severity, validate
from app.rules.kinds import CROSS_YEAR_KINDS
from app.seal import canonical_hash
from app.spec.model import ReportSpec

PASSED, WARNING, ERROR, NOT_APPLICABLE = "通过", "警告", "错误", "未适用"
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
SIZE = 9.5
LEADING = SIZE * 1.4


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One declared rule: what it checks, and what it found in this report."""

    rule: str
    checks: str
    result: str  # 通过 / 警告 / 错误 / 未适用
    issues: tuple[Issue, ...]
    cross_year: bool = False


def computed_checks(spec: ReportSpec) -> dict[str, str]:
    """What each declared total's rule (T3-ROW-TOTAL …) checks, in words, from the computed declarations."""
    out: dict[str, list[str]] = {}
    for blk in spec.blocks:
        table = f"表{spec.section(blk.section_id).number}"
        for comp in blk.computed:
            if comp.target_column:
                first, last = blk.column(comp.columns[0]), blk.column(comp.columns[-1])
                text = (
                    f"{table}各行的“{blk.column(comp.target_column).display_name}”"
                    f"等于{first.display_name}至{last.display_name}各栏之和"
                )
            else:
                assert comp.target_row
                first_row, last_row = blk.row(comp.rows[0]), blk.row(comp.rows[-1])
                text = (
                    f"{table}的“{blk.row(comp.target_row).display_name}”"
                    f"等于{first_row.display_name}至{last_row.display_name}各项之和"
                )
            texts = out.setdefault(comp.rule, [])
            if text not in texts:
                texts.append(text)
    return {rule: "；".join(texts) for rule, texts in out.items()}


def rule_results(doc: ReportDocument, previous: ReportDocument | None) -> list[RuleResult]:
    """Every rule of the declaration in order (the totals' rules first), with its result."""
    issues = validate(doc, previous)
    by_rule: dict[str, list[Issue]] = {}
    for issue in issues:
        by_rule.setdefault(issue.rule, []).append(issue)
    checks = [(rule, text, False) for rule, text in computed_checks(doc.spec).items()]
    checks += [(r.id, r.message, r.kind in CROSS_YEAR_KINDS) for r in doc.spec.rules]
    out = []
    for rule, text, cross in checks:
        found = tuple(by_rule.get(rule, ()))
        if cross and previous is None:
            result = NOT_APPLICABLE
        elif any(i.severity is Severity.ERROR for i in found):
            result = ERROR
        elif any(i.severity is Severity.WARNING for i in found):
            result = WARNING
        else:
            result = PASSED  # an info-level note does not fail a rule; it is listed beside it
        out.append(RuleResult(rule, text, result, found, cross))
    return out


class _Sheet:
    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts

    def para(
        self, text: str, role: Role = Role.TABLE, size: float = SIZE, align: Align = "left", after: float = 0.0
    ) -> CJKParagraph:
        return CJKParagraph(
            tokenize([Span(text, role, size)], self.fonts), leading=size * 1.4, align=align, space_after=after
        )

    def table(self, rows: list[list[str]], widths: list[float], header: bool = True) -> Table:
        cells = [
            [self.para(text, Role.HEADING1 if header and n == 0 else Role.TABLE) for text in row]
            for n, row in enumerate(rows)
        ]
        table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
        grey = (0.93, 0.93, 0.93) if header else (1.0, 1.0, 1.0)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("BACKGROUND", (0, 0), (-1, 0), grey),
                ]
            )
        )
        return table


def _result_note(result: RuleResult, previous_title: str) -> str:
    parts: list[str] = []
    if result.result == NOT_APPLICABLE:
        return "未关联上一年度报告，本项未检查"
    if result.cross_year and previous_title:
        parts.append(f"对照《{previous_title}》")
    warnings = [i for i in result.issues if i.severity is Severity.WARNING]
    errors = [i for i in result.issues if i.severity is Severity.ERROR]
    infos = [i for i in result.issues if i.severity is Severity.INFO]
    if errors:
        parts.append(f"{len(errors)} 处错误")
    if warnings:
        explained = sum(1 for i in warnings if i.explained)
        parts.append(f"{len(warnings)} 处警告（{explained} 处已核实说明）")
    if infos:
        parts.append(f"{len(infos)} 条提示")
    return "；".join(parts)


def build_audit(
    doc: ReportDocument,
    previous: ReportDocument | None = None,
    *,
    previous_name: str = "",
    previous_reason: str = "",
    now: datetime | None = None,
    fonts: FontSet | None = None,
) -> bytes:
    """The audit sheet as PDF bytes. ``previous``: last year's report (the cross-year rules run against it),
    ``previous_name`` its file name; ``previous_reason`` why a linked one could not be read."""
    fonts = fonts or system_fonts()
    sheet = _Sheet(fonts)
    when = now or datetime.now()
    results = rule_results(doc, previous)
    digest = canonical_hash(doc)
    counts = {r: sum(1 for x in results if x.result == r) for r in (PASSED, WARNING, ERROR, NOT_APPLICABLE)}
    previous_title = previous.title if previous is not None else ""
    if previous is not None:
        last = f"{previous_title}（{previous_name}）" if previous_name else previous_title
    else:
        last = previous_reason or "未关联（跨年度检查未进行）"

    story: list[Flowable] = [
        sheet.para(doc.title, Role.TITLE, 16, "center", after=2),
        sheet.para("审核报告", Role.TITLE, 16, "center", after=10),
        sheet.table(
            [
                ["报告格式", doc.spec.name],
                # not strftime: on Windows it goes through the C locale and cannot encode 年月日
                ["审核时间", f"{when.year}年{when.month:02d}月{when.day:02d}日 {when.hour:02d}:{when.minute:02d}"],
                ["审核程序", f"{APP_NAME} {__version__}"],
                ["上一年度报告", last],
                ["数据指纹（SHA-256）", digest],
                [
                    "结论",
                    f"共 {len(results)} 条规则：通过 {counts[PASSED]}，警告 {counts[WARNING]}，"
                    f"错误 {counts[ERROR]}，未适用 {counts[NOT_APPLICABLE]}"
                    + ("。尚有错误，报告不得作为正式报告印发或公开" if counts[ERROR] else ""),
                ],
            ],
            [34 * mm, WIDTH - 34 * mm],
            header=False,
        ),
        sheet.para(
            "数据指纹按报告内容（基本信息、表格数字、正文、核实说明）计算，与报送文件封印所用的指纹相同；"
            "内容有任何改动，指纹即不同。",
            size=8.5,
            after=8,
        ),
        sheet.para("一、规则检查结果", Role.HEADING1, 12, after=4),
        sheet.table(
            [["规则", "检查内容", "结果", "说明"]]
            + [[r.rule, r.checks, r.result, _result_note(r, previous_title)] for r in results],
            [30 * mm, WIDTH - 30 * mm - 14 * mm - 44 * mm, 14 * mm, 44 * mm],
        ),
        Spacer(1, 8),
    ]
    findings = [i for r in results for i in r.issues if i.severity is not Severity.INFO]
    story.append(sheet.para("二、警告、错误及核实说明", Role.HEADING1, 12, after=4))
    if findings:
        rows = [["规则", "位置与问题", "结果", "核实说明"]]
        for issue in findings:
            note = issue.explanation if issue.explained else ""
            if issue.severity is Severity.WARNING and not issue.explained:
                note = "（未填写核实说明）"
            elif issue.severity is Severity.ERROR:
                note = "（错误须改正，不能以说明代替）"
            rows.append([issue.rule, issue.message, issue.severity.label, note or ""])
        story.append(sheet.table(rows, [30 * mm, WIDTH - 30 * mm - 14 * mm - 50 * mm, 14 * mm, 50 * mm]))
    else:
        story.append(sheet.para("没有警告或错误。"))
    story += [Spacer(1, 8), sheet.para("三、跨年度检查", Role.HEADING1, 12, after=4)]
    cross = [r for r in results if r.cross_year]
    if previous is not None:
        story.append(sheet.para(f"对照上一年度报告：{last}", after=4))
    else:
        story.append(sheet.para(f"{last}。以下规则均未适用。", after=4))
    story.append(
        sheet.table(
            [["规则", "检查内容", "结果"]] + [[r.rule, r.checks, r.result] for r in cross],
            [30 * mm, WIDTH - 30 * mm - 14 * mm, 14 * mm],
        )
    )

    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=f"{doc.title} 审核报告",
        author=doc.meta.get("agency", ""),
        subject=digest,
        creator=f"{APP_NAME} {__version__}",
        initialFontName=fonts.face(Role.BODY).name,
    )
    frame = Frame(MARGIN, MARGIN + 6 * mm, WIDTH, A4[1] - 2 * MARGIN - 6 * mm, id="audit")

    def footer(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(fonts.face(Role.FOLIO).name, 8)
        canvas.drawString(MARGIN, MARGIN, f"{doc.title} 审核报告 · SHA-256 {digest[:16]}…")
        canvas.drawRightString(A4[0] - MARGIN, MARGIN, f"第 {canvas.getPageNumber()} 页")
        canvas.restoreState()

    template.addPageTemplates([PageTemplate("audit", [frame], onPage=footer)])
    template.build(story)
    return buffer.getvalue()
