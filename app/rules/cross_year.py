"""Cross-year rules (X-CARRY, X-STOCK, X-SIMILAR, X-SAME-DATA) and the edition checks FMT-T3-ROWSET, STR-LABELS."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from app.document import ReportDocument
from app.labels import is_cosmetic
from app.numbers import format_decimal
from app.rules.issues import Issue
from app.rules.kinds import CROSS_YEAR_KINDS, CrossYearCheck, kind
from app.rules.unread import cannot_check_years
from app.spec import edition_for_year, load_spec
from app.spec.compare import regroup_hint, table_differences
from app.spec.model import ReportSpec, RuleSpec, Severity
from app.spec.params import CarryOver, NarrativeSimilarity, StockFlow
from app.values import CellValue


def cross_year_kind(name: str) -> Callable[[CrossYearCheck], CrossYearCheck]:
    def register(func: CrossYearCheck) -> CrossYearCheck:
        CROSS_YEAR_KINDS[name] = func
        return func

    return register


def _year_label(doc: ReportDocument) -> str:
    return f"{doc.year}年度" if doc.year else "上年度"


def _show(value: CellValue) -> str:
    if isinstance(value, Decimal):
        return format_decimal(value)
    return "空白" if value is None else str(value)


def _years_apart(doc: ReportDocument, previous: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """A warning when the given previous report is not for the year before (then nothing is compared)."""
    if doc.year is None or previous.year is None or previous.year == doc.year - 1:
        return []
    loc = "基本信息 · 上年度报告"
    return [
        Issue(
            rule.id,
            Severity.WARNING,
            f"{loc}：所选的上年度报告是{previous.year}年度的，本报告是{doc.year}年度，应选{doc.year - 1}年度的报告；"
            "跨年度检查未进行",
            ("meta.year",),
            "meta",
            loc,
            f"{rule.id}@year",
        )
    ]


# --------------------------------------------------------------------------- X-CARRY
@cross_year_kind("carry_over")
def carry_over(doc: ReportDocument, previous: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """X-CARRY: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    apart = _years_apart(doc, previous, rule)
    if apart:
        return apart
    p = rule.args(CarryOver)
    blk = doc.spec.block(p.block)
    prev_blk = previous.spec.block(p.block)
    issues = []
    mismatched_parts = False
    unread_parts = False
    for col in blk.columns:
        ref = blk.ref(p.row, col.id)
        prev_ref = prev_blk.ref(p.previous_row, col.id)
        if prev_ref not in previous.spec.cells:
            continue
        info = doc.spec.cells[ref]
        if info.computed and mismatched_parts:
            continue  # the parts already say it
        loc = f"表{info.section.number} · {col.display_name}列"
        unread = cannot_check_years(
            doc,
            previous,
            rule.id,
            (ref,),
            (prev_ref,),
            info.section.id,
            loc,
            f"{rule.id}@{col.id}",
            "与上年度报告结转数的核对",
        )
        if unread is not None:
            if not (info.computed and unread_parts):  # a total's note would repeat its parts' notes
                issues.append(unread)
            unread_parts = unread_parts or not info.computed
            continue
        this, last = doc.number(ref), previous.number(prev_ref)
        if this == last:
            continue
        mismatched_parts = mismatched_parts or not info.computed
        issues.append(
            Issue(
                rule.id,
                rule.severity,
                f"{loc}：本年“{blk.row(p.row).label}”为{format_decimal(this)}件，"
                f"{_year_label(previous)}报告“{prev_blk.row(p.previous_row).label}”为{format_decimal(last)}件，"
                f"相差{format_decimal(abs(this - last))}件。{rule.message}",
                (ref,),
                info.section.id,
                loc,
                f"{rule.id}@{col.id}",
                this,
                last,
            )
        )
    return issues


# --------------------------------------------------------------------------- X-STOCK
def expected_stock(
    doc: ReportDocument, previous: ReportDocument, p: StockFlow, row_id: str
) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """(last year's stock, added, removed, expected stock) of one row; None when last year counted otherwise.

    The one place of the stock arithmetic: X-STOCK checks it, next year's report offers it (app/yearly.py).
    """
    blk = doc.spec.block(p.block)
    stock_ref = blk.ref(row_id, p.stock)
    if stock_ref not in previous.spec.cells:
        return None  # last year used another edition, which counts differently
    last = previous.number(stock_ref)
    added = doc.number(blk.ref(row_id, p.added))
    removed = doc.number(blk.ref(row_id, p.removed))
    return last, added, removed, last + added - removed


