"""The one parser and formatter for everything a clerk types or pastes into a cell (Qt-free)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from app.errors import UserError
from app.spec.model import ValueType
from app.values import NA, NA_TEXT, CellValue

# Cells that mean "nothing here": read as blank (and then flagged by NUM-NO-BLANK).
_BLANK_MARKS = frozenset({"", "-", "—", "——", "/", "－", "–", "―", "／", "－－", "--"})
_NUMBER = re.compile(r"^(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$", re.ASCII)
# Invisible characters a web page or a word processor leaves in copied text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Digits separated by spaces: only a thousands grouping ("1 234 567") is one number.
_SPACED_DIGITS = re.compile(r"\d+(?:\s+\d+)+", re.ASCII)
_SPACED_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+", re.ASCII)


class NumberError(UserError):
    """Text that is not a valid value for its cell; the message is plain Chinese."""


# The bounds of every number on every path (project file, import, typing, paste): far beyond any count of
# requests or any fee in 万元, and small enough that no huge integer or Decimal is ever built from input.
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 10
# The longest spelling of a number worth parsing at all ("-999,999,999,999,999.0000000000" and some spaces).
MAX_NUMBER_CHARS = 64
_BOUND_MESSAGE = f"整数部分最多 {MAX_INTEGER_DIGITS} 位，小数最多 {MAX_FRACTION_DIGITS} 位"


def shown(text: str, limit: int = 24) -> str:
    """``text`` for a message: stripped, and shortened with "…" when long."""
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def too_many_digits(text: str) -> NumberError:
    """The error for a number beyond MAX_INTEGER_DIGITS / MAX_FRACTION_DIGITS (or an absurd exponent)."""
    return NumberError(f"“{shown(text)}”位数过多，不是有效的数值（{_BOUND_MESSAGE}）")


def check_bounds(value: Decimal, text: str) -> Decimal:
    """``value`` if it is finite and within the digit bounds; else NumberError quoting ``text``."""
    if not value.is_finite():
        raise NumberError(f"“{shown(text)}”不是有效的数字")
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise too_many_digits(text)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_FRACTION_DIGITS and value != value.quantize(Decimal(1).scaleb(-MAX_FRACTION_DIGITS)):
        raise too_many_digits(text)
    return value


def within_bounds(value: Decimal) -> bool:
    """Whether ``value`` is finite and within MAX_INTEGER_DIGITS / MAX_FRACTION_DIGITS (cheap for any value)."""
    try:
        check_bounds(value, "")
    except NumberError:
        return False
    return True


def bounds_text() -> str:
    """The bounds in words, for messages: "整数部分最多 15 位，小数最多 10 位"."""
    return _BOUND_MESSAGE


def bounded_decimal(text: str) -> Decimal:
    """Decimal of a short plain or scientific spelling within the bounds; NumberError otherwise.

    The length is checked before anything is parsed, and the bounds before anything is rounded or turned
    into an integer, so "1e999999999" or a 5,000-digit integer costs nothing.
    """
    if len(text) > MAX_NUMBER_CHARS:
        raise too_many_digits(text)
    if len(text) <= MAX_INTEGER_DIGITS and text.isascii() and text.isdigit():
        return Decimal(text)  # a plain count, what project files hold: within the bounds by its length
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise NumberError(f"“{shown(text)}”不是有效的数字") from exc
    return check_bounds(value, text)


def normalize_text(text: str) -> str:
    """NFKC (full-width digits, commas, points → ASCII) and no surrounding or inner spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    text = text.replace("，", ",").replace("。", ".").replace("．", ".").replace("\u2212", "-")
    return re.sub(r"\s+", "", text)


def parse_value(text: str, value_type: ValueType) -> CellValue:
    """Parse one cell's text; raise NumberError with a Chinese message when it is not acceptable."""
    raw = text
    text = normalize_text(text)
    if text in _BLANK_MARKS or raw.strip() in _BLANK_MARKS:
        return None
    if text == NA_TEXT:
        return NA
    if any(unicodedata.category(c) == "No" for c in raw):  # ², ①, ½: never read as digits
        raise NumberError(f"“{raw.strip()}”含有上标、圈码或分数等特殊字符，请只填阿拉伯数字")
    spaced = unicodedata.normalize("NFKC", raw.translate(_INVISIBLE))
    for run in _SPACED_DIGITS.finditer(spaced):
        if not _SPACED_GROUPS.fullmatch(re.sub(r"\s+", " ", run.group(0))):
            raise NumberError(f"“{raw.strip()}”的数字中间有空格，无法确定是一个数还是几个数")
    for unit in sorted({value_type.unit, "件", "万元", "元"}, key=len, reverse=True):
        if text.endswith(unit) and len(text) > len(unit):
            if unit != value_type.unit:
                raise NumberError(f"“{raw.strip()}”的单位应为{value_type.unit}")
            text = text[: -len(unit)]
            break
    match = _NUMBER.match(text)
    if not match:
        raise NumberError(f"“{shown(raw)}”不是有效的数字")
    if len(match["int"].replace(",", "").lstrip("0")) > MAX_INTEGER_DIGITS or (
        len((match["frac"] or "").rstrip("0")) > MAX_FRACTION_DIGITS
    ):
        raise too_many_digits(raw)
    negative = match["sign"] == "-" and bool(match["int"].strip("0,") or (match["frac"] or "").strip("0"))
    if negative and not value_type.signed:
        raise NumberError(f"“{raw.strip()}”为负数，本栏只能填不小于0的数")
    frac = match["frac"] or ""
    try:
        value = Decimal(("-" if negative else "") + match["int"].replace(",", "") + ("." + frac if frac else ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise NumberError(f"“{raw.strip()}”不是有效的数字") from exc
    if value_type.is_integer:
        if frac.strip("0"):
            raise NumberError(f"“{raw.strip()}”不是整数，件数只能填整数")
        return Decimal(int(value))
    if len(frac.rstrip("0")) > value_type.max_decimals:
        raise NumberError(f"“{raw.strip()}”的小数超过{value_type.max_decimals}位（单位：{value_type.unit}）")
    return value


def format_value(value: CellValue, value_type: ValueType, decimals: int | None = None) -> str:
    """Display text of a value: blank → "", 不适用 → "不适用", numbers without grouping."""
    if value is None:
        return ""
    if value is NA:
        return NA_TEXT
    assert isinstance(value, Decimal)
    if value_type.is_integer:
        return str(int(value)) if value == value.to_integral_value() else format(value, "f")
    places = value_type.max_decimals if decimals is None else decimals
    quantum = Decimal(1).scaleb(-places)
    if value == value.quantize(quantum):
        return format(value.quantize(quantum), "f")
    return format(value.normalize(), "f")  # more decimals than configured: show them all


def format_decimal(value: Decimal) -> str:
    """A plain, exact rendering for messages ("96171.6", "12")."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def to_json(value: CellValue) -> str | None:
    """Project-file spelling: null, "不适用", or the exact decimal as a string."""
    if value is None:
        return None
    if value is NA:
        return NA_TEXT
    assert isinstance(value, Decimal)
    return format(value, "f")
