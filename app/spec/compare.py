"""What differs between the tables of two editions, said in the clerk's words, from the declarations alone."""

from __future__ import annotations

from app.spec.model import Block, ReportSpec, Row, Section

__all__ = ["changed_column_sections", "regroup_hint", "table_differences"]

_NUMERALS = dict(enumerate("一二三四五六七八九十", start=1))


def _same_section(spec: ReportSpec, section_id: str) -> Section | None:
    return next((s for s in spec.sections if s.id == section_id), None)


def _columns(section: Section | None) -> set[tuple[str, str]]:
    return {(b.id, c.id) for b in section.blocks for c in b.columns} if section is not None else set()


def changed_column_sections(have: ReportSpec, need: ReportSpec) -> list[Section]:
    """The table sections of ``need`` whose blocks or columns are not those of the same section of ``have``."""
    return [
        sec for sec in need.sections if sec.kind == "table" and _columns(sec) != _columns(_same_section(have, sec.id))
    ]


def _common_prefix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    prefix = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(prefix), len(path)) and prefix[n] == path[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _row_note(number: str, have: Block, need: Block) -> str | None:
    """E.g. "表三（六）其他处理为1行（应为3行）": the row group the two blocks divide differently."""
    have_ids, need_ids = {r.id for r in have.rows}, {r.id for r in need.rows}
    if have_ids == need_ids:
        return None
    gone = [r.path for r in have.rows if r.id not in need_ids]
    added = [r.path for r in need.rows if r.id not in have_ids]
    # rows only added or only removed: the group they belong to; a group divided otherwise: the group itself
    group = _common_prefix([p[:-1] for p in gone + added] if not gone or not added else gone + added)
    if not group:
        return f"表{number}的行不同"

    def count(rows: tuple[Row, ...]) -> int:
        return sum(1 for r in rows if r.path[: len(group)] == group)

    return f"表{number}{group[-1]}为{count(have.rows)}行（应为{count(need.rows)}行）"


def table_differences(have: ReportSpec, need: ReportSpec) -> list[str]:
    """How the tables of ``have`` differ from those ``need`` requires: rows divided otherwise, then columns."""
    changed = changed_column_sections(have, need)
    notes = []
    for sec in need.sections:
        other = _same_section(have, sec.id)
        if sec.kind != "table" or sec in changed or other is None:
            continue
        for blk in sec.blocks:
            mine = next(b for b in other.blocks if b.id == blk.id)  # same columns: same blocks
            note = _row_note(sec.number, mine, blk)
            if note is not None:
                notes.append(note)
    notes.extend(f"表{sec.number}的栏目不同" for sec in changed)
    return notes


def _short(label: str) -> str:
    """A long row label up to its first 、 ("1.申请人无正当理由逾期不补正…")."""
    head, sep, _ = label.partition("、")
    return f"{head}…" if sep else label


def regroup_hint(foreign: ReportSpec, block_id: str, row_id: str, spec: ReportSpec) -> str:
    """What to do with the values of a row of ``foreign`` that ``spec`` does not have."""
    row = foreign.block(block_id).row(row_id)
    blk = next((b for b in spec.blocks if b.id == block_id), None)
    if blk is not None:
        parts = [r for r in blk.rows if len(r.path) > len(row.path) and r.path[: len(row.path)] == row.path]
        if parts:
            names = "".join(f"“{_short(r.label)}”" for r in parts)
            count = _NUMERALS.get(len(parts), str(len(parts)))
            return f"请将{row.label}的数字按{names}分别填入{count}行。"
    section = foreign.section(foreign.block(block_id).section_id)
    if section in changed_column_sections(spec, foreign):
        return f"请按本年度格式的表{section.number}栏目重新填写。"
    return ""
