"""Parse stage of the text importer for tables: each located row label takes the numbers up to the next
label, and its numbers are stored in the row's cells when the reading is certain (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.importers.common import ProblemKind
from app.importers.layouts import row_total
from app.importers.text.cells import Token, complete_row, one_per_cell, split_cells, tokens
from app.importers.text.inferred import Inference, Outcome, digit_groups, infer, row_relations
from app.importers.text.locate import (
    TableRow,
    layout_of,
    locate_numbered_row,
    locate_row,
    printed_label,
    stray_labels,
    table_marks,
    table_rows,
)
from app.importers.text.reading import Reading
from app.importers.units import in_column_unit
from app.labels import Found, is_cosmetic
from app.spec import load_spec
from app.spec.model import Block, Row, Section
from app.values import CellValue

_SHORT_ROW = (
    "只有{found}个数字（应为{count}个），缺少哪一栏无法确定；无论缺少哪一栏，按“总计=各栏之和”推算的结果都相同，"
    "已按此读取（总计按各栏之和计算）"
)

# Why a row whose digits ran together stays unreadable, by the outcome of reading it (see inferred.py)
RUN_TOGETHER_REASONS = {
    Outcome.SEVERAL: "数字连在一起，按本行的合计关系有不止一种读法",
    Outcome.NONE: "数字连在一起，没有一种读法符合本行的合计关系",
    Outcome.TOO_MANY: "数字连在一起，可能的读法过多，未能逐一核对",
}
INFERRED_NOTE = "已作为推定值填入并标记，确认前一直标为推定"


@dataclass
class _Anchor:
    """A located row label (or another piece of table text that ends the numbers of the row before it)."""

    found: Found
    block: Block | None = None
    row: Row | None = None
    edition: str = ""


def read_table(r: Reading, sec: Section, lo: int, hi: int) -> None:
    """Every row of a table section from compact[lo:hi]."""
    s = r.src.stream
    spec = r.doc.spec
    layout = layout_of(s, spec, sec, lo, hi)
    if layout is not spec:
        r.log.add(
            ProblemKind.NOTE,
            lo,
            f"{sec.heading}使用的是{layout.name}（{layout.edition}版）的表格行列，"
            f"与{r.doc.year or ''}年度应使用的{spec.name}不同；数字已原样保留，"
            "由“表格行列与年度格式不符”检查（FMT-T3-ROWSET）列出",
        )
    rows = table_rows(sec, layout)
    hits = _locate_rows(r, rows, lo, hi)
    anchors = [_Anchor(hit, blk, row, edition) for (blk, row, edition, _), hit in zip(rows, hits, strict=True) if hit]
    anchors.extend(_Anchor(mark) for mark in table_marks(s, sec, lo, hi))
    consumed = {p for a in anchors for p in a.found.positions}
    # a numbered label that names no row still ends the numbers of the row before it
    strays = [_Anchor(found) for found in stray_labels(s, lo, hi, consumed)]
    consumed.update(p for a in strays for p in a.found.positions)
    anchors.extend(strays)
    anchors.sort(key=lambda a: a.found.start)
    stray_starts = {a.found.start for a in strays}
    foreign_rows: dict[str, int] = {}  # edition → line of its first row found with numbers
    for i, anchor in enumerate(anchors):
        end = anchors[i + 1].found.start if i + 1 < len(anchors) else hi
        if anchor.found.start in stray_starts:
            _report_stray(r, sec, anchor.found, tokens(s, anchor.found.start, end, consumed))
            continue
        if anchor.row is None or anchor.block is None:
            continue
        found = tokens(s, anchor.found.start, end, consumed)
        optional = any(row is anchor.row for _, row, _, opt in rows if opt)
        if optional and not found:
            continue  # the group label （六）其他处理 of the 2021 layout, not a row of its own
        if optional:
            foreign_rows.setdefault(anchor.edition, anchor.found.start)
        store_row(r, sec, anchor.block, anchor.row, anchor.edition, found, anchor.found.start)
    _report_missing(r, sec, rows, hits, foreign_rows, lo)
    r.log.flush_rows(sec.number)
    for blk in (b for b in layout.section(sec.id).blocks if not b.row_labels):
        start = anchors[-1].found.end if anchors else lo
        store_row(r, sec, blk, blk.rows[0], layout.edition, tokens(s, start, hi, consumed), start)


def _locate_rows(r: Reading, rows: list[TableRow], lo: int, hi: int) -> list[Found | None]:
    """Where each row's label is printed: in order by its label (or a declared variant); then a row not
    found is looked for between its found neighbours by its number and the closest label."""
    s = r.src.stream
    spec = r.doc.spec
    hits: list[Found | None] = []
    cursor = lo
    for _, row, _, optional in rows:
        hit = locate_row(s, row, cursor, hi)
        hits.append(hit)
        if hit is not None and not optional:
            cursor = hit.end
    for i, (blk, row, edition, optional) in enumerate(rows):
        if hits[i] is not None or optional:
            continue
        before = max((h.end for h, x in zip(hits[:i], rows[:i], strict=True) if h and not x[3]), default=lo)
        after = min((h.start for h, x in zip(hits[i + 1 :], rows[i + 1 :], strict=True) if h and not x[3]), default=hi)
        hit = locate_numbered_row(s, row, [x[1] for x in rows if x[0].id == blk.id], before, after)
        if hit is None:
            continue
        hits[i] = hit
        if edition == spec.edition:
            printed = printed_label(s, hit)
            r.log.add(
                ProblemKind.CHECK,
                hit.start,
                f"表{r.doc.spec.section(blk.section_id).number}中行标签“{printed}”与格式的“{row.label}”不同，"
                "按序号和最接近的标签作为这一行读取",
                [blk.ref(row.id, c.id) for c in blk.columns],
            )
    for (blk, row, edition, optional), hit in zip(rows, hits, strict=True):
        if hit is not None and not optional and edition == spec.edition:
            printed = printed_label(s, hit)
            if not is_cosmetic(printed, row.label):
                r.labels[f"row:{blk.id}.{row.id}"] = printed
    return hits


def _report_missing(
    r: Reading,
    sec: Section,
    rows: list[TableRow],
    hits: list[Found | None],
    foreign_rows: dict[str, int],
    lo: int,
) -> None:
    """One problem per row not found; the rows another edition's printed rows stand for, said once."""
    spec = r.doc.spec
    replaced: dict[str, list[tuple[Block, Row]]] = {}
    for i, (blk, row, edition, optional) in enumerate(rows):
        if hits[i] is not None or optional:
            continue
        instead = next((e for e in foreign_rows if row.id not in {x.id for x in load_spec(e).block(blk.id).rows}), None)
        if instead is not None and edition == spec.edition:
            replaced.setdefault(instead, []).append((blk, row))
            continue
        at = max((h.end for h in hits[:i] if h is not None), default=lo)
        refs = [blk.ref(row.id, c.id) for c in blk.columns] if edition == spec.edition else []
        r.log.add(ProblemKind.UNREADABLE, at, f"表{sec.number}中未找到“{row.display_name}”这一行，该行未导入", refs)
    for edition, missing in replaced.items():
        other = load_spec(edition)
        printed = [x for x in rows if x[2] == edition and x[3]]
        names = "、".join(f"“{row.display_name}”" for _, row in missing)
        shown = "、".join(f"“{row.display_name}”" for _, row, _, _ in printed)
        r.log.add(
            ProblemKind.CHECK,
            foreign_rows[edition],
            f"表{sec.number}使用的是{other.name}（{edition}版）的{shown}一行，没有{spec.name}的{names}"
            f"{len(missing)}行；该行数字已原样保留，由“表格行列与年度格式不符”检查（FMT-T3-ROWSET）列出，"
            "请按年度格式拆分填写",
            [blk.ref(row.id, c.id) for blk, row in missing for c in blk.columns],
        )


