"""One parser for everything typed or pasted: full-width digits, separators, units, blanks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.numbers import NumberError, format_value, parse_value
from app.spec import load_spec
from app.values import NA

SPEC = load_spec("2021")
COUNT = SPEC.value_types["count"]
FEE = SPEC.value_types["fee"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Decimal(12)),
        (" 12 ", Decimal(12)),
        ("１２３", Decimal(123)),
        ("3,119", Decimal(3119)),
        ("3，119", Decimal(3119)),
        ("1,234,567", Decimal(1234567)),
        ("12件", Decimal(12)),
        ("12 件", Decimal(12)),
        ("0", Decimal(0)),
        ("-0", Decimal(0)),
        ("12.0", Decimal(12)),
        ("", None),
        ("-", None),
        ("—", None),
        ("/", None),
        ("／", None),
        ("不适用", NA),
    ],
)
def test_count_inputs(text, expected):
    assert parse_value(text, COUNT) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("-3", "负数"),
        ("3.5", "整数"),
        ("abc", "不是有效的数字"),
        ("1e5", "不是有效的数字"),
        ("12万元", "单位应为件"),
        ("1,23", "不是有效的数字"),
        ("1.2.3", "不是有效的数字"),
    ],
)
def test_count_rejections_say_why(text, fragment):
    with pytest.raises(NumberError, match=fragment):
        parse_value(text, COUNT)


def test_fee_keeps_exact_decimals():
    assert parse_value("96171.6", FEE) == Decimal("96171.6")
    assert parse_value("59237.2449万元", FEE) == Decimal("59237.2449")
    assert parse_value("７７３０．２８", FEE) == Decimal("7730.28")
    with pytest.raises(NumberError, match="小数超过4位"):
        parse_value("1.23456", FEE)
    with pytest.raises(NumberError, match="单位应为万元"):
        parse_value("3940元", FEE)


def test_blank_zero_and_not_applicable_are_distinct():
    values = {parse_value(t, COUNT) for t in ("", "0", "不适用")}
    assert values == {None, Decimal(0), NA}
    assert [format_value(v, COUNT) for v in (None, Decimal(0), NA)] == ["", "0", "不适用"]


def test_fee_format_uses_configured_decimals():
    assert format_value(Decimal("96171.6"), FEE) == "96171.6000"
    assert format_value(Decimal("96171.6"), FEE, decimals=2) == "96171.60"
    assert format_value(Decimal("1.2345"), FEE, decimals=2) == "1.2345"  # never hides digits


@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_counts_parse_back(n):
    value = Decimal(n)
    assert parse_value(format_value(value, COUNT), COUNT) == value
    assert parse_value(f"{n:,}", COUNT) == value


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_formatted_fees_parse_back(value):
    assert parse_value(format_value(value, FEE), FEE) == value


@given(st.text(max_size=30))
def test_parser_never_raises_anything_but_number_error(text):
    try:
        parse_value(text, COUNT)
        parse_value(text, FEE)
    except NumberError:
        pass


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1 2", "中间有空格"),  # two numbers or one? never guess 12
        ("12 3", "中间有空格"),
        ("1 234 5", "中间有空格"),
        ("12²", "特殊字符"),  # not 122
        ("①", "特殊字符"),
        ("٣", "不是有效的数字"),
    ],
)
def test_ambiguous_digits_are_rejected(text, fragment):
    with pytest.raises(NumberError, match=fragment):
        parse_value(text, COUNT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234", Decimal(1234)),
        ("1\u3000234\u3000567", Decimal(1234567)),
        ("12\u200b", Decimal(12)),
        ("\ufeff7", Decimal(7)),
    ],
)
def test_grouping_spaces_and_invisible_characters(text, expected):
    assert parse_value(text, COUNT) == expected


def test_unicode_minus_sign_is_a_minus():
    with pytest.raises(NumberError, match="负数"):
        parse_value("\u22125", COUNT)
    assert parse_value("\u22125", load_spec("2019").value_types["change"]) == Decimal(-5)
