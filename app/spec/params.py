"""The typed parameters of each rule kind a format declaration may name: the schema of a `[[rules]]` table (Qt-free).

Every field of a parameter class is a key a rule of that kind may (or, without a default, must) write.
``regex()`` marks regular expressions (compiled at load). ``ref(...)`` marks what a value names, so that
the loader checks it exists: "cell" (t3.new.total), "field" (s1_active), "block" (t3), "row" / "column"
(ids inside the block named by the rule's ``block`` parameter). The code that checks a kind lives in
app/rules (registered there under the same name); a test keeps the two registries equal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

RefKind = Literal["cell", "field", "block", "row", "column"]


@dataclass(frozen=True, slots=True)
class RuleParams:
    """Base of the parameter classes: a kind without parameters uses it as is."""


P = TypeVar("P", bound=RuleParams)
PARAMS: dict[str, type[RuleParams]] = {}


def params(*kinds: str) -> Callable[[type[P]], type[P]]:
    """Register a parameter class for the rule kinds it serves."""

    def register(cls: type[P]) -> type[P]:
        for name in kinds:
            PARAMS[name] = cls
        return cls

    return register


def ref(what: RefKind, default: Any = None) -> Any:
    """A parameter naming a declared item; ``default`` (a tuple for lists) makes it optional."""
    meta = {"ref": what}
    if default is None:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def regex(default: Any = None) -> Any:
    """A parameter holding regular expressions: the loader compiles them, so a bad one fails at load."""
    if default is None:
        return field(metadata={"regex": True})
    return field(default=default, metadata={"regex": True})


for _name in (
    "metadata_required",
    "integer_cells",
    "no_blank",
    "inferred_unconfirmed",
    "fee_cells",
    "sections_present",
    "edition_rowset",
    "official_labels",
    "same_data",
):
    PARAMS[_name] = RuleParams


@params("column_balance")
@dataclass(frozen=True, slots=True)
class ColumnBalance(RuleParams):
    """T3-BAL: per column of ``block``, the sum of the ``left`` rows equals the sum of the ``right`` rows."""

    block: str = ref("block")
    left: tuple[str, ...] = ref("row")
    right: tuple[str, ...] = ref("row")
    left_label: str = ""
    right_label: str = ""


@params("column_not_greater")
@dataclass(frozen=True, slots=True)
class ColumnNotGreater(RuleParams):
    """T3-CARRY-PLAUS: in each entered column of ``block``, ``row`` ≤ ``limit_row``."""

    block: str = ref("block")
    row: str = ref("row")
    limit_row: str = ref("row")


@params("fee_notice")
@dataclass(frozen=True, slots=True)
class FeeNotice(RuleParams):
    """FEE-NOTICE: a count in ``cell`` above 0 requires ``field`` to mention one of ``keywords``."""

    cell: str = ref("cell")
    field: str = ref("field")
    keywords: tuple[str, ...] = ()


@params("fields_required")
@dataclass(frozen=True, slots=True)
class FieldsRequired(RuleParams):
    """TXT-01: each of ``fields`` has its own text."""

    fields: tuple[str, ...] = ref("field")


@params("government_supervision", "fee_statement")
@dataclass(frozen=True, slots=True)
class FieldKeywords(RuleParams):
    """TXT-02, TXT-04: ``field`` mentions ``keywords`` (all of them, or one of them: see the kind)."""

    field: str = ref("field")
    keywords: tuple[str, ...] = ()


@params("problems_and_improvements")
@dataclass(frozen=True, slots=True)
class ProblemsAndImprovements(RuleParams):
    """TXT-03: ``field`` names problems and improvements and is not one of ``empty_phrases``."""

    field: str = ref("field")
    empty_phrases: tuple[str, ...] = ()
    problem_keywords: tuple[str, ...] = ()
    improvement_keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NumberPattern:
    """One entry of TXT-05: a regex whose first group is a quoted number, the cells it adds up, their name."""

    pattern: str = regex()
    cells: tuple[str, ...] = ref("cell")
    label: str = ""


@params("narrative_numbers")
@dataclass(frozen=True, slots=True)
class NarrativeNumbers(RuleParams):
    """TXT-05: numbers quoted in the narrative equal the table values they name."""

    patterns: tuple[NumberPattern, ...] = ()


@params("no_application_statement")
@dataclass(frozen=True, slots=True)
class NoApplicationStatement(RuleParams):
    """TXT-06: ``field`` says "none received" exactly when ``cells`` add up to 0."""

    field: str = ref("field")
    cells: tuple[str, ...] = ref("cell")
    none_phrases: tuple[str, ...] = ()
    other_matters: tuple[str, ...] = ()


@params("placeholders")
@dataclass(frozen=True, slots=True)
class Placeholders(RuleParams):
    """TXT-07: no text matches one of the ``patterns`` (regular expressions)."""

    patterns: tuple[str, ...] = regex(())


@params("carry_over")
@dataclass(frozen=True, slots=True)
class CarryOver(RuleParams):
    """X-CARRY: this year's ``row`` of ``block`` equals last year's ``previous_row``, column by column."""

    block: str = ref("block")
    row: str = ref("row")
    previous_row: str = ref("row")


@params("stock_flow")
@dataclass(frozen=True, slots=True)
class StockFlow(RuleParams):
    """X-STOCK: per row of ``rows``, ``stock`` = last year's ``stock`` + ``added`` − ``removed`` (column ids)."""

    block: str = ref("block")
    rows: tuple[str, ...] = ref("row")
    stock: str = ref("column")
    added: str = ref("column")
    removed: str = ref("column")


@params("narrative_similarity")
@dataclass(frozen=True, slots=True)
class NarrativeSimilarity(RuleParams):
    """X-SIMILAR: more than ``threshold`` (0…1) of a narrative of at least ``min_chars`` is last year's."""

    threshold: float
    min_chars: int