def _report_stray(r: Reading, sec: Section, found: Found, numbers: list[Token]) -> None:
    label = r.src.stream.compact[found.start : found.end]
    shown = "”，数字“" + " ".join(t.text for t in numbers) + "”" if numbers else "”"
    r.log.add(
        ProblemKind.UNREADABLE,
        found.start,
        f"表{sec.number}中的“{label}{shown}对应不到格式中的任何一行，未导入；其上下行的数字不受影响，请对照原文核对",
    )


def store_row(r: Reading, sec: Section, blk: Block, row: Row, edition: str, found: list[Token], at: int) -> None:
    """A row's tokens into its cells (of ``edition``), or the row left blank and listed when they do not
    determine the cells. ``at``: where the row starts, for messages when there are no tokens."""
    own = edition == r.doc.spec.edition
    refs = [blk.ref(row.id, c.id) for c in blk.columns]
    where = f"表{sec.number} · {row.display_name}" if blk.row_labels else f"表{sec.number}"
    line_at = found[0].index if found else at
    if not found:
        r.log.add(ProblemKind.UNREADABLE, at, f"{where}：没有找到数字，该行留空", refs if own else [])
        return
    cells = one_per_cell(found, len(refs))
    if cells is not None and any(t.unit for t in cells):
        _put(r, blk, row, edition, _in_column_units(r, blk, edition, refs, cells), refs)
        return
    values, note = split_cells(found, len(refs))
    with_units = any(t.unit for t in found)
    if values is None and not with_units and len(found) == len(refs) - 1 and row_total(blk) is not None:
        completed = complete_row([t.value for t in found])
        if completed is not None:
            # the 总计 was not printed: it is computed, not stated
            parts = refs[:-1]
            _put(r, blk, row, edition, completed[:-1], parts)
            note = _SHORT_ROW.format(found=len(found), count=len(refs))
            r.log.note_row(note, (line_at, row.display_name, parts if own else []), last=True)
            return
    if values is None:
        shown = " ".join(t.text + t.unit for t in found)
        inference = _run_together(r, blk, row, found, refs, where, line_at) if own and not with_units else None
        if inference is not None and inference.outcome is Outcome.ONE:
            return
        reason = f"（{RUN_TOGETHER_REASONS[inference.outcome]}）" if inference is not None else ""
        r.log.add(
            ProblemKind.UNREADABLE,
            line_at,
            f"{where}：应有{len(refs)}个数字，原文为“{shown}”{reason}，无法确定各栏的数字，该行留空，请对照原文填写",
            refs if own else [],
        )
        return
    _put(r, blk, row, edition, values, refs)
    if note:
        r.log.note_row(note, (line_at, row.display_name, refs if own else []))
    blanks = [ref for ref, v in zip(refs, values, strict=True) if v is None]
    if own:
        r.doc.blank_totals.update(ref for ref in blanks if r.doc.spec.cells[ref].computed)
    if blanks:
        names = "、".join(load_spec(edition).cells[ref].column.display_name for ref in blanks)
        r.log.add(ProblemKind.CHECK, line_at, f"{where}：原文{names}为空白或“/”，已留空", blanks if own else [])


