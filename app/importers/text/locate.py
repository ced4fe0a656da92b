"""Locate stage of the text importer: the title, the section headings, the subheadings of 一, a second
report in the same file, and the row labels of each table (Qt-free)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.importers.layouts import columns_vary, other_edition_rows, total_row
from app.importers.text.stream import SourceText, Stream
from app.importers.title import find_title, titles_in
from app.labels import Found, find_in, is_cosmetic, label_key, strip_numbering, variant_keys
from app.spec import available_editions, load_spec
from app.spec.model import Block, ReportSpec, Row, Section, TextField

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


@dataclass(frozen=True, slots=True)
class Subheading:
    """（一）…（五） inside 一: where it starts, where its own text ends and the body begins.

    ``how``: "official" (the field's title, perhaps with 方面/情况 after it), "delimited" (another
    heading ended by a line break or 。：), "run_on" (another heading that runs straight into its text: where
    it ends is unknown, so the body starts right after the number and keeps the heading).
    """

    number: int
    start: int
    end: int
    title: str
    how: str


_STOPS = "。:;!?"  # compact text is NFKC: ：；！？ became :;!?
_AFTER_TITLE = re.compile(r"(?:工作)?(?:方面|有关情况|办理情况|情况)?(?:工作)?[。:;,，、.]?")
_MAX_HEADING = 30


def locate_subtopics(src: SourceText, fields: list[TextField], lo: int, hi: int) -> list[Subheading]:
    """The numbered subheadings of a section whose fields have headings, in order."""
    s = src.stream
    out: list[Subheading] = []
    cursor = lo
    number = 1
    while cursor < hi and number <= len(_CN_NUMBERS):
        mark = f"({_CN_NUMBERS[number - 1]})"
        pos = s.compact.find(mark, cursor, hi)
        if pos < 0:
            break
        before = s.compact[pos - 1] if pos > lo else "。"
        if not (s.gap_before[pos] or before in "。:;!?" or pos == lo):
            cursor = pos + 1
            continue
        after = pos + len(mark)
        fld = fields[number - 1] if number <= len(fields) else None
        end, how = _heading_end(s, fld, after, hi)
        title = src.text[s.offset(after) : s.offset(end)].strip().rstrip("。：:；;！!？?，,、")
        out.append(Subheading(number, pos, end, title, how))
        cursor = max(end, after)
        number += 1
    return out


def _heading_end(s: Stream, fld: TextField | None, after: int, hi: int) -> tuple[int, str]:
    """Where the heading that starts at ``after`` ends, and how that was told (see Subheading)."""
    limit = min(hi, after + _MAX_HEADING + 1)
    separator = next((i for i in range(after + 1, limit) if s.gap_before[i] or s.compact[i] in _STOPS), None)
    if fld is not None:
        own = label_key(re.sub(r"^[（(][一二三四五六七八九十]+[）)]", "", fld.title))
        hit = find_in(s.compact, own, after, min(hi, after + len(own) + 12), min_score=0.75, anchored=True)
        if hit is not None:
            end = hit.end
            tail = _AFTER_TITLE.match(s.compact, end, hi)
            end = tail.end() if tail else end
            # the rest of the heading's own line ("（一）主动公开政府信息情况" on a line of its own)
            line_end = next((i for i in range(end, min(hi, end + 12)) if s.gap_before[i]), None)
            rest = s.compact[end:line_end]
            ended = s.compact[end - 1] in _STOPS + ",，、."
            if line_end is not None and not ended and not any(ch in ",。" or ch.isdigit() for ch in rest):
                end = line_end
            return end, "official"
    if separator is not None:
        return separator + (1 if s.compact[separator] in _STOPS else 0), "delimited"
    return after, "run_on"


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


# A row to look for: (block, row, edition, optional)
TableRow = tuple[Block, Row, str, bool]


def table_rows(sec: Section, layout: ReportSpec) -> list[TableRow]:
    """(block, row, edition, optional) in reading order; the rows only other editions print (table 三's
    single （六）其他处理 of 2019) are optional and come before the block's total row."""
    out: list[TableRow] = []
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


_ROW_NUMBER = re.compile(r"\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、")
_LABEL_END = re.compile(r"[\d/—–\-∅]")
_MIN_LABEL_SIMILARITY = 0.6


def locate_numbered_row(s: Stream, row: Row, block_rows: list[Row], lo: int, hi: int) -> Found | None:
    """A row label with a typo ("2.其他法律行政止公开"): the text in compact[lo:hi] that starts with the
    row's number and runs to its numbers, when it is closer to this row's label than to any other row of
    the block with that number, and similar enough."""
    key = label_key(row.label)
    number = _ROW_NUMBER.match(key)
    if number is None:
        return None
    prefix = number.group(0)
    rivals = [label_key(o.label) for o in block_rows if o is not row and label_key(o.label).startswith(prefix)]
    best: tuple[float, int, int] | None = None
    pos = s.compact.find(prefix, lo, hi)
    while pos >= 0:
        end = pos + len(prefix)
        limit = min(hi, pos + len(key) + 8)
        while end < limit and not _LABEL_END.match(s.compact[end]):
            end += 1
        printed = s.compact[pos:end]
        score = SequenceMatcher(None, printed, key, autojunk=False).ratio()
        closest = all(SequenceMatcher(None, printed, o, autojunk=False).ratio() < score for o in rivals)
        if score >= _MIN_LABEL_SIMILARITY and closest and (best is None or score > best[0]):
            best = (score, pos, end)
        pos = s.compact.find(prefix, pos + 1, hi)
    if best is None:
        return None
    score, start, end = best
    return Found(start, end, tuple(range(start, end)), score)


_STRAY = re.compile(r"(\d)\.(?=[\u4e00-\u9fff])")


def stray_labels(s: Stream, lo: int, hi: int, consumed: set[int]) -> list[Found]:
    """Numbered labels ("2.其他……") in compact[lo:hi] that no row claimed: from the number to the first
    character that belongs to a number or to a claimed label."""
    out: list[Found] = []
    for m in _STRAY.finditer(s.compact, lo, hi):
        start = m.start()
        if start in consumed or m.end() in consumed:
            continue
        end = m.end()
        while end < hi and end not in consumed and not _LABEL_END.match(s.compact[end]):
            end += 1
        if end - m.end() >= 2:
            out.append(Found(start, end, tuple(range(start, end)), 0.0))
    return out


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
