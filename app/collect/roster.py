"""The 名单 (roster) of units the office expects a report from, and matching agency names to it (Qt-free)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import UserError
from app.importers.common import SourceError
from app.importers.source import decode_text, read_bytes

# Punctuation clerks type in either width or style; folded to one spelling before comparing names.
_PUNCT = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "【": "(",
        "】": ")",
        "[": "(",
        "]": ")",
        "〔": "(",
        "〕": ")",
        "·": "",
        "•": "",
        "・": "",
        "、": "",
        "，": "",
        ",": "",
        "。": "",
        ".": "",
        "“": "",
        "”": "",
        '"': "",
        "‘": "",
        "’": "",
        "'": "",
        "－": "-",
        "—": "-",
        "–": "-",
    }
)
_SPACE = re.compile(r"\s+")
_MAX_UNITS = 5000
# A first cell like these is the column's heading, not a unit
_HEADERS = frozenset({"单位", "单位名称", "名称", "机关全称", "部门", "部门名称"})


class CollectError(UserError):
    """The folder or the roster cannot be read at all; the message is Chinese."""


def normalise_name(text: str) -> str:
    """The comparable form of an agency name: width folded (NFKC), spaces and separators dropped."""
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    # NFKC turns （ into (; the table above handles what NFKC leaves alone
    return _SPACE.sub("", folded.translate(_PUNCT)).lower()


@dataclass
class Roster:
    """The units expected (official names, in the roster's order) and the clerk's aliases (别名 → 名称)."""

    units: list[str]
    aliases: dict[str, str] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        self._index = {normalise_name(u): u for u in self.units}
        for alias, official in self.aliases.items():
            target = self._index.get(normalise_name(official))
            if target is not None:
                self._index.setdefault(normalise_name(alias), target)

    def with_aliases(self, aliases: Mapping[str, str]) -> Roster:
        return Roster(list(self.units), {**self.aliases, **aliases})

    def match(self, agency: str) -> str | None:
        """The roster name ``agency`` stands for, or None when it is not on the roster."""
        return self._index.get(normalise_name(agency))

    # ------------------------------------------------------------------ reading
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Roster:
        """A .txt (one unit per line; # starts a comment) or the first column of an .xlsx; CollectError."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".xlsx":
            names = _xlsx_first_column(target)
        elif suffix in {".txt", ".csv", ""}:
            names = _text_lines(target)
        else:
            raise CollectError(f"名单“{target.name}”应为 .txt（每行一个单位）或 .xlsx（第一列为单位名称）")
        units: list[str] = []
        seen: set[str] = set()
        for name in names:
            key = normalise_name(name)
            if key and key not in seen:
                seen.add(key)
                units.append(name.strip())
        if not units:
            raise CollectError(f"名单“{target.name}”中没有单位名称")
        if len(units) > _MAX_UNITS:
            raise CollectError(f"名单“{target.name}”超过 {_MAX_UNITS} 个单位，请检查是否选错了文件")
        return cls(units)

    @staticmethod
    def load_aliases(path: str | os.PathLike[str]) -> dict[str, str]:
        """别名表: lines “别名=正式名称” (or separated by a tab); # starts a comment. CollectError."""
        target = Path(path)
        out: dict[str, str] = {}
        for number, line in enumerate(_text_lines(target, keep_blank=True), start=1):
            if not line.strip():
                continue
            alias, sep, official = line.partition("=") if "=" in line else line.partition("\t")
            if not sep or not alias.strip() or not official.strip():
                raise CollectError(f"别名表“{target.name}”第 {number} 行应写成“别名=名单中的名称”")
            out[alias.strip()] = official.strip()
        return out


def _text_lines(path: Path, keep_blank: bool = False) -> list[str]:
    try:
        text = decode_text(read_bytes(path, "text"), path.name)
    except SourceError as exc:
        raise CollectError(f"无法读取名单：{exc}") from exc
    lines = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if body or keep_blank:
            lines.append(body)
    return lines


def _xlsx_first_column(path: Path) -> list[str]:
    import zipfile

    from openpyxl import load_workbook

    try:
        data = read_bytes(path, "xlsx")
    except SourceError as exc:
        raise CollectError(f"无法读取名单：{exc}") from exc
    import io

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise CollectError(f"名单“{path.name}”不是有效的 Excel 工作簿") from exc
    try:
        ws = wb.worksheets[0]
        names = []
        for row in ws.iter_rows(min_col=1, max_col=1, max_row=_MAX_UNITS + 10, values_only=True):
            value = row[0] if row else None
            if value is not None and str(value).strip():
                names.append(str(value).strip())
        if names and names[0] in _HEADERS:
            names = names[1:]
        return names
    finally:
        wb.close()
