"""The Excel importer's run: read the sheets, locate the cover items and each table's rows and columns,
parse their cells, report every row, column and number that could not be placed (Qt-free)."""

from __future__ import annotations

from app.document import ReportDocument
from app.importers.common import ImportResult, Problem, ProblemKind
from app.importers.layouts import columns_vary
from app.importers.xlsx.locate import (
    LocatedRow,
    RowId,
    header_map,
    locate_metadata,
    locate_rows,
    metadata_labels,
    row_catalog,
)
from app.importers.xlsx.parse import read_narrative, store_row
from app.importers.xlsx.read import Sheet, read_workbook
from app.spec import available_editions, edition_for_year, load_spec


class XlsxImporter:
    def __init__(self, data: bytes = b"", *, sheets: list[Sheet] | None = None) -> None:
        # ``sheets``: grids read from another kind of file (the tables of a Word document)
        self.sheets = read_workbook(data) if sheets is None else sheets
        self.problems: list[Problem] = []
        self.header_maps: dict[tuple[str, str], dict[str, int]] = {}
        # (edition, block) → where the first row of another edition's layout was found, and its rows
        self.foreign: dict[tuple[str, str], tuple[str, list[str]]] = {}
        self.meta_labels = metadata_labels()

    def problem(self, kind: ProblemKind, source: str, message: str, refs: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem(kind, source, message, refs))

    # ----------------------------------------------------------------------- tables
    def tables(self, doc: ReportDocument) -> None:
        spec = doc.spec
        catalog = row_catalog(spec)
        found_rows: set[tuple[str, str]] = set()
        for sheet in self.sheets:
            rows = locate_rows(doc, sheet, catalog, self.meta_labels, self.problems)
            self._blocks(doc, sheet, rows, found_rows)
            self._unlabelled(doc, sheet, rows, found_rows)
        replaced: dict[tuple[str, str], list[str]] = {}
        for blk in spec.blocks:
            for row in blk.rows:
                if (blk.id, row.id) not in found_rows:
                    instead = next(
                        (
                            key
                            for key in self.foreign
                            if key[1] == blk.id and row.id not in {x.id for x in load_spec(key[0]).block(blk.id).rows}
                        ),
                        None,
                    )
                    if instead is not None:
                        replaced.setdefault(instead, []).append(row.id)
                        continue
                    number = spec.section(blk.section_id).number
                    name = f"表{number} · {row.display_name}" if blk.row_labels else f"表{number}"
                    self.problem(
                        ProblemKind.UNREADABLE,
                        "工作簿",
                        f"未找到“{name}”这一行，该行留空",
                        tuple(blk.ref(row.id, c.id) for c in blk.columns),
                    )

        for (edition, block_id), row_ids in replaced.items():
            blk, other = spec.block(block_id), load_spec(edition)
            where, printed = self.foreign[(edition, block_id)]
            names = "、".join(f"“{blk.row(r).display_name}”" for r in row_ids)
            shown = "、".join(f"“{other.block(block_id).row(r).display_name}”" for r in printed)
            self.problem(
                ProblemKind.CHECK,
                where,
                f"表{spec.section(blk.section_id).number}使用的是{other.name}（{edition}版）的{shown}一行，"
                f"没有{spec.name}的{names}{len(row_ids)}行；该行数字已原样保留，由“表格行列与年度格式不符”检查"
                "（FMT-T3-ROWSET）列出，请按年度格式拆分填写",
                tuple(blk.ref(r, c.id) for r in row_ids for c in blk.columns),
            )

    def _blocks(self, doc: ReportDocument, sheet: Sheet, rows: list[LocatedRow], found: set[tuple[str, str]]) -> None:
        """Consecutive rows of the same block share the header above the first of them."""
        previous_end = 1
        own_blocks = {b.id for b in doc.spec.blocks}
        i = 0
        while i < len(rows):
            rid = rows[i][1]
            j = i
            while j + 1 < len(rows) and rows[j + 1][1].block == rid.block and rows[j + 1][1].edition == rid.edition:
                j += 1
            group = rows[i : j + 1]
            layout = load_spec(rid.edition)
            blk = layout.block(rid.block)
            cols = header_map(sheet, blk, previous_end, group[0][0])
            known = self.header_maps.get((sheet.title, blk.id))
            if known is not None and len(known) > len(cols) and all(c in {x.id for x in blk.columns} for c in known):
                cols = known  # rows of the same table further down (after a row of another edition)
            if cols:
                self.header_maps[(sheet.title, blk.id)] = cols
            # a 2021 block may carry the other edition's columns (table 二): try it when columns are missing
            if len(cols) < len(blk.columns) and columns_vary(blk.section_id):
                for edition in available_editions():
                    other = load_spec(edition)
                    if edition != rid.edition and any(b.id == blk.id for b in other.blocks):
                        alt = header_map(sheet, other.block(blk.id), previous_end, group[0][0])
                        if len(alt) > len(cols):
                            layout, blk, cols = other, other.block(blk.id), alt
                            rid = RowId(edition, rid.block, rid.row)
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
                elif blk.id in own_blocks and not any(row.id == x.id for x in doc.spec.block(blk.id).rows):
                    _where, printed = self.foreign.setdefault((layout.edition, blk.id), (sheet.where(r), []))
                    printed.append(row.id)
                store_row(doc, sheet, layout, blk, row, r, cols, self.problems)
                used = set(cols.values())
                for c in range(first_value, sheet.n_cols + 1):
                    cell = sheet.at(r, c)
                    if cell is not None and cell.is_value and not cell.copy and c not in used:
                        self.problem(
                            ProblemKind.UNREADABLE, sheet.where(r, c), f"“{cell.value}”不在任何可识别的栏目下，未导入"
                        )
            previous_end = group[-1][0] + 1
            i = j + 1

    def _unlabelled(
        self, doc: ReportDocument, sheet: Sheet, rows: list[LocatedRow], found: set[tuple[str, str]]
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
                cols = header_map(sheet, blk, top, r)
                if len(cols) < len(blk.columns) // 2:
                    continue
                found.add((blk.id, blk.rows[0].id))
                store_row(doc, sheet, doc.spec, blk, blk.rows[0], r, cols, self.problems)
                for c in values:
                    if c not in cols.values() and not sheet.cells[(r, c)].copy:
                        self.problem(ProblemKind.UNREADABLE, sheet.where(r, c), "数字不在任何可识别的栏目下，未导入")
                break

    # ----------------------------------------------------------------------- all
    def run(self) -> ImportResult:
        meta, edition_name = locate_metadata(self.sheets, self.meta_labels)
        year_text = meta.get("year", "")
        year = int(year_text) if year_text.isdigit() else None
        edition = edition_for_year(year)
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
            message = "未找到机关全称或报告年度，请在基本信息中填写"
            self.problem(ProblemKind.UNREADABLE, "工作簿", message, ("meta.agency", "meta.year"))
        self.tables(doc)
        read_narrative(doc, self.sheets)
        doc.apply({})
        return ImportResult(doc, self.problems)
