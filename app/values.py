"""Cell values: blank (None), an exact Decimal, or the explicit 不适用 marker (Qt-free)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Final, TypeAlias


class NotApplicable(Enum):
    """The explicit 不适用 value: distinct from blank and from 0."""

    NA = "不适用"

    def __str__(self) -> str:
        return self.value


NA: Final = NotApplicable.NA
NA_TEXT: Final = "不适用"

# None is a blank cell.
CellValue: TypeAlias = Decimal | NotApplicable | None


def numeric(value: CellValue) -> Decimal:
    """The value used in arithmetic: blank and 不适用 count as 0 (blank is flagged by its own rule)."""
    return value if isinstance(value, Decimal) else Decimal(0)
