"""§5 row: a project with 1e999999999, a 5,000-digit integer, 1e1000000 as a number or a string."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.document import ReportDocument
from app.numbers import MAX_INTEGER_DIGITS, NumberError, bounded_decimal, parse_value
from app.persistence import ProjectError, load

from .conftest import write_project_with_value

HUGE = [
    "1e999999999",
    "1E999999999",
    "-1e999999999",
    "1e-999999999",
    "1" * 5000,
    "1e1000000",
    '"1e1000000"',
    '"' + "9" * 5000 + '"',
    '"0.' + "1" * 5000 + '"',
    "0." + "1" * 5000,
]


@pytest.mark.parametrize("literal", HUGE, ids=lambda s: s[:14])
def test_a_huge_number_in_a_project_is_refused_with_a_message_naming_the_cell(tmp_path: Path, literal: str) -> None:
    path, ref = write_project_with_value(tmp_path, literal)
    with pytest.raises(ProjectError) as caught:
        load(path)
    message = str(caught.value)
    assert ref in message
    assert "位数过多" in message or "不是有效的数字" in message
    assert len(message) < 400  # the number is shortened, not quoted whole


def test_a_long_number_within_the_bounds_still_loads(tmp_path: Path) -> None:
    path, ref = write_project_with_value(tmp_path, "9" * MAX_INTEGER_DIGITS)
    assert load(path).cells[ref] == Decimal("9" * MAX_INTEGER_DIGITS)
    path, ref = write_project_with_value(tmp_path, "1e3")
    assert load(path).cells[ref] == Decimal(1000)


def test_a_huge_number_elsewhere_in_the_file_is_not_a_traceback(tmp_path: Path) -> None:
    path, _ = write_project_with_value(tmp_path, "null")
    text = path.read_text(encoding="utf-8").replace('"format_version": 1', '"format_version": ' + "1" * 5000)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError, match="format_version"):
        load(path)


@pytest.mark.parametrize("text", ["1" * 5000, "1" * 16, "1" + ",000" * 2000, "0." + "1" * 11, "1" * 16 + ".5"])
def test_typing_or_pasting_too_many_digits_is_refused(text: str) -> None:
    doc = ReportDocument.new("某局", 2024)
    for value_type in {info.block.value_type for info in doc.spec.cells.values()}:
        with pytest.raises(NumberError, match="位数过多"):
            parse_value(text, value_type)


def test_bounded_decimal_refuses_before_building_anything() -> None:
    for text in ("1e999999999", "9" * 5000, "NaN", "Infinity", "abc"):
        with pytest.raises(NumberError):
            bounded_decimal(text)
    assert bounded_decimal("12.5") == Decimal("12.5")
