"""Parse stage of the text importer for tables: the numbers between two labels as tokens, and tokens into
the cells of a row only when the reading is certain (Qt-free)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.importers.text.stream import Stream
from app.importers.units import unit_after

BLANK_CELL = "∅"  # written by the HTML converter for an empty table cell
_TOKEN = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[/—–\-∅]+")
_NUMBER_CHARS = frozenset(",.-−/—–∅")
_BLANK_CHARS = frozenset("/—–-∅")


@dataclass(frozen=True, slots=True)
class Token:
    """One number (or blank mark: "/", "—", an empty cell) as printed, at a compact index of the stream."""

    text: str
    value: Decimal | None  # None: a blank mark
    index: int
    unit: str = ""  # printed right after the number ("251000元")

    @property
    def plain_digits(self) -> bool:
        return self.text.isdigit()


def tokens(stream: Stream, lo: int, hi: int, consumed: set[int]) -> list[Token]:
    """The numbers and blank marks in compact[lo:hi], skipping label characters (``consumed``) and unit notes."""
    chars: list[str] = []
    index: list[int] = []
    for i in range(lo, hi):
        ch = stream.compact[i]
        if stream.gap_before[i]:
            chars.append(" ")
            index.append(i)
        if i in consumed or i in stream.masked or not (ch.isdigit() or ch in _NUMBER_CHARS):
            ch = " "
        chars.append(ch)
        index.append(i)
    joined = "".join(chars)
    out: list[Token] = []
    for m in _TOKEN.finditer(joined):
        text = m.group(0)
        if text.strip("-") == "" and len(text) > 2:
            continue  # a rule line, not a cell
        if set(text) <= _BLANK_CHARS:
            out.append(Token(text, None, index[m.start()]))
        else:
            try:
                value = Decimal(text.replace(",", "").replace("−", "-"))
            except InvalidOperation:
                continue
            last = index[m.end() - 1]
            unit = "" if last + 1 in consumed or last + 1 in stream.masked else unit_after(stream.compact, last + 1)
            out.append(Token(text, value, index[m.start()], unit))
    return out


def one_per_cell(tokens: Sequence[Token], count: int) -> list[Token] | None:
    """The tokens of a row when there is exactly one per cell (blank marks around them dropped), else None."""
    tokens = list(tokens)
    while len(tokens) > count and tokens[-1].value is None:
        tokens.pop()  # empty cells after the last column
    while len(tokens) > count and tokens[0].value is None:
        tokens.pop(0)  # empty cells of the label area
    return tokens if len(tokens) == count else None


def split_cells(tokens: Sequence[Token], count: int) -> tuple[list[Decimal | None] | None, str]:
    """The cell values when the tokens determine them, else None; plus a note on how they were read."""
    cells = one_per_cell(tokens, count)
    if cells is not None:
        return [t.value for t in cells], ""
    digits = sum(len(t.text) for t in tokens)
    plain = all(t.plain_digits and not t.unit for t in tokens)
    if tokens and len(tokens) < count and plain and digits == count:
        values: list[Decimal | None] = [Decimal(d) for t in tokens for d in t.text]
        return values, "原文中数字连在一起、没有分隔，按每格一位数读取（只有这一种读法）"
    return None, ""


def complete_row(values: Sequence[Decimal | None]) -> list[Decimal] | None:
    """n − 1 numbers for a row of n − 1 parts and their 总计: the whole row when every reading agrees.

    One cell is missing and it is not known which. Reading it as the missing 总计 (the sum of the parts), or as
    any one missing part (总计 minus the others), must give the same n numbers; otherwise None.
    """
    if len(values) < 2 or any(v is None for v in values):
        return None
    nums = [v for v in values if v is not None]
    readings = [[*nums, sum(nums, Decimal(0))]]
    parts, total = nums[:-1], nums[-1]
    for k in range(len(nums)):
        missing = total - sum(parts, Decimal(0))
        if missing >= 0:
            readings.append([*parts[:k], missing, *parts[k:], total])
    first = readings[0]
    return first if all(r == first for r in readings) else None
