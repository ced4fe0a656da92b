"""Locate stage of the text importer: the title, the section headings, the subheadings of 一, a second
report in the same file, and the row labels of each table (Qt-free)."""

from __future__ import annotations

import re

from app.importers.layouts import columns_vary, other_edition_rows, total_row
from app.importers.text.stream import SourceText, Stream
from app.importers.title import find_title, titles_in
from app.labels import Found, find_in, is_cosmetic, label_key, strip_numbering, variant_keys
from app.spec import available_editions, load_spec
from app.spec.model import Block, ReportSpec, Row, Section

_CN_NUMBERS = "一二三四五六七八九十"
_NOT_AN_AGENCY = ("标题", "发布", "文号", "栏目", "原文", "本地", "页面", "==")


def locate_title(text: str) -> tuple[str, int | None, int]:
    """Agency, year and the offset where the title ends (in the first 60 lines)."""
    pos = 0
    previous = ""
    for line in text.split("\n")[:60]:
        compact = re.sub(r"\s+", "", line)
        title = find_title(compact)
        if title is not None:
            before = re.sub(r"^(?:标题|题目|名称)[:：]", "", title.before)
            agency = before or title.between or previous
            if not before and not title.between and previous:
                agency = previous
            return agency.strip("：: "), title.year, pos + len(line)
        if compact and not compact.startswith(_NOT_AN_AGENCY):
            previous = compact if len(compact) <= 40 else ""
        pos += len(line) + 1
    return "", None, 0


# ----------------------------------------------------------------------------- sections
def heading_keys(spec: ReportSpec, sec: Section) -> list[str]:
    """Every accepted spelling of a section heading: this edition's, the other editions', known variants."""
    others = [load_spec(e) for e in available_editions() if e != spec.edition]
    titled = [sec] + [o.section(sec.id) for o in others if o.section(sec.id).title != sec.title]
    keys: list[str] = []
    for one in titled:
        for variant in variant_keys(one.title, one.variants):
            keys.append(f"{sec.number}、{variant}")
    return keys


def find_heading(s: Stream, keys: list[str], cursor: int) -> Found | None:
    """The earliest heading (any of ``keys``) after ``cursor`` that starts a line or a sentence."""
    best: Found | None = None
    for key in keys:
        pos = cursor
        while True:
            hit = find_in(s.compact, key, pos, len(s.compact), min_score=0.85)
            if hit is None:
                break
            before = s.compact[hit.start - 1] if hit.start else "。"
            # a heading starts a line or follows the end of a sentence; an exact heading may follow
            # anything (pages whose text ran together)
            if hit.score >= 1.0 or s.gap_before[hit.start] or before in "。:;!?>":
                if best is None or hit.start < best.start:
                    best = hit
                break
            pos = hit.start + 1
    return best


def locate_sections(s: Stream, spec: ReportSpec, start: int, labels: dict[str, str]) -> dict[str, Found]:
    """Each section's heading, in order after ``start``; headings printed differently go into ``labels``."""
    found: dict[str, Found] = {}
    cursor = s.index_at(start)
    for sec in spec.sections:
        hit = find_heading(s, heading_keys(spec, sec), cursor)
        if hit is None:
            continue
        found[sec.id] = hit
        cursor = hit.end
        printed = s.compact[hit.start : hit.end]
        if not is_cosmetic(printed, sec.heading):
            labels[f"section:{sec.id}"] = printed
    return found


def locate_second_report(s: Stream, spec: ReportSpec, after: int) -> int | None:
    """Where another report starts after the last section (two reports in one file), or None.

    That is where both 一、总体情况 and 二、主动公开政府信息情况 appear again (one of them alone may
    be quoted in the text), moved back to a title line just before them."""
    hits = [find_heading(s, heading_keys(spec, spec.sections[i]), after) for i in (0, 1)]
    starts = [h.start for h in hits if h is not None and h.score >= 1.0]
    if len(starts) < 2:
        return None
    start = min(starts)
    titles = list(titles_in(s.compact, after, start))
    title = titles[-1] if titles else None
    if title is not None and start - title.end <= 400:
        line = s.line(title.end - 1)
        return max(after, s.index_at(s.line_starts[line - 1]))
    return start


