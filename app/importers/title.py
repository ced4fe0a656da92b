"""The one pattern of a report's title ("XX局2024年政府信息公开工作年度报告"), shared by every importer (Qt-free)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Matched on text without spaces. Published titles vary: 2024年 / 2024年度, with or without 工作, 年度报告 / 年报告.
_TITLE = re.compile(r"(\d{4})年度?(.*?)政府信息公开(?:工作)?年度?报告")


@dataclass(frozen=True, slots=True)
class Title:
    """A title found in compact text: the year, the agency printed before the year (or between the year
    and 政府信息公开, as in "2024年度某某局政府信息公开…"), and where it starts and ends."""

    year: int
    before: str
    between: str
    start: int
    end: int


def _title(match: re.Match[str], text: str, lo: int) -> Title:
    return Title(int(match.group(1)), text[lo : match.start()], match.group(2), match.start(), match.end())


def find_title(compact: str) -> Title | None:
    """The first title in a line (or cell) of compact text; ``before`` is everything in front of it."""
    match = _TITLE.search(compact)
    return _title(match, compact, 0) if match else None


def titles_in(compact: str, lo: int, hi: int) -> Iterator[Title]:
    """Every title inside compact[lo:hi] (``before`` is left empty)."""
    for match in _TITLE.finditer(compact, lo, hi):
        yield _title(match, compact, match.start())
