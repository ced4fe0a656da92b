"""Parse stage of the Excel importer: the cells of a located row into the report's cells (numbers, 不适用,
formulas' saved results, the fee's decimals), and the narrative rows under the section headings (Qt-free)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.document import ReportDocument
from app.importers.common import Problem, ProblemKind
from app.importers.title import find_title
from app.importers.units import in_column_unit, split_unit
from app.importers.xlsx.read import Cell, Sheet
from app.labels import label_key
from app.numbers import NumberError, parse_value
from app.spec import available_editions, load_spec
from app.spec.model import Block, ReportSpec, Row
from app.values import NA, CellValue


def store_row(
    doc: ReportDocument,
    sheet: Sheet,
    layout: ReportSpec,
    blk: Block,
    row: Row,
    r: int,
    cols: dict[str, int],
    problems: list[Problem],
) -> None:
    """Grid row ``r`` into the cells of ``row`` (of edition ``layout``), column by column as ``cols`` maps them."""
    own = layout.edition == doc.spec.edition
    for col in blk.columns:
        c = cols.get(col.id)
        if c is None:
            continue
        ref = blk.ref(row.id, col.id)
        info = layout.cells[ref]
        cell = sheet.at(r, c)
        value: CellValue = None
        if cell is not None and cell.formula and info.computed:
            continue  # a live total: computed, not stated
        if cell is not None and cell.formula and cell.value is None:
            problems.append(
                Problem(
                    ProblemKind.UNREADABLE,
                    sheet.where(r, c),
                    "单元格是公式但没有保存计算结果（请在 Excel/WPS 中打开并保存后再导入），已留空",
                    (ref,) if own else (),
                )
            )
            continue
        if not blk.value_type.is_integer and own:
            # our export writes "0" for 0 decimals, "0.00" for 2 and so on
            fmt = cell.number_format if cell is not None else sheet.blank_formats.get((r, c), "")
            places = re.fullmatch(r"0(?:\.(0+))?", fmt or "")
            if places:
                doc.fee_decimals = len(places.group(1) or "")
        if cell is not None and cell.value is not None:
            value = cell_value(cell, blk, sheet.where(r, c), ref if own else "", problems)
            if value is None and str(cell.value).strip() not in ("",):
                message = f"原文为“{cell.value}”，已留空"
                problems.append(Problem(ProblemKind.CHECK, sheet.where(r, c), message, (ref,) if own else ()))
        if not own:
            doc.foreign_cells[f"{layout.edition}:{ref}"] = value
        elif info.computed:
            if value is not None:
                doc.stated[ref] = value
        else:
            doc.cells[ref] = value


def cell_value(cell: Cell, blk: Block, where: str, ref: str, problems: list[Problem]) -> CellValue:
    """A workbook cell as a value of the block's type; text that is not quite a number is reported."""
    raw = cell.value
    refs = (ref,) if ref else ()
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if raw == raw else None
    if isinstance(raw, Decimal):
        return raw
    text = str(raw)
    if text.strip() == "不适用":
        return NA
    printed = split_unit(text)
    if printed is not None:
        converted = in_column_unit(*printed, blk.value_type)
        if converted.message:
            kind = ProblemKind.CHECK if converted.value is not None else ProblemKind.UNREADABLE
            problems.append(Problem(kind, where, converted.message, refs))
            return converted.value
    try:
        return parse_value(text, blk.value_type)
    except NumberError as exc:
        try:
            value = Decimal(re.sub(r"[,，\s]", "", text))
        except InvalidOperation:
            problems.append(Problem(ProblemKind.UNREADABLE, where, f"{exc}，已留空", refs))
            return None
        problems.append(Problem(ProblemKind.CHECK, where, f"{exc}；已按原样读取为{text.strip()}", refs))
        return value


def read_narrative(doc: ReportDocument, sheets: list[Sheet]) -> None:
    """The texts of the first sheet that has at least three section headings, each row's first text
    appended to the field of the heading above it; the rows before the first heading are the preamble."""
    spec = doc.spec
    heads = {label_key(s.heading): s for s in spec.sections}
    for other in available_editions():
        for s in load_spec(other).sections:
            heads.setdefault(label_key(s.heading), spec.section(s.id))
    for sheet in sheets:
        lines: list[tuple[int, str]] = []
        for r in range(1, sheet.n_rows + 1):
            texts = [sheet.at(r, c) for c in range(1, sheet.n_cols + 1)]
            first = next((t for t in texts if t is not None and t.text and not t.copy), None)
            if first is not None:
                lines.append((r, first.text))
        found = [i for i, (_, t) in enumerate(lines) if label_key(t) in heads]
        if len(found) < 3:
            continue
        start = found[0]
        title_rows = [t for _, t in lines[:start]]
        pre = [t for t in title_rows if find_title(re.sub(r"\s+", "", t)) is None]
        if pre and not doc.meta.get("preamble"):
            doc.meta["preamble"] = "\n".join(pre)
        current = None
        field_id: str | None = None
        for _, text in lines[start:]:
            key = label_key(text)
            if key in heads:
                current = heads[key]
                field_id = next((f.id for f in current.fields if not f.heading), None)
                if current.fields and len(current.fields) == 1:
                    field_id = current.fields[0].id
                continue
            if current is None or current.kind != "text":
                continue
            sub = next((f for f in current.fields if f.heading and label_key(f.title) == key), None)
            if sub is not None:
                field_id = sub.id
                continue
            if field_id is None:
                field_id = current.fields[0].id
            old = doc.texts.get(field_id, "")
            doc.texts[field_id] = f"{old}\n{text}" if old else text
        return