def _run_together(
    r: Reading, blk: Block, row: Row, found: list[Token], refs: list[str], where: str, line_at: int
) -> Inference | None:
    """A row of fewer printed numbers than cells, all plain digits: its readings under the row's totals.
    With exactly one, the cells take it as 推定 values, marked until the clerk confirms them; None when the
    numbers are not plain digits run together (nothing to infer)."""
    printed = " ".join(t.text for t in found)
    groups = digit_groups(printed)
    relations = row_relations(blk)
    if groups is None or len(groups) >= len(refs) or not relations:
        return None
    inference = infer(groups, len(refs), relations)
    if inference.outcome is not Outcome.ONE or inference.reading is None:
        return inference
    _put(r, blk, row, r.doc.spec.edition, [Decimal(v) for v in inference.reading], refs)
    r.doc.inferred.update(dict.fromkeys(refs, printed))
    reading = "、".join(str(v) for v in inference.reading)
    r.log.add(
        ProblemKind.CHECK,
        line_at,
        f"{where}：推定。原文“{printed}”数字连在一起，按本行的合计关系（合计=各项之和）只有一种读法：{reading}；"
        f"{INFERRED_NOTE}，请对照原文核对后确认（改正单元格，或右键选“确认所选推定值”）",
        refs,
    )
    return inference


def _in_column_units(r: Reading, blk: Block, edition: str, refs: list[str], cells: list[Token]) -> list[Decimal | None]:
    """One token per cell, those printed with a unit ("251000元") converted to the column's unit or left
    blank; each conversion or refusal listed on the cell."""
    own = edition == r.doc.spec.edition
    layout = load_spec(edition)
    values: list[Decimal | None] = []
    for ref, token in zip(refs, cells, strict=True):
        if token.value is None or not token.unit:
            values.append(token.value)
            continue
        converted = in_column_unit(token.value, token.unit, blk.value_type)
        values.append(converted.value)
        if converted.message:
            kind = ProblemKind.CHECK if converted.value is not None else ProblemKind.UNREADABLE
            where = layout.cells[ref].location
            r.log.add(kind, token.index, f"{where}：{converted.message}", [ref] if own else [])
    return values


def _put(r: Reading, blk: Block, row: Row, edition: str, values: Sequence[Decimal | None], refs: Sequence[str]) -> None:
    doc = r.doc
    layout = load_spec(edition)
    for ref, value in zip(refs, values, strict=True):
        cell: CellValue = value
        if edition != doc.spec.edition:
            doc.foreign_cells[f"{edition}:{ref}"] = cell
        elif layout.cells[ref].computed:
            if cell is not None:
                doc.stated[ref] = cell
        else:
            doc.cells[ref] = cell
