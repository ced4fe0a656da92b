"""Start next year's report from last year's: metadata, carry-over, stock suggestions, the link back (Qt-free)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PureWindowsPath

from app.document import ReportDocument
from app.errors import UserError
from app.numbers import format_decimal
from app.persistence import ProjectError, load
from app.rules.cross_year import expected_stock
from app.rules.unread import unread_inputs
from app.spec.compare import changed_column_sections
from app.spec.model import ReportSpec
from app.spec.params import CarryOver, P, StockFlow
from app.values import CellValue


@dataclass(frozen=True, slots=True)
class Prefill:
    """A cell filled from last year's report: ``ref`` ← ``source_ref`` of last year (value ``value``)."""

    ref: str
    source_ref: str
    value: CellValue
    location: str
    source_location: str

    def describe(self) -> str:
        shown = format_decimal(self.value) if isinstance(self.value, Decimal) else "空白"
        return f"{self.location} = {shown}（上年度 {self.source_location}）"


@dataclass(frozen=True, slots=True)
class StockSuggestion:
    """表二 现行有效件数 as last year's 现行有效 + 本年制发 − 本年废止, for the clerk to confirm."""

    ref: str
    value: Decimal
    previous_stock: Decimal
    issued: Decimal
    repealed: Decimal
    location: str
    current: CellValue

    @property
    def differs(self) -> bool:
        return self.current != self.value

    def describe(self) -> str:
        return (
            f"{self.location}：建议{format_decimal(self.value)}件（上年度现行有效{format_decimal(self.previous_stock)}件"
            f" + 本年制发{format_decimal(self.issued)}件 − 本年废止{format_decimal(self.repealed)}件）"
        )


