"""Generated departments: random reports from a seed, consistent with every rule of tables 二/三/四."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from app.document import ReportDocument, formulas_for
from app.persistence import save
from app.spec import edition_for_year, load_spec
from app.spec.model import ReportSpec, ValueType
from app.spec.params import ColumnBalance, ColumnNotGreater, FeeNotice
from app.values import CellValue

# Narrative that satisfies the text rules of a 政府部门's report (no numbers, no placeholders, fee stated).
TEXTS = {
    "s1_intro": "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
    "s1_active": "本机关通过门户网站主动公开政府信息，及时发布政策文件和工作动态。",
    "s1_request": "本机关依法受理和答复政府信息公开申请，严格按照法定时限办理。",
    "s1_manage": "本机关健全政府信息发布审查机制，做好政府信息管理工作。",
    "s1_platform": "本机关持续加强政府网站和政务新媒体建设，优化公开平台。",
    "s1_supervise": "本机关加强组织领导，开展业务培训，将政务公开纳入工作考核，接受社会评议，落实责任追究。",
    "s5_main": "存在的主要问题是政策解读形式较为单一。改进措施：丰富解读形式，提升解读质量。上年度问题已整改到位。",
    "s6_main": "本年度未收取信息处理费。无其他需要报告的事项。",
}


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` non-negative integers, many of them zero (as in real reports)."""
    out = [0] * parts
    for _ in range(total):
        out[rng.randrange(parts) if rng.random() < 0.5 else 0] += 1
    return out


def input_parts(spec: ReportSpec, ref: str) -> list[str]:
    """The entered cells a cell stands for: itself, or for a declared total every entry under it."""
    formulas = formulas_for(spec).by_target
    if ref not in formulas:
        return [ref]
    return [part for inner in formulas[ref][0].parts for part in input_parts(spec, inner)]


def _free_value(rng: random.Random, value_type: ValueType, decimals: int, scale: int) -> Decimal:
    """A value no rule ties to another: a count, a signed change, or an amount with the report's decimals."""
    if not value_type.is_integer:
        if rng.random() >= 0.3:
            return Decimal(0)
        step = Decimal(1).scaleb(-decimals)
        return rng.randrange(0, 5 * 10**decimals) * step
    low = -(scale // 2) if value_type.signed else 0
    return Decimal(rng.randrange(low, scale))


def _balanced_column(
    rng: random.Random, left: list[str], right: list[str], limits: dict[str, str], scale: int, wide: bool
) -> dict[str, int]:
    """Counts for one column of a balance rule: the left entries drawn, the right ones splitting their sum.

    A right entry with a declared upper limit (column_not_greater) gets at most that cell's value.
    """
    values: dict[str, int] = {}
    for i, ref in enumerate(left):
        if i == 0:
            values[ref] = rng.randrange(0, scale * 3 if wide else scale)
        else:  # the later left rows (上年结转) are smaller than the first (本年新收)
            values[ref] = rng.randrange(0, max(1, values[left[0]] // 3 + 1))
    remaining = sum(values[ref] for ref in left)
    free = []
    for ref in right:
        if ref in limits:
            values[ref] = rng.randrange(0, min(values.get(limits[ref], remaining), remaining) + 1)
            remaining -= values[ref]
        else:
            free.append(ref)
    for ref, count in zip(free, _split(rng, remaining, len(free)), strict=True):
        values[ref] = count
    return values


def unit_document(rng: random.Random, agency: str, year: int = 2024, scale: int = 20) -> ReportDocument:
    """A department's report: every input cell filled, tables 二/三/四 consistent with every declared rule.

    The cells and the rules come from the declaration of the year's edition: every entered table cell gets a
    value of its type, then each column_balance rule's columns are made to balance (within the limits of the
    column_not_greater rules on the same block), and each fee_notice rule's text is written when it applies.
    """
    spec = load_spec(edition_for_year(year))
    doc = ReportDocument.new(agency, year)
    assert doc.spec is spec
    cells: dict[str, CellValue] = {}
    for ref in spec.input_cells:
        info = spec.cells[ref]
        if info.section.blocks:
            cells[ref] = _free_value(rng, info.block.value_type, doc.fee_decimals, scale)
    for rule in spec.rules:
        if rule.kind != "column_balance":
            continue
        balance = rule.args(ColumnBalance)
        block = spec.block(balance.block)
        caps = [r.args(ColumnNotGreater) for r in spec.rules if r.kind == "column_not_greater"]
        caps = [c for c in caps if c.block == block.id]
        entered = [c for c in block.columns if not spec.cells[block.ref(block.rows[0].id, c.id)].computed]
        for n, column in enumerate(entered):
            left = [p for row in balance.left for p in input_parts(spec, block.ref(row, column.id))]
            right = [p for row in balance.right for p in input_parts(spec, block.ref(row, column.id))]
            limits = {block.ref(c.row, column.id): block.ref(c.limit_row, column.id) for c in caps}
            drawn = _balanced_column(rng, left, right, limits, scale, wide=n == 0)
            cells.update({ref: Decimal(count) for ref, count in drawn.items()})
    doc.apply(cells)
    doc.texts.update({k: v for k, v in TEXTS.items() if not doc.texts.get(k)})
    for rule in spec.rules:
        if rule.kind == "fee_notice":
            notice = rule.args(FeeNotice)
            text = doc.texts.get(notice.field, "")
            if doc.number(notice.cell) > 0 and not any(k in text for k in notice.keywords):
                doc.texts[notice.field] = f"本年度发出{notice.keywords[0]}收费通知，申请人逾期未缴纳。" + text
    doc.meta["contact_unit"] = agency
    return doc


def write_units(folder: Path, count: int, seed: int, year: int = 2024, prefix: str = "第") -> list[Path]:
    """``count`` generated unit projects saved in ``folder`` (names 第N局), their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        agency = f"{prefix}{number}局"
        path = folder / f"{agency}.json"
        save(unit_document(rng, agency, year), path)
        paths.append(path)
    return paths
