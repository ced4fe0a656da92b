"""Cell geometry of the PDF importer: tables from the ruling lines, each character placed in its cell (Qt-free).

A table is a connected set of horizontal and vertical rules. Their distinct positions cut it into a grid of
atomic cells; two neighbouring atomic cells are one (merged) cell when no rule is drawn between them. Every
character whose centre lies inside a table belongs to the cell that contains it; the others are the
narrative, returned as lines in reading order. Columns are never guessed from the spacing of the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.importers.pdf.read import Char, Page, Segment

_SNAP = 2.0  # rules closer than this (points) are the same rule; printers draw double and overlapping lines
_JOIN = 2.5  # pieces of one rule drawn with gaps up to this are joined
_MIN_RULE = 4.0


@dataclass
class Table:
    """A ruled table of one page: column and row boundaries, and the text of each (merged) cell."""

    page: int
    xs: list[float]
    ys: list[float]
    # (row, col) 0-based of the top-left atomic cell → (last row, last col) of the merged cell and its text
    cells: dict[tuple[int, int], tuple[tuple[int, int], str]] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


@dataclass(frozen=True, slots=True)
class Line:
    """One line of narrative text: its page, its text with the indentation and gaps as spaces."""

    page: int
    text: str


def _cluster(values: Iterable[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _merge(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, start, end) pieces → whole rules: same position (within _SNAP), overlapping or near spans."""
    out: list[tuple[float, float, float]] = []
    rules.sort()
    groups: list[list[tuple[float, float, float]]] = []
    for r in rules:
        if groups and r[0] - groups[-1][0][0] <= _SNAP:
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        pos = sum(g[0] for g in group) / len(group)
        spans = sorted((g[1], g[2]) for g in group)
        lo, hi = spans[0]
        for a, b in spans[1:]:
            if a <= hi + _JOIN:
                hi = max(hi, b)
            else:
                out.append((pos, lo, hi))
                lo, hi = a, b
        out.append((pos, lo, hi))
    return [r for r in out if r[2] - r[1] >= _MIN_RULE]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _covered(rules: list[tuple[float, float, float]], pos: float, lo: float, hi: float) -> bool:
    """Whether a rule at ``pos`` covers the middle of the span lo–hi (a boundary drawn between two cells)."""
    margin = (hi - lo) * 0.25
    return any(abs(p - pos) <= _SNAP and a <= lo + margin and b >= hi - margin for p, a, b in rules)