@dataclass
class NextYear:
    """The new project and what was prefilled or is offered."""

    document: ReportDocument
    prefilled: list[Prefill] = field(default_factory=list)
    suggestions: list[StockSuggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _declared(spec: ReportSpec, cls: type[P]) -> list[P]:
    """The parameters of every rule of ``spec`` whose kind takes ``cls`` (X-CARRY: CarryOver, X-STOCK: StockFlow)."""
    return [r.params for r in spec.rules if isinstance(r.params, cls)]


def carry_over(doc: ReportDocument, previous: ReportDocument) -> list[Prefill]:
    """The cells X-CARRY compares (二、上年结转 ← last year's 四、结转下年度继续办理), column by column
    (input cells only); nothing when the edition declares no such rule."""
    out = []
    for p in _declared(doc.spec, CarryOver):
        out.extend(_carry(doc, previous, p))
    return out


def _carry(doc: ReportDocument, previous: ReportDocument, p: CarryOver) -> list[Prefill]:
    out: list[Prefill] = []
    blk = doc.spec.block(p.block)
    if p.block not in {b.id for b in previous.spec.blocks}:
        return out
    prev_blk = previous.spec.block(p.block)
    for col in blk.columns:
        ref = blk.ref(p.row, col.id)
        source = prev_blk.ref(p.previous_row, col.id)
        if doc.spec.cells[ref].computed or source not in previous.spec.cells:
            continue  # 总计 follows from the parts
        out.append(
            Prefill(
                ref,
                source,
                previous.value(source),
                doc.spec.cells[ref].location,
                previous.spec.cells[source].location,
            )
        )
    return out


def stock_suggestions(doc: ReportDocument, previous: ReportDocument) -> list[StockSuggestion]:
    """Suggested stocks (现行有效件数 of 规章 and 行政规范性文件) for the rows X-STOCK declares, from this
    year's current 制发/废止 entries.

    Call again whenever 本年制发件数 or 本年废止件数 change; nothing is written to the document.
    Empty when either report lacks these columns (the 2019 edition counts differently).
    """
    out: list[StockSuggestion] = []
    for p in _declared(doc.spec, StockFlow):
        for row in p.rows:
            figures = expected_stock(doc, previous, p, row)
            if figures is None:
                continue
            last, issued, repealed, value = figures
            if value < 0:
                continue  # inconsistent entries: nothing sensible to offer
            blk = doc.spec.block(p.block)
            ref = blk.ref(row, p.stock)
            if unread_inputs(previous, (ref,)) or unread_inputs(doc, (blk.ref(row, p.added), blk.ref(row, p.removed))):
                continue  # a cell an import could not read counts as 0: the sum would be wrong
            info = doc.spec.cells[ref]
            out.append(StockSuggestion(ref, value, last, issued, repealed, info.location, doc.value(ref)))
    return out


def accept_suggestions(doc: ReportDocument, suggestions: list[StockSuggestion]) -> None:
    """Write confirmed suggestions into the document."""
    doc.apply({s.ref: s.value for s in suggestions})


def relative_link(previous_path: str | os.PathLike[str], new_path: str | os.PathLike[str] | None) -> str:
    """How the new project remembers last year's file: relative to the new file's folder when possible."""
    target = Path(previous_path).resolve()
    if new_path is None:
        return str(target)
    try:
        relative = os.path.relpath(target, Path(new_path).resolve().parent)
    except ValueError:  # another drive on Windows
        return str(target)
    # a folder of yearly reports moves as a whole; far-away files are remembered absolutely.
    # Written with "/" so that the file opens the same on Windows and elsewhere.
    return Path(relative).as_posix() if Path(relative).parts[:2].count("..") < 2 else str(target)


def resolve_link(doc: ReportDocument, project_path: str | os.PathLike[str] | None) -> Path | None:
    """The absolute path of the linked previous project (relative links are relative to the project's folder)."""
    if not doc.previous_project:
        return None
    text = doc.previous_project
    if os.sep == "/" and "\\" in text and not PureWindowsPath(text).drive:
        text = text.replace("\\", "/")  # a relative link written on Windows ("..\\2023\\年报.json")
    link = Path(text)
    if not link.is_absolute() and project_path is not None:
        link = Path(project_path).resolve().parent / link
    return link


def load_previous(
    doc: ReportDocument, project_path: str | os.PathLike[str] | None
) -> tuple[ReportDocument | None, str]:
    """Last year's project if linked and readable; otherwise None and the reason (empty when not linked)."""
    link = resolve_link(doc, project_path)
    if link is None:
        return None, ""
    try:
        return load(link), ""
    except ProjectError as exc:
        return None, f"上年度报告“{doc.previous_project}”无法打开（{exc}），跨年度检查未进行"


def next_year(
    previous: ReportDocument,
    previous_path: str | os.PathLike[str] | None = None,
    new_path: str | os.PathLike[str] | None = None,
) -> NextYear:
    """A new project for the year after ``previous``.

    Copies the agency metadata; fills 二、上年结转 from last year's 四、结转下年度继续办理; offers the
    现行有效件数 suggestions (not written); leaves the narrative empty (see ``reference_texts``); links
    back to ``previous_path``.
    """
    year = (previous.year or 0) + 1
    if previous.year is None:
        raise UserError("上年度报告没有填写报告年度，无法确定新报告的年度")
    doc = ReportDocument.new(previous.meta.get("agency", ""), year)
    for item in doc.spec.metadata:
        if item.carried and item.id in previous.meta:
            doc.meta[item.id] = previous.meta[item.id]
    doc.fee_decimals = previous.fee_decimals
    if previous_path is not None:
        doc.previous_project = relative_link(previous_path, new_path)
    result = NextYear(doc)
    result.prefilled = carry_over(doc, previous)
    doc.apply({p.ref: p.value for p in result.prefilled})
    result.suggestions = stock_suggestions(doc, previous)
    if previous.spec.edition != doc.spec.edition:
        tables = "、".join(f"表{s.number}" for s in changed_column_sections(previous.spec, doc.spec))
        changed = f"，{tables}栏目不同，未带入{tables}数据" if tables else ""
        result.notes.append(f"上年度报告使用{previous.spec.name}，{year}年度使用{doc.spec.name}{changed}")
    return result


def reference_texts(doc: ReportDocument, previous: ReportDocument) -> dict[str, str]:
    """Last year's narrative per text field of ``doc`` (same field ids in every edition), for display only."""
    out = {fid: previous.texts.get(fid, "") for fid in doc.spec.text_fields}
    out["preamble"] = previous.meta.get("preamble", "")
    return out
