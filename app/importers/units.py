"""Units printed inside a cell ("251000元" in a 万元 column): converted exactly to the column's unit, or the
cell left blank, and either way a message for the import check list (Qt-free)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from app.spec.model import ValueType

# Money units, in 元. 件 is a count's own unit and never converts.
_YUAN: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10**8)}
UNITS: tuple[str, ...] = ("亿元", "万元", "千元", "元", "件")  # longest first, for matching after a number
_NUMBER_WITH_UNIT = re.compile(r"([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(亿元|万元|千元|元|件)")


def unit_after(text: str, start: int) -> str:
    """The unit printed at ``text[start:]`` (NFKC text), or ""."""
    return next((u for u in UNITS if text.startswith(u, start)), "")


def split_unit(text: str) -> tuple[Decimal, str] | None:
    """ "251000元", "２５１，０００ 元" → (251000, "元"); None when the text is not a number followed by a unit."""
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("，", ","))
    match = _NUMBER_WITH_UNIT.fullmatch(flat)
    return (Decimal(match.group(1).replace(",", "")), match.group(2)) if match else None


@dataclass(frozen=True, slots=True)
class Converted:
    """A number printed with a unit, in the column's unit (``value`` None: it cannot be) and what to tell."""

    value: Decimal | None
    message: str  # "" when the unit is the column's own


def in_column_unit(value: Decimal, unit: str, column: ValueType) -> Converted:
    """``value`` printed in ``unit`` as an exact value of ``column``, or None with the reason."""
    printed = f"{_plain(value)}{unit}"
    if unit == column.unit or (unit == "件" and column.unit not in _YUAN):
        return Converted(value, "")
    if unit not in _YUAN or column.unit not in _YUAN:
        return Converted(None, f"原文为“{printed}”，本栏以{column.unit}计，无法换算，已留空，请对照原文填写")
    converted = value * _YUAN[unit] / _YUAN[column.unit]
    exact = converted == converted.to_integral_value()
    converted = Decimal(int(converted)) if exact else converted.normalize()
    places = decimals(converted)
    if (column.is_integer and places) or places > column.max_decimals:
        return Converted(
            None,
            f"原文为“{printed}”，换算为{column.unit}需要{places}位小数（本栏最多{column.max_decimals}位），已留空，请核对",
        )
    return Converted(converted, f"原文为“{printed}”，已换算为本栏单位：{_plain(converted)}{column.unit}，请核对")


def decimals(value: Decimal) -> int:
    """How many decimals an exact value needs (25.10 → 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _plain(value: Decimal) -> str:
    return format(value, "f")