def locate_subtopics(src: SourceText, lo: int, hi: int) -> list[tuple[int, int, int, str]]:
    """（一）…（五） headings inside 一: (number 1-5, compact start, compact end of heading, title)."""
    s = src.stream
    out: list[tuple[int, int, int, str]] = []
    cursor = lo
    number = 1
    while cursor < hi:
        mark = f"({_CN_NUMBERS[number - 1]})" if number <= 10 else ""
        pos = s.compact.find(mark, cursor, hi) if mark else -1
        if pos < 0:
            break
        before = s.compact[pos - 1] if pos > lo else "。"
        if not (s.gap_before[pos] or before in "。:;!?" or pos == lo):
            cursor = pos + 1
            continue
        # the heading runs to the first 。 ： or whitespace (at most 30 characters)
        offset = s.offset(pos)
        seg = src.text[offset : offset + 40]
        m = re.match(r"[（(][一二三四五六七八九十]+[）)]([^。：:\s\n]{0,30})([。：:]?)", seg)
        title = m.group(1) if m else ""
        head_end_offset = offset + (m.end() if m else 3)
        out.append((number, pos, s.index_at(head_end_offset), title))
        cursor = s.index_at(head_end_offset)
        number += 1
    return out


# ----------------------------------------------------------------------------- tables
def layout_of(s: Stream, spec: ReportSpec, sec: Section, lo: int, hi: int) -> ReportSpec:
    """The edition whose table layout the source uses for this section (where the editions' columns differ)."""
    if not columns_vary(sec.id):
        return spec
    region = s.compact[lo:hi]
    scores = {}
    for edition in available_editions():
        blocks = load_spec(edition).section(sec.id).blocks
        labels = {label_key(c.label) for b in blocks for c in b.columns}
        labels |= {label_key(r.label) for b in blocks for r in b.rows}
        scores[edition] = sum(1 for lab in labels if lab in region)
    best = max(scores, key=lambda e: (scores[e], e == spec.edition))
    return load_spec(best) if scores[best] > scores.get(spec.edition, 0) else spec


def table_rows(sec: Section, layout: ReportSpec) -> list[tuple[Block, Row, str, bool]]:
    """(block, row, edition, optional) in reading order; the rows only other editions print (table 三's
    single （六）其他处理 of 2019) are optional and come before the block's total row."""
    out: list[tuple[Block, Row, str, bool]] = []
    for blk in layout.section(sec.id).blocks:
        if not blk.row_labels:
            continue
        for row in blk.rows:
            out.append((blk, row, layout.edition, False))
    for other, row, edition in other_edition_rows(sec, layout):
        mine = [i for i, (b, _, _, _) in enumerate(out) if b.id == other.id]
        total = total_row(other)
        at = next((i for i in mine if out[i][1].id == total), mine[-1] + 1)
        out.insert(at, (other, row, edition, True))
    return out


def locate_row(s: Stream, row: Row, lo: int, hi: int) -> Found | None:
    """The first place in compact[lo:hi] where the row's label (or a known variant, or its text without
    the number) is printed."""
    key = label_key(row.label)
    for candidate in variant_keys(row.label, row.variants):
        hit = find_in(s.compact, candidate, lo, hi, min_score=0.8)
        if hit is not None:
            return hit
    core = strip_numbering(key)
    if core != key and len(core) >= 4:
        return find_in(s.compact, core, lo, hi, min_score=0.85)
    return None


def table_marks(s: Stream, sec: Section, lo: int, hi: int) -> list[Found]:
    """Block titles printed in the table (第二十条第（一）项 …, in any edition): they end the numbers of
    the row before them."""
    marks = {label_key(b.title) for e in available_editions() for b in load_spec(e).section(sec.id).blocks}
    out: list[Found] = []
    for mark in sorted(m for m in marks if m):
        pos = s.compact.find(mark, lo, hi)
        while pos >= 0:
            out.append(Found(pos, pos + len(mark), tuple(range(pos, pos + len(mark))), 1.0))
            pos = s.compact.find(mark, pos + 1, hi)
    return out


def printed_label(s: Stream, hit: Found) -> str:
    """The label as printed: the matched span without numbers printed inside it."""
    span = re.sub(r"(?<!^)\d+(?=\D|$)", "", s.compact[hit.start : hit.end])
    if len(span) - len(hit.positions) <= 2:
        return span
    return "".join(s.compact[p] for p in hit.positions)