@cross_year_kind("stock_flow")
def stock_flow(doc: ReportDocument, previous: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """X-STOCK: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (per row)."""
    if _years_apart(doc, previous, rule):
        return []  # X-CARRY already says so
    p = rule.args(StockFlow)
    blk = doc.spec.block(p.block)
    issues = []
    for row_id in p.rows:
        stock_ref = blk.ref(row_id, p.stock)
        figures = expected_stock(doc, previous, p, row_id)
        if figures is None:
            continue
        last, added, removed, expected = figures
        info = doc.spec.cells[stock_ref]
        flow = (stock_ref, blk.ref(row_id, p.added), blk.ref(row_id, p.removed))
        unread = cannot_check_years(
            doc,
            previous,
            rule.id,
            flow,
            (stock_ref,),
            info.section.id,
            info.location,
            f"{rule.id}@{row_id}",
            "现行有效件数的跨年度核对",
        )
        if unread is not None:
            issues.append(unread)
            continue
        this = doc.number(stock_ref)
        if this == expected:
            continue
        issues.append(
            Issue(
                rule.id,
                rule.severity,
                f"{info.location}：本年现行有效{format_decimal(this)}件，而{_year_label(previous)}现行有效"
                f"{format_decimal(last)}件 + 本年制发{format_decimal(added)}件 − 本年废止{format_decimal(removed)}件 = "
                f"{format_decimal(expected)}件，相差{format_decimal(abs(this - expected))}件。{rule.message}",
                flow,
                info.section.id,
                info.location,
                f"{rule.id}@{row_id}",
                this,
                expected,
            )
        )
    return issues


# --------------------------------------------------------------------------- X-SIMILAR
def _shingles(text: str, size: int) -> set[str]:
    """Character n-grams of the text without spaces and punctuation; digits count as one symbol,
    so that a report copied with only the year and the numbers changed is still recognised."""
    text = re.sub(r"\d+", "0", re.sub(r"[\s，。、；：,.;:“”‘’（）()《》!！?？]", "", text))
    return {text[i : i + size] for i in range(max(0, len(text) - size + 1))}


def shared_share(this: str, last: str, size: int = 8) -> float:
    """The share (0…1) of this year's text that also appears in last year's."""
    mine = _shingles(this, size)
    if not mine:
        return 0.0
    return len(mine & _shingles(last, size)) / len(mine)


@cross_year_kind("narrative_similarity")
def narrative_similarity(doc: ReportDocument, previous: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """X-SIMILAR: more than ``threshold`` of the narrative is the same as last year's."""
    if _years_apart(doc, previous, rule):
        return []
    p = rule.args(NarrativeSimilarity)
    threshold = p.threshold
    this_all = "\n".join(doc.texts.get(f, "") for f in doc.spec.text_fields)
    last_all = "\n".join(previous.texts.get(f, "") for f in previous.spec.text_fields)
    if len(re.sub(r"\s", "", this_all)) < p.min_chars:
        return []
    share = shared_share(this_all, last_all)
    if share <= threshold:
        return []
    details = []
    for fid, fld in doc.spec.text_fields.items():
        text = doc.texts.get(fid, "")
        if len(text) < 20:
            continue
        part = shared_share(text, previous.texts.get(fid, ""))
        if part > threshold:
            sec = doc.spec.section(fld.section_id)
            name = f"{sec.number}{fld.title}" if fld.heading else sec.heading
            details.append(f"{name} {round(part * 100)}%")
    loc = "正文"
    return [
        Issue(
            rule.id,
            rule.severity,
            f"{loc}：本报告正文约{round(share * 100)}%与{_year_label(previous)}报告相同"
            f"（超过{round(threshold * 100)}%）"
            + (f"，其中{'，'.join(details)}" if details else "")
            + f"。{rule.message}",
            tuple(f"text.{f}" for f in doc.spec.text_fields),
            doc.spec.sections[0].id,
            loc,
            f"{rule.id}@text",
        )
    ]


# --------------------------------------------------------------------------- X-SAME-DATA
@cross_year_kind("same_data")
def same_data(doc: ReportDocument, previous: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """X-SAME-DATA: every table value equals last year's, and they are not all zero."""
    if _years_apart(doc, previous, rule):
        return []
    common = [ref for ref in doc.spec.cells if ref in previous.spec.cells]
    if not common:
        return []
    if any(doc.value(ref) != previous.value(ref) for ref in common):
        return []
    nonzero = [ref for ref in common if doc.number(ref) != 0]
    if not nonzero:
        return []
    loc = "表二至表四"
    sample = "，".join(f"{doc.spec.cells[r].location} {_show(doc.value(r))}" for r in nonzero[:3])
    return [
        Issue(
            rule.id,
            rule.severity,
            f"{loc}：全部{len(common)}个数字与{_year_label(previous)}报告完全相同（如{sample}）。{rule.message}",
            tuple(nonzero),
            doc.spec.cells[nonzero[0]].section.id,
            loc,
            f"{rule.id}@tables",
        )
    ]


# --------------------------------------------------------------------------- FMT-T3-ROWSET
def _differences(have: ReportSpec, need: ReportSpec) -> str:
    notes = table_differences(have, need)
    return "：" + "，".join(notes) if notes else ""


def _foreign_summary(doc: ReportDocument) -> dict[tuple[str, str, str], list[str]]:
    """Foreign cells grouped by (edition, block, row) → "自然人 3" parts."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for key, value in doc.foreign_cells.items():
        edition, _, ref = key.partition(":")
        info = load_spec(edition).cells[ref]
        groups.setdefault((edition, info.block.id, info.row.id), []).append(
            f"{info.column.display_name} {_show(value)}"
        )
    return groups


@kind("edition_rowset")
def edition_rowset(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """FMT-T3-ROWSET: the rows and columns are those of the edition the report year requires."""
    issues = []
    year = doc.year
    if year is not None and doc.spec.accepts_year(year):
        required = edition_for_year(year)
        if required != doc.spec.edition:
            need = load_spec(required)
            loc = "基本信息 · 报告年度"
            issues.append(
                Issue(
                    rule.id,
                    rule.severity,
                    f"{loc}：{year}年度的报告应使用{need.name}（{required}版）的表格，本报告使用的是{doc.spec.name}"
                    f"（{doc.spec.edition}版）的行列{_differences(doc.spec, need)}。{rule.message}",
                    ("meta.year",),
                    "meta",
                    loc,
                    f"{rule.id}@edition",
                )
            )
    for (edition, block_id, row_id), parts in _foreign_summary(doc).items():
        other = load_spec(edition)
        blk = other.block(block_id)
        row = blk.row(row_id)
        sec = other.section(blk.section_id)
        loc = f"表{sec.number}" + (f" · {blk.title}" if blk.title else "") + f" · {row.display_name}"
        refs = tuple(
            f"{edition}:{blk.ref(row_id, c.id)}"
            for c in blk.columns
            if f"{edition}:{blk.ref(row_id, c.id)}" in doc.foreign_cells
        )
        issues.append(
            Issue(
                rule.id,
                rule.severity,
                f"{loc}：这是{other.name}（{edition}版）的行列，{doc.year or '本'}年度报告应使用{doc.spec.name}；"
                f"原文数字（{'，'.join(parts)}）已保留，但未计入本表。{regroup_hint(other, block_id, row_id, doc.spec)}"
                f"{rule.message}",
                refs,
                sec.id,
                loc,
                f"{rule.id}@{edition}:{block_id}.{row_id}",
            )
        )
    return issues


# --------------------------------------------------------------------------- STR-LABELS
@kind("official_labels")
def official_labels(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """STR-LABELS: labels printed in an imported source equal the official wording."""
    spec = doc.spec
    issues = []
    for key, printed in doc.source_labels.items():
        what, _, ident = key.partition(":")
        block_id, _, item = ident.partition(".")
        refs: tuple[str, ...] = ()
        if what == "section":
            sec = spec.section(ident)
            official, loc, section = sec.heading, sec.heading, sec.id
        elif what == "block":
            blk = spec.block(ident)
            official, section = blk.title, blk.section_id
            loc = f"表{spec.section(section).number} · {blk.title}"
        else:
            blk = spec.block(block_id)
            section = blk.section_id
            number = spec.section(section).number
            if what == "row":
                row = blk.row(item)
                official, loc = row.label, f"表{number} · {row.display_name}"
                refs = tuple(blk.ref(item, c.id) for c in blk.columns)
            else:
                col = blk.column(item)
                official, loc = col.label, f"表{number} · {col.display_name}列"
                refs = tuple(blk.ref(r.id, item) for r in blk.rows)
        if is_cosmetic(printed, official):
            continue
        issues.append(
            Issue(
                rule.id,
                rule.severity,
                f"{loc}：原文写作“{printed}”，官方格式为“{official}”。{rule.message}",
                refs,
                section,
                loc,
                f"{rule.id}@{key}",
            )
        )
    return issues
