"""The rule kinds: the code behind each `kind` a format declaration may use (Qt-free)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache

from app.document import ReportDocument, formulas_for
from app.numbers import format_decimal
from app.rules.issues import Issue, sides_text
from app.rules.unread import cannot_check, unread_inputs
from app.spec.model import Block, ReportSpec, RuleSpec, Severity
from app.spec.params import (
    ColumnBalance,
    ColumnNotGreater,
    FeeNotice,
    FieldKeywords,
    FieldsRequired,
    NarrativeNumbers,
    NoApplicationStatement,
    Placeholders,
    ProblemsAndImprovements,
)

RuleCheck = Callable[[ReportDocument, RuleSpec], list[Issue]]
CrossYearCheck = Callable[[ReportDocument, ReportDocument, RuleSpec], list[Issue]]
KINDS: dict[str, RuleCheck] = {}
# Rules comparing this year's report with last year's: called as check(doc, previous, rule).
CROSS_YEAR_KINDS: dict[str, CrossYearCheck] = {}


def kind(name: str) -> Callable[[RuleCheck], RuleCheck]:
    def register(func: RuleCheck) -> RuleCheck:
        KINDS[name] = func
        return func

    return register


# --------------------------------------------------------------------------- helpers
def _field_location(spec: ReportSpec, field_id: str) -> tuple[str, str]:
    fld = spec.text_fields[field_id]
    sec = spec.section(fld.section_id)
    loc = sec.heading if not fld.heading else f"{sec.heading} · {fld.title}"
    return sec.id, loc


def _text_issue(doc: ReportDocument, rule: RuleSpec, field_id: str, message: str) -> Issue:
    section, loc = _field_location(doc.spec, field_id)
    return Issue(
        rule.id,
        rule.severity,
        f"{loc}：{message}",
        (f"text.{field_id}",),
        section,
        loc,
        f"{rule.id}@{field_id}",
    )


def _column_location(spec: ReportSpec, blk: Block, column_id: str) -> str:
    number = spec.section(blk.section_id).number
    return f"表{number} · {blk.column(column_id).display_name}列"


def _number(text: str) -> Decimal:
    """A count as quoted in a narrative, thousands separators dropped ("3,119", "3，119", "3 119")."""
    return Decimal(re.sub(r"\D", "", text))


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


# --------------------------------------------------------------------------- computed totals
def check_computed(doc: ReportDocument) -> list[Issue]:
    """T3-ROW-TOTAL, T3-RESULT-SUM, T4-SUM: a stated total must equal the sum of its parts."""
    spec = doc.spec
    formulas = formulas_for(spec)
    totals = doc.totals()
    issues = []
    for target, defs in formulas.by_target.items():
        stated = doc.stated.get(target)
        for index, formula in enumerate(defs):
            if index == 0 and stated is None:
                continue  # the defining formula of a computed value holds by construction
            info = spec.cells[target]
            unread = cannot_check(
                doc,
                formula.rule,
                (target, *formula.parts),
                info.section.id,
                info.location,
                f"{formula.rule}@{target}",
                "合计与各项之和的核对",
            )
            if unread is not None:
                issues.append(unread)
                continue
            value = doc.number(target)
            parts_sum = totals[target] if index == 0 else sum((doc.number(p) for p in formula.parts), Decimal(0))
            if value == parts_sum:
                continue
            first = spec.cells[formula.parts[0]]
            last = spec.cells[formula.parts[-1]]
            if info.row.id == first.row.id:  # a row total: the parts are columns
                name = info.column.display_name
                parts_name = f"{first.column.display_name}至{last.column.display_name}各栏"
            else:
                name = info.row.display_name
                parts_name = f"{first.row.display_name}至{last.row.display_name}各项"
            message = f"{info.location}：{name}应等于{parts_name}之和。" + sides_text(
                "填报值", value, "各项之和", parts_sum
            )
            issues.append(
                Issue(
                    formula.rule,
                    spec.computed_severity.get(formula.rule, Severity.ERROR),
                    message,
                    (target, *formula.parts),
                    info.section.id,
                    info.location,
                    f"{formula.rule}@{target}",
                    value,
                    parts_sum,
                )
            )
    return issues


# --------------------------------------------------------------------------- table rules
@kind("column_balance")
def column_balance(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """T3-BAL: per column, the sum of the left rows equals the sum of the right rows."""
    p = rule.args(ColumnBalance)
    blk = doc.spec.block(p.block)
    sides: dict[str, tuple[list[str], list[str], Decimal, Decimal]] = {}
    for col in blk.columns:
        left_refs = [blk.ref(r, col.id) for r in p.left]
        right_refs = [blk.ref(r, col.id) for r in p.right]
        left = sum((doc.number(r) for r in left_refs), Decimal(0))
        right = sum((doc.number(r) for r in right_refs), Decimal(0))
        sides[col.id] = (left_refs, right_refs, left, right)
    # A total column fails exactly when its parts do; report it only when it adds something.
    implied = {
        comp.target_column: sum((sides[c][2] - sides[c][3] for c in comp.columns), Decimal(0))
        for comp in blk.computed
        if comp.target_column
    }
    issues = []
    unread_columns = set()
    for col in blk.columns:
        left_refs, right_refs, left, right = sides[col.id]
        loc = _column_location(doc.spec, blk, col.id)
        unread = cannot_check(
            doc, rule.id, (*left_refs, *right_refs), blk.section_id, loc, f"{rule.id}@{col.id}", "本列勾稽关系"
        )
        if unread is not None:
            unread_columns.add(col.id)
            # a total column's note would repeat its parts' notes
            if not any(c.target_column == col.id and unread_columns & set(c.columns) for c in blk.computed):
                issues.append(unread)
            continue
        if left != right and implied.get(col.id) != left - right:
            loc = _column_location(doc.spec, blk, col.id)
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{loc}：{rule.message}。" + sides_text(p.left_label, left, p.right_label, right),
                    (*left_refs, *right_refs),
                    blk.section_id,
                    loc,
                    f"{rule.id}@{col.id}",
                    left,
                    right,
                )
            )
    return issues


@kind("column_not_greater")
def column_not_greater(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """T3-CARRY-PLAUS: in each entered column, ``row`` ≤ ``limit_row``."""
    p = rule.args(ColumnNotGreater)
    blk = doc.spec.block(p.block)
    issues = []
    for col in blk.columns:
        ref, limit_ref = blk.ref(p.row, col.id), blk.ref(p.limit_row, col.id)
        if doc.spec.cells[ref].computed:
            continue  # the parts already say it
        loc = _column_location(doc.spec, blk, col.id)
        unread = cannot_check(doc, rule.id, (ref, limit_ref), blk.section_id, loc, f"{rule.id}@{col.id}", "本项核对")
        if unread is not None:
            issues.append(unread)
            continue
        value, limit = doc.number(ref), doc.number(limit_ref)
        if value > limit:
            row, lrow = blk.row(p.row), blk.row(p.limit_row)
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{loc}：{rule.message}。" + sides_text(row.short_name, value, lrow.short_name, limit),
                    (ref, limit_ref),
                    blk.section_id,
                    loc,
                    f"{rule.id}@{col.id}",
                    value,
                    limit,
                )
            )
    return issues


@kind("integer_cells")
def integer_cells(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """NUM-INT: every count is a whole number ≥ 0 (catches imported or hand-edited values)."""
    issues = []
    for ref, info in doc.spec.cells.items():
        if not info.block.value_type.is_integer:
            continue
        value = doc.cells.get(ref) if not info.computed else doc.stated.get(ref)
        negative = value < 0 and not info.block.value_type.signed if isinstance(value, Decimal) else False
        if isinstance(value, Decimal) and (negative or value != value.to_integral_value()):
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{info.location}：{rule.message}，现为{format_decimal(value)}",
                    (ref,),
                    info.section.id,
                    info.location,
                    f"{rule.id}@{ref}",
                )
            )
    return issues


@kind("no_blank")
def no_blank(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """NUM-NO-BLANK: one issue per block listing its blank cells (so blanks do not drown the rest)."""
    issues = []
    for blk in doc.spec.blocks:
        blanks = [
            ref
            for ref, info in doc.spec.cells.items()
            if info.block is blk and not info.computed and doc.cells.get(ref) is None
        ]
        issues.extend(_blank_totals(doc, rule, blk))
        # A cell the import could not read is blank here, not in the source: it is said so, apart.
        unread = [ref for ref in blanks if ref in doc.unread]
        for refs, says, key in (
            ([ref for ref in blanks if ref not in doc.unread], f"未填写：{rule.message}", ""),
            (unread, "导入时未能读取，现为空白：请对照原文填写", ":unread"),
        ):
            if not refs:
                continue
            first = doc.spec.cells[refs[0]]
            loc = f"表{first.section.number}" + (f" · {blk.title}" if blk.title else "")
            where = first.location if len(refs) == 1 else f"{first.location} 等{len(refs)}个单元格"
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{where}{says}",
                    tuple(refs),
                    blk.section_id,
                    loc,
                    f"{rule.id}@{blk.id}{key}",
                )
            )
    return issues


def _blank_totals(doc: ReportDocument, rule: RuleSpec, blk: Block) -> list[Issue]:
    """The totals of ``blk`` an imported source printed blank: a defect of the published report; once the
    clerk adopted their computed sums (采用计算值), an info that keeps it on record."""
    issues = []
    for marks, severity, key, says in (
        (
            doc.blank_totals,
            rule.severity,
            "totals",
            f"现按各项之和计算）：{rule.message}；核对各项无误后可选择“采用计算值”",
        ),
        (doc.adopted_totals, Severity.INFO, "adopted", "已采用计算值，即各项之和）"),
    ):
        refs = [ref for ref in doc.spec.cells if ref in marks and doc.spec.cells[ref].block is blk]
        if not refs:
            continue
        first = doc.spec.cells[refs[0]]
        where = first.location if len(refs) == 1 else f"{first.location} 等{len(refs)}个合计"
        loc = f"表{first.section.number}" + (f" · {blk.title}" if blk.title else "")
        issues.append(
            Issue(
                rule.id,
                severity,
                f"{where}在导入的原文中为空白（{says}",
                tuple(refs),
                blk.section_id,
                loc,
                f"{rule.id}@{blk.id}:{key}",
            )
        )
    return issues


@kind("fee_cells")
def fee_cells(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """NUM-FEE: a fee in 万元 is ≥ 0, has at most the configured decimals and a plausible size."""
    issues = []
    for ref, info in doc.spec.cells.items():
        vtype = info.block.value_type
        value = doc.value(ref)
        if vtype.is_integer or not isinstance(value, Decimal):
            continue
        problem = ""
        exponent = value.normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and value else 0
        if value < 0:
            problem = f"{rule.message}，现为{format_decimal(value)}"
        elif decimals > doc.fee_decimals:
            problem = (
                f"填写了{decimals}位小数，本项目设定保留{doc.fee_decimals}位小数"
                f"（单位：{vtype.unit}），现为{format_decimal(value)}"
            )
        elif vtype.plausible_max is not None and value >= vtype.plausible_max:
            problem = f"金额{format_decimal(value)}{vtype.unit}偏大，请确认是否误按“元”填写（1万元=10000元）"
        if problem:
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{info.location}：{problem}",
                    (ref,),
                    info.section.id,
                    info.location,
                    f"{rule.id}@{ref}",
                )
            )
    return issues


# --------------------------------------------------------------------------- narrative rules
@kind("fee_notice")
def fee_notice(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """FEE-NOTICE: unpaid fee notices in 三（六）2 imply section 六 reports the 信息处理费."""
    p = rule.args(FeeNotice)
    count = doc.number(p.cell)
    if _mentions(doc.texts.get(p.field, ""), p.keywords):
        return []
    # Unread cells count as 0, so they can only hide notices: a count read as positive stands.
    unread = unread_inputs(doc, (p.cell,))
    if unread and count == 0:
        section, loc = _field_location(doc.spec, p.field)
        note = cannot_check(
            doc, rule.id, (p.cell,), section, loc, f"{rule.id}@{p.field}", "表三（六）2 与第六部分信息处理费的核对"
        )
        return [note] if note is not None else []
    if count > 0:
        amount = f"至少{count}件" if unread else f"= {count}件"
        issue = _text_issue(doc, rule, p.field, f"{rule.message}（表三（六）2 {amount}）")
        return [
            Issue(
                issue.rule,
                issue.severity,
                issue.message,
                (*issue.refs, p.cell),
                issue.section,
                issue.location,
                issue.key,
            )
        ]
    return []


@kind("sections_present")
def sections_present(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """STR-SECTIONS: every narrative section has some text."""
    issues = []
    for sec in doc.spec.sections:
        if sec.kind != "text":
            continue
        if not any(doc.texts.get(f.id, "").strip() for f in sec.fields):
            # the first required field (an edition may mark none required: then the first one)
            first = next((f for f in sec.fields if f.required), sec.fields[0])
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{sec.heading}：{rule.message}",
                    (f"text.{first.id}",),
                    sec.id,
                    sec.heading,
                    f"{rule.id}@{sec.id}",
                )
            )
    return issues


@kind("fields_required")
def fields_required(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-01: each official topic of 一 has its own text."""
    spec = doc.spec
    issues = []
    for fid in rule.args(FieldsRequired).fields:
        if not doc.texts.get(fid, "").strip():
            sec = spec.section(spec.text_fields[fid].section_id)
            if not any(doc.texts.get(f.id, "").strip() for f in sec.fields):
                continue  # the whole section is empty: STR-SECTIONS already says so
            title = spec.text_fields[fid].title
            issues.append(_text_issue(doc, rule, fid, f"“{title}”尚未填写。{rule.message}"))
    return issues