def _frames(segments: list[Segment]) -> list[tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]:
    """Connected sets of rules: (horizontal, vertical) rules of each, as (position, start, end)."""
    hs = _merge([(s.y0, s.x0, s.x1) for s in segments if s.y0 == s.y1])
    vs = _merge([(s.x0, s.y0, s.y1) for s in segments if s.x0 == s.x1])
    union = _Union(len(hs) + len(vs))
    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - _JOIN <= x <= x1 + _JOIN and y0 - _JOIN <= y <= y1 + _JOIN:
                union.join(i, len(hs) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(union.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(union.find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _text(chars: list[Char]) -> str:
    """The characters of one cell: lines top to bottom, each left to right; a wrapped line joins the next.

    Justified labels spread their characters apart, so a gap is no word break; only between two digits
    does a wide gap stay a space (two numbers in one cell must not run together)."""
    out: list[str] = []
    for line in _lines(chars):
        size = _size(line)
        prev: Char | None = None
        for ch in line:
            if prev is not None and ch.x0 - prev.x1 > size * 0.6 and prev.text.isdigit() and ch.text.isdigit():
                out.append(" ")
            out.append(ch.text)
            prev = ch
    return "".join(out).strip()


def _size(line: list[Char]) -> float:
    """The line's character height (the median: a full stop or a quote mark has a small box)."""
    return max(1.0, sorted(c.bottom - c.top for c in line)[len(line) // 2])


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines: a character joins the line whose band (top to bottom of its tall
    characters) holds its centre; punctuation with a small box sits low in the band and still belongs."""
    bands: list[tuple[float, float, list[Char]]] = []
    for ch in sorted(chars, key=lambda c: (c.bottom - c.top) * -1):  # tall characters make the bands
        for i, (top, bottom, members) in enumerate(bands):
            if top - 0.5 <= ch.cy <= bottom + 0.5:
                members.append(ch)
                if ch.bottom - ch.top >= (bottom - top) * 0.6:
                    bands[i] = (min(top, ch.top), max(bottom, ch.bottom), members)
                break
        else:
            bands.append((ch.top, ch.bottom, [ch]))
    bands.sort(key=lambda b: b[0])
    return [sorted(members, key=lambda c: c.x0) for _, _, members in bands]


def _line_text(line: list[Char], indent: float, em: float | None) -> str:
    """One narrative line's text: as many leading spaces as it is indented from ``indent`` (the left
    margin), and a gap wider than half a character as spaces (two per character width, as a layout
    text has them)."""
    size = em or _size(line)
    out = [" " * max(0, round((line[0].x0 - indent) / size * 2))]
    prev: Char | None = None
    for ch in line:
        if prev is not None:
            gap = ch.x0 - prev.x1
            if gap > size * 0.5:
                out.append(" " * max(1, round(gap / size * 2)))
        out.append(ch.text)
        prev = ch
    return "".join(out)


def _table(page: int, hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> Table:
    xs = _cluster([v[0] for v in vs] + [min(h[1] for h in hs), max(h[2] for h in hs)], _SNAP * 1.5)
    ys = _cluster([h[0] for h in hs] + [min(v[1] for v in vs), max(v[2] for v in vs)], _SNAP * 1.5)
    table = Table(page, xs, ys)
    rows, cols = table.n_rows, table.n_cols
    union = _Union(rows * cols)
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                union.join(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                union.join(r * cols + c, (r + 1) * cols + c)
    spans: dict[int, tuple[int, int, int, int]] = {}
    for r in range(rows):
        for c in range(cols):
            root = union.find(r * cols + c)
            r0, c0, r1, c1 = spans.get(root, (r, c, r, c))
            spans[root] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
    for r0, c0, r1, c1 in spans.values():
        table.cells[(r0, c0)] = ((r1, c1), "")
    return table


def _inside(table: Table, ch: Char) -> tuple[int, int] | None:
    xs, ys = table.xs, table.ys
    if not (xs[0] < ch.cx < xs[-1] and ys[0] < ch.cy < ys[-1]):
        return None
    return bisect.bisect_right(ys, ch.cy) - 1, bisect.bisect_right(xs, ch.cx) - 1


def page_layout(page: Page) -> tuple[list[Table], list[Line]]:
    """The ruled tables of a page (top to bottom) with their cells' text, and the narrative lines outside them."""
    tables = sorted((_table(page.number, hs, vs) for hs, vs in _frames(page.segments)), key=lambda t: t.ys[0])
    tables = [t for t in tables if t.n_rows >= 1 and t.n_cols >= 2]  # a box round a paragraph is not a table
    owner: dict[int, dict[tuple[int, int], list[Char]]] = {id(t): {} for t in tables}
    narrative: list[Char] = []
    for ch in page.chars:
        for t in tables:
            at = _inside(t, ch)
            if at is not None:
                anchor = _anchor(t, at)
                owner[id(t)].setdefault(anchor, []).append(ch)
                break
        else:
            narrative.append(ch)
    for t in tables:
        for anchor, chars in owner[id(t)].items():
            end, _ = t.cells[anchor]
            t.cells[anchor] = (end, _text(chars))
    lines = _lines(narrative)
    margin = min((ln[0].x0 for ln in lines), default=0.0)
    sizes = sorted(c.bottom - c.top for c in narrative)
    em = max(1.0, sizes[len(sizes) // 2]) if sizes else None
    return tables, [Line(page.number, _line_text(ln, margin, em)) for ln in lines]


def _anchor(table: Table, at: tuple[int, int]) -> tuple[int, int]:
    """The top-left atomic cell of the merged cell holding atomic cell ``at``."""
    r, c = at
    if at in table.cells:
        return at
    for (r0, c0), ((r1, c1), _) in table.cells.items():
        if r0 <= r <= r1 and c0 <= c <= c1:
            return (r0, c0)
    return at  # unreachable: every atomic cell is in one merged cell
