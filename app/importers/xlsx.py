"""Import a workbook laid out like the official tables (ours, or made in Excel/WPS) by row and column labels (Qt-free).

Every sheet is read as a grid with merged cells expanded. A row is recognised by its label (the rightmost text
before its numbers), a column by its header labels above the block's first row. Widths, merges, blank rows,
title rows and label variants do not matter; every number that cannot be placed is reported.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.document import ReportDocument
from app.fileio import describe_read_error
from app.importers.common import ImportResult, Problem, ProblemKind, SourceError
from app.labels import Candidate, best_match, is_cosmetic, label_key, similarity
from app.numbers import NumberError, parse_value
from app.spec import available_editions, edition_for_year, load_spec
from app.spec.model import Block, ReportSpec, Row
from app.values import NA, CellValue

_TITLE = re.compile(r"(\d{4})年度?(.*?)政府信息公开(?:工作)?年度?报告")


@dataclass
class _Cell:
    value: Any
    formula: bool = False
    copy: bool = False  # a cell covered by a merge, showing the merge's value
    number_format: str = "General"

    @property
    def text(self) -> str:
        if isinstance(self.value, str) and not self.formula:
            return self.value.strip()
        return ""

    @property
    def is_value(self) -> bool:
        if self.formula or (isinstance(self.value, int | float | Decimal) and not isinstance(self.value, bool)):
            return True
        text = self.text
        return bool(text) and (text == "不适用" or bool(re.fullmatch(r"[\d,，.．\s/／—\-－–]+(?:件|万元)?", text)))


@dataclass
class _Sheet:
    title: str
    cells: dict[tuple[int, int], _Cell] = field(default_factory=dict)
    # number formats of empty cells: an exported report without any fee still tells its decimals
    blank_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    n_rows: int = 0
    n_cols: int = 0

    def at(self, row: int, col: int) -> _Cell | None:
        return self.cells.get((row, col))

    def where(self, row: int, col: int | None = None) -> str:
        if col is None:
            return f"工作表“{self.title}”第{row}行"
        return f"工作表“{self.title}”{get_column_letter(col)}{row}单元格"


def _read(data: bytes) -> list[_Sheet]:
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False)
        values = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise SourceError(
            "无法打开该 Excel 文件：文件已损坏，或不是 .xlsx 格式（.xls、.et 等请在 Excel/WPS 中另存为 .xlsx 后导入）"
        ) from exc
    sheets = []
    for ws_f in formulas.worksheets:
        ws_v = values[ws_f.title]
        assert isinstance(ws_f, Worksheet) and isinstance(ws_v, Worksheet)
        sheet = _Sheet(ws_f.title, n_rows=ws_f.max_row, n_cols=ws_f.max_column)
        for r, row in enumerate(ws_f.iter_rows(min_row=1, min_col=1), start=1):
            for c, cell in enumerate(row, start=1):
                raw = cell.value
                if raw is None:
                    if cell.number_format != "General":
                        sheet.blank_formats[(r, c)] = cell.number_format
                    continue
                is_formula = isinstance(raw, str) and raw.startswith("=")
                shown = ws_v.cell(r, c).value if is_formula else raw
                sheet.cells[(r, c)] = _Cell(shown, is_formula, number_format=cell.number_format)
        for merged in ws_f.merged_cells.ranges:
            top = sheet.cells.get((merged.min_row, merged.min_col))
            if top is None:
                continue
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        sheet.cells[(r, c)] = _Cell(top.value, top.formula, copy=True)
        sheets.append(sheet)
    return sheets


@dataclass(frozen=True, slots=True)
class _RowId:
    edition: str
    block: str
    row: str


class XlsxImporter:
    def __init__(self, data: bytes) -> None:
        self.sheets = _read(data)
        self.problems: list[Problem] = []
        self.header_maps: dict[tuple[str, str], dict[str, int]] = {}
        self.meta_labels = [Candidate(m.id, (m.label,)) for m in load_spec("2021").metadata]
        self.meta_labels.append(Candidate("_format", ("报告格式",)))

    def problem(self, kind: ProblemKind, source: str, message: str, refs: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem(kind, source, message, refs))

    # ----------------------------------------------------------------------- metadata
    def metadata(self) -> tuple[dict[str, str], str | None]:
        """Cover-sheet items by their labels (any edition's metadata labels), and the edition name if given."""
        labels = self.meta_labels
        meta: dict[str, str] = {}
        for sheet in self.sheets:
            for (r, c), cell in sorted(sheet.cells.items()):
                if cell.copy or not cell.text or len(cell.text) > 12:
                    continue
                match = best_match(cell.text, labels, threshold=0.9)
                if match is None or match.ident in meta:
                    continue
                right = next(
                    (sheet.at(r, cc) for cc in range(c + 1, sheet.n_cols + 1) if sheet.at(r, cc) is not None), None
                )
                if right is None or right.copy:
                    if right is None and match.ident != "_format":
                        meta.setdefault(match.ident, "")
                    continue
                value = right.value
                if isinstance(value, datetime | date):
                    value = f"{value.year}年{value.month}月{value.day}日"
                elif isinstance(value, float) and value.is_integer():
                    value = int(value)
                meta[match.ident] = str(value).strip() if value is not None else ""
        edition_name = meta.pop("_format", None)
        if "agency" not in meta or "year" not in meta:
            for sheet in self.sheets:
                for cell in sheet.cells.values():
                    m = _TITLE.search(re.sub(r"\s+", "", cell.text))
                    if m:
                        meta.setdefault("year", m.group(1))
                        if re.sub(r"\s+", "", cell.text)[: m.start()]:
                            meta.setdefault("agency", re.sub(r"\s+", "", cell.text)[: m.start()])
                        break
        return meta, edition_name

    # ----------------------------------------------------------------------- narrative
    def narrative(self, doc: ReportDocument) -> None:
        spec = doc.spec
        heads = {label_key(s.heading): s for s in spec.sections}
        for other in available_editions():
            for s in load_spec(other).sections:
                heads.setdefault(label_key(s.heading), spec.section(s.id))
        for sheet in self.sheets:
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
            pre = [t for t in title_rows if not _TITLE.search(re.sub(r"\s+", "", t))]
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

    # ----------------------------------------------------------------------- tables
    def catalog(self, spec: ReportSpec) -> tuple[list[Candidate], dict[str, _RowId]]:
        cands: list[Candidate] = []
        ids: dict[str, _RowId] = {}
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
                    ids[key] = _RowId(edition, blk.id, row.id)
        return cands, ids

    def tables(self, doc: ReportDocument) -> None:
        spec = doc.spec
        cands, ids = self.catalog(spec)
        found_rows: set[tuple[str, str]] = set()
        for sheet in self.sheets:
            rows: list[tuple[int, _RowId, int]] = []  # grid row, row id, first value column
            for r in range(1, sheet.n_rows + 1):
                value_cols = [
                    c for c in range(1, sheet.n_cols + 1) if (cell := sheet.at(r, c)) is not None and cell.is_value
                ]
                texts = [
                    (c, cell.text)
                    for c in range(1, sheet.n_cols + 1)
                    if (cell := sheet.at(r, c)) is not None and cell.text and not cell.is_value
                ]
                if not value_cols:
                    # a row whose cells are all blank still counts, if its label is unmistakable
                    if texts:
                        blank = best_match(texts[-1][1], cands, threshold=0.9)
                        if blank is not None and best_match(texts[-1][1], self.meta_labels, threshold=0.9) is None:
                            rid = ids[blank.ident]
                            rows.append((r, rid, texts[-1][0] + 1))
                    continue
                first_value = value_cols[0]
                label_cells = [(c, t) for c, t in texts if c < first_value]
                if not label_cells:
                    continue  # a row without a label: table 四, handled below
                leaf = label_cells[-1][1]
                if best_match(leaf, self.meta_labels, threshold=0.9) is not None:
                    continue  # a cover-sheet item (报告年度 2024)
                match = best_match(leaf, cands)
                if match is None:
                    shown = " ".join(t for _, t in label_cells)
                    if any(not cell.copy for c in value_cols if (cell := sheet.at(r, c)) is not None):
                        self.problem(
                            ProblemKind.UNREADABLE,
                            sheet.where(r),
                            f"行标签“{shown}”无法识别，本行的数字未导入",
                        )
                    continue
                rid = ids[match.ident]
                rows.append((r, rid, first_value))
                if rid.edition == spec.edition and not is_cosmetic(leaf, match.official):
                    doc.source_labels[f"row:{rid.block}.{rid.row}"] = leaf
            self._blocks(doc, sheet, rows, found_rows)
            self._unlabelled(doc, sheet, rows, found_rows)
        for blk in spec.blocks:
            for row in blk.rows:
                if (blk.id, row.id) not in found_rows:
                    name = (
                        f"表{spec.section(blk.section_id).number} · {row.display_name}"
                        if blk.row_labels
                        else (f"表{spec.section(blk.section_id).number}")
                    )
                    self.problem(
                        ProblemKind.UNREADABLE,
                        "工作簿",
                        f"未找到“{name}”这一行，该行留空",
                        tuple(blk.ref(row.id, c.id) for c in blk.columns),
                    )

    def _header_map(self, sheet: _Sheet, blk: Block, top: int, bottom: int) -> dict[str, int]:
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

    def _blocks(
        self, doc: ReportDocument, sheet: _Sheet, rows: list[tuple[int, _RowId, int]], found: set[tuple[str, str]]
    ) -> None:
        previous_end = 1
        i = 0
        while i < len(rows):
            rid = rows[i][1]
            j = i
            while j + 1 < len(rows) and rows[j + 1][1].block == rid.block and rows[j + 1][1].edition == rid.edition:
                j += 1
            group = rows[i : j + 1]
            layout = load_spec(rid.edition)
            blk = layout.block(rid.block)
            cols = self._header_map(sheet, blk, previous_end, group[0][0])
            known = self.header_maps.get((sheet.title, blk.id))
            if known is not None and len(known) > len(cols) and all(c in {x.id for x in blk.columns} for c in known):
                cols = known  # rows of the same table further down (after a row of another edition)
            if cols:
                self.header_maps[(sheet.title, blk.id)] = cols
            # a 2021 block may carry the other edition's columns (table 二): try it when columns are missing
            if len(cols) < len(blk.columns) and blk.section_id == "s2":
                for edition in available_editions():
                    other = load_spec(edition)
                    if edition != rid.edition and any(b.id == blk.id for b in other.blocks):
                        alt = self._header_map(sheet, other.block(blk.id), previous_end, group[0][0])
                        if len(alt) > len(cols):
                            layout, blk, cols = other, other.block(blk.id), alt
                            rid = _RowId(edition, rid.block, rid.row)
            for col in blk.columns:
                if col.id not in cols:
                    self.problem(
                        ProblemKind.UNREADABLE,
                        sheet.where(group[0][0]),
                        f"表{layout.section(blk.section_id).number}{' · ' + blk.title if blk.title else ''}："
                        f"未找到栏目“{col.display_name}”，该栏留空",
                        tuple(blk.ref(r.id, col.id) for r in blk.rows) if layout.edition == doc.spec.edition else (),
                    )
            for r, row_id, first_value in group:
                row = blk.row(row_id.row)
                if layout.edition == doc.spec.edition:
                    found.add((blk.id, row.id))
                self._store(doc, sheet, layout, blk, row, r, cols)
                used = set(cols.values())
                for c in range(first_value, sheet.n_cols + 1):
                    cell = sheet.at(r, c)
                    if cell is not None and cell.is_value and not cell.copy and c not in used:
                        self.problem(
                            ProblemKind.UNREADABLE,
                            sheet.where(r, c),
                            f"“{cell.value}”不在任何可识别的栏目下，未导入",
                        )
            previous_end = group[-1][0] + 1
            i = j + 1

    def _unlabelled(
        self, doc: ReportDocument, sheet: _Sheet, rows: list[tuple[int, _RowId, int]], found: set[tuple[str, str]]
    ) -> None:
        """Blocks without row labels (table 四): the value row under a matching header."""
        labelled = {r for r, _, _ in rows}
        for blk in doc.spec.blocks:
            if blk.row_labels or (blk.id, blk.rows[0].id) in found:
                continue
            for r in range(1, sheet.n_rows + 1):
                if r in labelled:
                    continue
                values = [c for c in range(1, sheet.n_cols + 1) if (x := sheet.at(r, c)) is not None and x.is_value]
                texts = [
                    c
                    for c in range(1, sheet.n_cols + 1)
                    if (x := sheet.at(r, c)) is not None and x.text and not x.is_value
                ]
                if not values or texts:
                    continue
                top = max([0, *[x for x in labelled if x < r]]) + 1
                cols = self._header_map(sheet, blk, top, r)
                if len(cols) < len(blk.columns) // 2:
                    continue
                found.add((blk.id, blk.rows[0].id))
                self._store(doc, sheet, doc.spec, blk, blk.rows[0], r, cols)
                for c in values:
                    if c not in cols.values() and not sheet.cells[(r, c)].copy:
                        self.problem(ProblemKind.UNREADABLE, sheet.where(r, c), "数字不在任何可识别的栏目下，未导入")
                break

    def _store(
        self, doc: ReportDocument, sheet: _Sheet, layout: ReportSpec, blk: Block, row: Row, r: int, cols: dict[str, int]
    ) -> None:
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
                self.problem(
                    ProblemKind.UNREADABLE,
                    sheet.where(r, c),
                    "单元格是公式但没有保存计算结果（请在 Excel/WPS 中打开并保存后再导入），已留空",
                    (ref,) if own else (),
                )
                continue
            if not blk.value_type.is_integer and own:
                # our export writes "0" for 0 decimals, "0.00" for 2 and so on
                fmt = cell.number_format if cell is not None else sheet.blank_formats.get((r, c), "")
                places = re.fullmatch(r"0(?:\.(0+))?", fmt or "")
                if places:
                    doc.fee_decimals = len(places.group(1) or "")
            if cell is not None and cell.value is not None:
                value = self._value(cell, blk, sheet, r, c, ref if own else "")
                if value is None and str(cell.value).strip() not in ("",):
                    self.problem(
                        ProblemKind.CHECK, sheet.where(r, c), f"原文为“{cell.value}”，已留空", (ref,) if own else ()
                    )
            if not own:
                doc.foreign_cells[f"{layout.edition}:{ref}"] = value
            elif info.computed:
                if value is not None:
                    doc.stated[ref] = value
            else:
                doc.cells[ref] = value

    def _value(self, cell: _Cell, blk: Block, sheet: _Sheet, r: int, c: int, ref: str) -> CellValue:
        raw = cell.value
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
        try:
            return parse_value(text, blk.value_type)
        except NumberError as exc:
            try:
                value = Decimal(re.sub(r"[,，\s]", "", text))
            except InvalidOperation:
                self.problem(ProblemKind.UNREADABLE, sheet.where(r, c), f"{exc}，已留空", (ref,) if ref else ())
                return None
            self.problem(
                ProblemKind.CHECK, sheet.where(r, c), f"{exc}；已按原样读取为{text.strip()}", (ref,) if ref else ()
            )
            return value

    # ----------------------------------------------------------------------- all
    def run(self) -> ImportResult:
        meta, edition_name = self.metadata()
        year_text = meta.get("year", "")
        year = int(year_text) if year_text.isdigit() else None
        edition = edition_for_year(year) if year else "2021"
        if edition_name:
            named = [e for e in available_editions() if load_spec(e).name == edition_name.strip()]
            if named and named[0] != edition:
                self.problem(
                    ProblemKind.NOTE,
                    "封面",
                    f"工作簿注明的格式为{edition_name}，{year}年度应使用{load_spec(edition).name}；按年度适用的格式导入",
                )
        spec = load_spec(edition)
        doc = ReportDocument(spec)
        known = {m.id for m in spec.metadata}
        for key, value in meta.items():
            if key in known:
                doc.meta[key] = value
        if not doc.meta.get("agency") or year is None:
            self.problem(
                ProblemKind.UNREADABLE,
                "工作簿",
                "未找到机关全称或报告年度，请在基本信息中填写",
                ("meta.agency", "meta.year"),
            )
        self.tables(doc)
        self.narrative(doc)
        doc.apply({})
        return ImportResult(doc, self.problems)


def import_xlsx(data: bytes) -> ImportResult:
    """Import a report from the bytes of an .xlsx workbook."""
    return XlsxImporter(data).run()


def import_xlsx_file(path: str) -> ImportResult:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SourceError(describe_read_error(exc, path)) from exc
    return import_xlsx(data)