@kind("government_supervision")
def government_supervision(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-02: a people's government reports 考核、评议、责任追究 results under 监督保障."""
    p = rule.args(FieldKeywords)
    is_government = doc.meta.get("agency_type") == "人民政府" or doc.meta.get("scope") == "本级政府汇总"
    text = doc.texts.get(p.field, "")
    if not is_government or not text.strip():
        return []
    missing = [w for w in p.keywords if w not in text]
    if missing:
        return [_text_issue(doc, rule, p.field, f"{rule.message}；未见“{'、'.join(missing)}”")]
    return []


@kind("problems_and_improvements")
def problems_and_improvements(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-03: section 五 names problems and improvements, and is not just "无"."""
    p = rule.args(ProblemsAndImprovements)
    text = doc.texts.get(p.field, "").strip()
    if not text:
        return []  # STR-SECTIONS reports the empty section
    stripped = re.sub(r"[\s。．.，,]", "", text)
    # "没有问题" / "暂无" count only when nothing else in the text names a problem: "确保准确无问题"
    # or "暂无法公开" beside real problems is not a "no problems" statement.
    rest = text
    for phrase in sorted(p.empty_phrases, key=len, reverse=True):
        rest = rest.replace(phrase, "")
    says_empty = any(ph in text for ph in p.empty_phrases[1:]) and not _mentions(rest, p.problem_keywords)
    if stripped in p.empty_phrases or says_empty:
        return [_text_issue(doc, rule, p.field, f"{rule.message}（现写作“{text[:30]}”）")]
    lacks = []
    if not _mentions(text, p.problem_keywords):
        lacks.append("存在的问题")
    if not _mentions(text, p.improvement_keywords):
        lacks.append("改进措施")
    if lacks:
        return [_text_issue(doc, rule, p.field, f"{rule.message}（未见{'和'.join(lacks)}）")]
    return []


# An amount in 万元 within the same sentence after "处理费"; group 1 is the text in between.
_FEE_IN_WAN = re.compile(r"处理费([^。；;！!？?\n]{0,20}?)\d[\d,.]*\s*万元")
_CLAUSE_BREAK = re.compile(r"[，,、：:]")
# What may open the clause holding the amount when it is not the fee's own clause ("…3件，金额0.12万元").
_AMOUNT_LEAD = re.compile(r"(?:金额|总金额|费用|共计|合计|总计|累计|共|计|收取|约|为)*")


def _amount_belongs_to_fee(between: str) -> bool:
    """Whether the text between "处理费" and an amount leaves the amount to the fee.

    Not when another fee comes in between ("未收取信息处理费，行政事业性收费96171.6万元"), nor when
    the amount opens a clause about something else ("…处理费，财政拨款96171.6万元").
    """
    if "费" in between:
        return False
    clauses = _CLAUSE_BREAK.split(between)
    return len(clauses) == 1 or _AMOUNT_LEAD.fullmatch(clauses[-1]) is not None


@kind("fee_statement")
def fee_statement(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-04: section 六 states the 信息处理费 position, in 元."""
    p = rule.args(FieldKeywords)
    text = doc.texts.get(p.field, "")
    if not text.strip():
        return []
    if not _mentions(text, p.keywords):
        return [_text_issue(doc, rule, p.field, rule.message)]
    for match in _FEE_IN_WAN.finditer(text):
        if not _amount_belongs_to_fee(match.group(1)):
            continue
        return [
            _text_issue(
                doc,
                rule,
                p.field,
                f"信息处理费金额应以元为单位（现写作“{match.group(0)}”），表二第（八）项才用万元",
            )
        ]
    return []


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@kind("narrative_numbers")
def narrative_numbers(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-05: numbers quoted in the narrative equal the table values they name."""
    specs = rule.args(NarrativeNumbers).patterns
    regexes = _compiled(tuple(s.pattern for s in specs))
    issues = []
    for fid in doc.spec.text_fields:
        text = doc.texts.get(fid, "")
        if not text:
            continue
        for pat, regex in zip(specs, regexes, strict=True):
            for match in regex.finditer(text):
                quoted = _number(match.group(1))
                section, loc = _field_location(doc.spec, fid)
                snippet = match.group(0)
                unread = cannot_check(
                    doc,
                    rule.id,
                    pat.cells,
                    section,
                    loc,
                    f"{rule.id}@{fid}:{snippet}",
                    f"正文“{snippet}”与表格的核对",
                )
                if unread is not None:
                    issues.append(unread)
                    continue
                table = sum((doc.number(r) for r in pat.cells), Decimal(0))
                if quoted == table:
                    continue
                issues.append(
                    Issue(
                        rule.id,
                        rule.severity,
                        f"{loc}：正文“{snippet}”与表格不一致。"
                        + sides_text("正文", quoted, f"表格{pat.label}", table)
                        + f"。{rule.message}",
                        (f"text.{fid}", *pat.cells),
                        section,
                        loc,
                        f"{rule.id}@{fid}:{snippet}",
                        quoted,
                        table,
                    )
                )
    return issues


def _says_none(text: str, phrases: tuple[str, ...], other_matters: tuple[str, ...]) -> bool:
    """A "none" phrase whose clause is not about another matter ("未收到…行政复议" is not about applications)."""
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            clause = re.split(r"[。；;，,！!？?\n]", text[match.end() :], maxsplit=1)[0]
            if not _mentions(clause, other_matters):
                return True
    return False


@kind("no_application_statement")
def no_application_statement(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-06: "no applications" in the text only when 表三 has none, and said when it has none."""
    p = rule.args(NoApplicationStatement)
    text = doc.texts.get(p.field, "")
    if not text.strip():
        return []
    total = sum((doc.number(r) for r in p.cells), Decimal(0))
    says_none = _says_none(text, p.none_phrases, p.other_matters)
    quotes_count = re.search(r"[1-9]\d*件", text) is not None
    # Unread cells count as 0: a total read as positive stands, but a 0 may be a real 0 or unread cells.
    unread = unread_inputs(doc, p.cells)
    if unread and total == 0 and (says_none or not quotes_count):
        section, loc = _field_location(doc.spec, p.field)
        note = cannot_check(doc, rule.id, p.cells, section, loc, f"{rule.id}@{p.field}", "正文与表三申请数的核对")
        return [note] if note is not None else []
    if total > 0 and says_none:
        amount = f"至少{format_decimal(total)}件" if unread else f"共{format_decimal(total)}件"
        return [
            _text_issue(
                doc,
                rule,
                p.field,
                f"正文称未收到或不涉及依申请公开，但表三新收与上年结转申请{amount}。" + rule.message,
            )
        ]
    if total == 0 and not says_none and not quotes_count:
        return [
            _text_issue(
                doc,
                rule,
                p.field,
                "表三本年新收和上年结转申请均为0，正文宜写明本年度未收到政府信息公开申请。" + rule.message,
            )
        ]
    return []


@kind("placeholders")
def placeholders(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """TXT-07: no template placeholder left in any text or metadata."""
    regex = re.compile("|".join(rule.args(Placeholders).patterns))
    issues = []

    def found(text: str) -> Iterator[str]:
        for m in regex.finditer(text):
            yield m.group(0)

    for fid in doc.spec.text_fields:
        hits = list(found(doc.texts.get(fid, "")))
        if hits:
            issues.append(_text_issue(doc, rule, fid, f"{rule.message}：“{hits[0]}”"))
    for meta in doc.spec.metadata:
        hits = list(found(doc.meta.get(meta.id, "")))
        if hits:
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"基本信息 · {meta.label}：{rule.message}：“{hits[0]}”",
                    (meta.ref,),
                    "meta",
                    f"基本信息 · {meta.label}",
                    f"{rule.id}@meta.{meta.id}",
                )
            )
    return issues


@kind("metadata_required")
def metadata_required(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """META-REQ: the fields the title and the edition depend on are filled and well-formed."""
    issues = []
    for meta in doc.spec.metadata:
        value = doc.meta.get(meta.id, "").strip()
        problem = ""
        if meta.required and not value:
            problem = "尚未填写"
        elif meta.kind == "year" and value and not (value.isdigit() and meta.accepts_year(int(value))):
            problem = f"“{value}”不是有效的年份"
        elif meta.kind == "year" and value and int(value) < doc.spec.first_year:
            problem = (
                f"{value}年度的报告应使用更早版本的格式，本格式（{doc.spec.name}）适用于{doc.spec.first_year}年及以后"
            )
        if problem:
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"基本信息 · {meta.label}{problem}。{rule.message}",
                    (meta.ref,),
                    "meta",
                    f"基本信息 · {meta.label}",
                    f"{rule.id}@{meta.id}",
                )
            )
    return issues
