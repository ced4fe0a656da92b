"""Locate stage of the Excel importer: cover-sheet items by their labels, table rows by their row label,
columns by their header labels above a block (Qt-free)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from app.document import ReportDocument
from app.importers.common import Problem, ProblemKind
from app.importers.title import find_title
from app.importers.xlsx.read import Sheet
from app.labels import Candidate, best_match, is_cosmetic, similarity
from app.spec import available_editions, load_spec
from app.spec.model import Block, ReportSpec

EDITION_ITEM = "_format"  # the cover-sheet item 报告格式 (the edition's name)


@dataclass(frozen=True, slots=True)
class RowId:
    """A row of some edition's declaration."""

    edition: str
    block: str
    row: str


# A located row: (grid row, row id, first value column)
LocatedRow = tuple[int, RowId, int]


def metadata_labels() -> list[Candidate]:
    """The labels of the cover-sheet items, plus 报告格式."""
    labels = [Candidate(m.id, (m.label,)) for m in load_spec().metadata]
    labels.append(Candidate(EDITION_ITEM, ("报告格式",)))
    return labels


def locate_metadata(sheets: list[Sheet], labels: list[Candidate]) -> tuple[dict[str, str], str | None]:
    """Cover-sheet items by their labels (any edition's metadata labels), and the edition name if given."""
    meta: dict[str, str] = {}
    for sheet in sheets:
        for (r, c), cell in sorted(sheet.cells.items()):
            if cell.copy or not cell.text or len(cell.text) > 12:
                continue
            match = best_match(cell.text, labels, threshold=0.9)
            if match is None or match.ident in meta:
                continue
            right = next((x for cc in range(c + 1, sheet.n_cols + 1) if (x := sheet.at(r, cc)) is not None), None)
            if right is None or right.copy:
                if right is None and match.ident != EDITION_ITEM:
                    meta.setdefault(match.ident, "")
                continue
            value = right.value
            if isinstance(value, datetime | date):
                value = f"{value.year}年{value.month}月{value.day}日"
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            meta[match.ident] = str(value).strip() if value is not None else ""
    edition_name = meta.pop(EDITION_ITEM, None)
    if "agency" not in meta or "year" not in meta:
        for sheet in sheets:
            for cell in sheet.cells.values():
                title = find_title(re.sub(r"\s+", "", cell.text))
                if title is not None:
                    meta.setdefault("year", str(title.year))
                    if title.before:
                        meta.setdefault("agency", title.before)
                    break
    return meta, edition_name


def row_catalog(spec: ReportSpec) -> tuple[list[Candidate], dict[str, RowId]]:
    """Every labelled row of this edition, then the rows only the other editions have."""
    cands: list[Candidate] = []
    ids: dict[str, RowId] = {}
    for edition in [spec.edition, *[e for e in available_editions() if e != spec.edition]]:
        for blk in load_spec(edition).blocks:
            if not blk.row_labels:
                continue
            for row in blk.rows:
                key = f"{edition}:{blk.id}.{row.id}"
                if edition != spec.edition and any(
                    r.label == row.label for b in spec.blocks if b.id == blk.id for r in b.rows
                ):
                    continue  # the same row in this edition
                cands.append(Candidate(key, (row.label,), row.variants))
                ids[key] = RowId(edition, blk.id, row.id)
    return cands, ids


def locate_rows(
    doc: ReportDocument,
    sheet: Sheet,
    catalog: tuple[list[Candidate], dict[str, RowId]],
    meta_labels: list[Candidate],
    problems: list[Problem],
) -> list[LocatedRow]:
    """The sheet's rows whose label (the rightmost text before the numbers) names a declared row.

    Labels printed differently from the official wording go into ``doc.source_labels``; a row of
    numbers with a label that names nothing is reported."""
    cands, ids = catalog
    rows: list[LocatedRow] = []
    for r in range(1, sheet.n_rows + 1):
        value_cols = [c for c in range(1, sheet.n_cols + 1) if (cell := sheet.at(r, c)) is not None and cell.is_value]
        texts = [
            (c, cell.text)
            for c in range(1, sheet.n_cols + 1)
            if (cell := sheet.at(r, c)) is not None and cell.text and not cell.is_value
        ]
        if not value_cols:
            # a row whose cells are all blank still counts, if its label is unmistakable
            if texts:
                blank = best_match(texts[-1][1], cands, threshold=0.9)
                if blank is not None and best_match(texts[-1][1], meta_labels, threshold=0.9) is None:
                    rows.append((r, ids[blank.ident], texts[-1][0] + 1))
            continue
        first_value = value_cols[0]
        label_cells = [(c, t) for c, t in texts if c < first_value]
        if not label_cells:
            continue  # a row without a label: table 四, handled below
        leaf = label_cells[-1][1]
        if best_match(leaf, meta_labels, threshold=0.9) is not None:
            continue  # a cover-sheet item (报告年度 2024)
        match = best_match(leaf, cands)
        if match is None:
            shown = " ".join(t for _, t in label_cells)
            if any(not cell.copy for c in value_cols if (cell := sheet.at(r, c)) is not None):
                problems.append(
                    Problem(ProblemKind.UNREADABLE, sheet.where(r), f"行标签“{shown}”无法识别，本行的数字未导入")
                )
            continue
        rid = ids[match.ident]
        rows.append((r, rid, first_value))
        if rid.edition == doc.spec.edition and not is_cosmetic(leaf, match.official):
            doc.source_labels[f"row:{rid.block}.{rid.row}"] = leaf
    return rows


def header_map(sheet: Sheet, blk: Block, top: int, bottom: int) -> dict[str, int]:
    """Spec column id → grid column, from the header labels in grid rows top…bottom−1."""
    headers: dict[int, list[str]] = {}

    def text_at(r: int, c: int) -> str:
        cell = sheet.at(r, c)
        return cell.text if cell is not None and cell.text and not cell.is_value else ""

    for r in range(top, bottom):
        for c in range(1, sheet.n_cols + 1):
            text = text_at(r, c)
            if not text and any(text_at(rr, c) for rr in range(r + 1, bottom)):
                # a group label typed once over several columns without merging them
                text = next((text_at(r, cc) for cc in range(c - 1, 0, -1) if text_at(r, cc)), "")
                left = next((cc for cc in range(c - 1, 0, -1) if text_at(r, cc)), 0)
                if not left or not any(text_at(rr, left) for rr in range(r + 1, bottom)):
                    text = ""  # only a label that itself stands over other labels is a group
            if text:
                seq = headers.setdefault(c, [])
                if not seq or seq[-1] != text:
                    seq.append(text)
    scores: list[tuple[float, str, int]] = []
    for col in blk.columns:
        for c, texts in headers.items():
            leaf = max(similarity(col.label, t) for t in texts)
            if leaf < 0.75:
                continue
            groups = [max(similarity(p, t) for t in texts) for p in col.path[:-1]]
            if groups and min(groups) < 0.6:
                continue
            scores.append((leaf + sum(groups) / 10, col.id, c))
    scores.sort(key=lambda s: (-s[0], s[2]))
    out: dict[str, int] = {}
    used: set[int] = set()
    for _, col_id, c in scores:
        if col_id in out or c in used:
            continue
        out[col_id] = c
        used.add(c)
    return out
