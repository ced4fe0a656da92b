"""Generated departments: random reports from a seed, consistent with every rule of tables 二/三/四."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from app.document import ReportDocument
from app.persistence import save
from app.spec import edition_for_year, load_spec
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

RESULT_ROWS = [
    "disclosed",
    "partial",
    "withheld_secret",
    "withheld_law",
    "withheld_security",
    "withheld_third_party",
    "withheld_internal",
    "withheld_process",
    "withheld_enforcement",
    "withheld_query",
    "unable_not_held",
    "unable_not_existing",
    "unable_unclear",
    "rejected_petition",
    "rejected_repeat",
    "rejected_publication",
    "rejected_mass",
    "rejected_confirm",
    "other_no_correction",
    "other_fee_unpaid",
    "other_misc",
]
T3_COLUMNS = ("natural", "commercial", "research", "public_interest", "legal", "other")


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` non-negative integers, many of them zero (as in real reports)."""
    out = [0] * parts
    for _ in range(total):
        out[rng.randrange(parts) if rng.random() < 0.5 else 0] += 1
    return out


def unit_document(rng: random.Random, agency: str, year: int = 2024, scale: int = 20) -> ReportDocument:
    """A department's report: every input cell filled, tables 二/三/四 consistent with every rule."""
    spec = load_spec(edition_for_year(year))
    doc = ReportDocument.new(agency, year)
    assert doc.spec is spec
    cells: dict[str, CellValue] = {}
    for ref in spec.input_cells:
        info = spec.cells[ref]
        if info.section.id == "s2":
            if info.block.value_type == "fee":
                cells[ref] = Decimal(rng.randrange(0, 50000)) / Decimal(10000) if rng.random() < 0.3 else Decimal(0)
            else:
                cells[ref] = Decimal(rng.randrange(0, scale))
        elif info.section.id == "s4":
            cells[ref] = Decimal(rng.randrange(0, max(2, scale // 5)))
    for column in T3_COLUMNS:
        new = rng.randrange(0, scale * 3) if column == "natural" else rng.randrange(0, scale)
        carried = rng.randrange(0, max(1, new // 3 + 1))
        carry_forward = rng.randrange(0, min(new, new + carried) + 1)  # T3-CARRY-PLAUS: not above 新收
        handled = _split(rng, new + carried - carry_forward, len(RESULT_ROWS))  # T3-BAL
        cells[f"t3.new.{column}"] = Decimal(new)
        cells[f"t3.carried.{column}"] = Decimal(carried)
        cells[f"t3.carry_forward.{column}"] = Decimal(carry_forward)
        for row, count in zip(RESULT_ROWS, handled, strict=True):
            cells[f"t3.{row}.{column}"] = Decimal(count)
    if any(cells[f"t3.other_fee_unpaid.{c}"] for c in T3_COLUMNS):  # FEE-NOTICE: report the 信息处理费
        doc.texts["s6_main"] = "本年度发出信息处理费收费通知，申请人逾期未缴纳。无其他需要报告的事项。"
    doc.apply(cells)
    doc.texts.update({k: v for k, v in TEXTS.items() if not doc.texts.get(k)})
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
