"""Read stage of the text importer: the source normalised into a compact character stream that remembers
where each character came from (line, offset), with page numbers and unit notes set aside (Qt-free)."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*[-—–－]?[ \t]*\d{1,3}[ \t]*[-—–－]?[ \t]*$|^[ \t]*第\s*\d+\s*页.*$", re.M)
_UNIT_NOTE = re.compile(r"[（(][^（）()\n]{0,40}?(?:单位|小数)[^（）()\n]{0,40}?[)）]")
_DROPPED = frozenset("“”‘’\"'「」『』")


@dataclass
class Stream:
    """The source as a compact, normalised character sequence (NFKC, no spaces, no quotes).

    Labels are matched and numbers read on ``compact``; ``offsets`` and ``line_starts`` lead back to
    the source for messages.
    """

    source: str
    compact: str
    offsets: list[int]  # compact index → offset in source
    gap_before: list[bool]  # compact index → whitespace before it in the source
    line_starts: list[int]
    masked: set[int] = field(default_factory=set)  # compact indexes inside unit notes like （单位：万元）

    @classmethod
    def build(cls, source: str) -> Stream:
        chars: list[str] = []
        offsets: list[int] = []
        gaps: list[bool] = []
        gap = True
        for offset, ch in enumerate(source):
            if ch.isspace():
                gap = True
                continue
            norm = unicodedata.normalize("NFKC", ch)
            for c in norm:
                if c.isspace() or c in _DROPPED:
                    continue
                chars.append(c)
                offsets.append(offset)
                gaps.append(gap)
                gap = False
        for i in range(1, len(chars) - 1):  # "1、申请人" → "1.申请人"
            if chars[i] == "、" and chars[i - 1].isdigit() and not chars[i + 1].isdigit():
                chars[i] = "."
        line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        stream = cls(source, "".join(chars), offsets, gaps, line_starts)
        for m in _UNIT_NOTE.finditer(source):
            stream.masked.update(range(stream.index_at(m.start()), stream.index_at(m.end())))
        return stream

    def index_at(self, offset: int) -> int:
        """The first compact index at or after a source offset."""
        return bisect.bisect_left(self.offsets, offset)

    def offset(self, index: int) -> int:
        return self.offsets[index] if index < len(self.offsets) else len(self.source)

    def line(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, self.offset(index))


@dataclass
class SourceText:
    """The prepared text (same offsets as the input, page furniture blanked out) and its stream.

    ``layout``: the text comes from `pdftotext -layout` (paragraphs are indented, lines wrap).
    """

    text: str
    layout: bool
    stream: Stream

    @classmethod
    def prepare(cls, text: str, layout: bool | None) -> SourceText:
        text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        detected = "\f" in text or len(_PAGE_NUMBER.findall(text)) >= 2
        # a form feed starts a page but not a line (editors do not count it): the line numbers stay
        # those an editor shows
        text = text.replace("\n\f", "\n ").replace("\f", "\n")
        text = strip_markup(text)
        # page numbers become spaces, so that offsets stay those of the source
        text = _PAGE_NUMBER.sub(lambda m: " " * len(m.group(0)), text)
        return cls(text, detected if layout is None else layout, Stream.build(text))


# Markdown and OCR leftovers, removed line by line (never a line break, so line numbers stay right).
_MARKUP: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.M), ""),  # "# 标题", "###一、总体情况"
    (re.compile(r"[ \t]*#{2,}[ \t]*$|(?<=\s)#+[ \t]*$", re.M), ""),  # "……情况。###"
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # quoted lines
    (re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$", re.M), ""),  # |---|---| and --- rules
    (re.compile(r"^[ \t]*(?:[*_][ \t]*){3,}$", re.M), ""),  # *** and ___ rules
    (re.compile(r"\*\*|__|`+"), ""),  # **bold**, __bold__, `code`
    (re.compile(r"\|"), "\t"),  # | table | cells | (a separator: digits of two cells never join)
)


def strip_markup(text: str) -> str:
    """The text without Markdown or OCR markup (heading marks, emphasis, table pipes, rules)."""
    if not any(ch in text for ch in "#>*_`|-"):
        return text
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text
