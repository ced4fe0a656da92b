"""Typed, immutable model of one edition of the report format (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal, TypeVar

from app.spec.params import RuleParams

P = TypeVar("P", bound=RuleParams)


class Severity(StrEnum):
    """How serious a rule violation is; the values are the project-file spelling."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """Sort order: errors first, then warnings, then infos."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class ValueType:
    """What a table cell holds: an integer count (件) or a decimal amount (万元)."""

    id: str
    kind: Literal["integer", "decimal"]
    unit: str
    max_decimals: int = 0
    plausible_max: Decimal | None = None
    signed: bool = False  # may be negative (the 2019 edition's 本年增/减 columns)

    @property
    def is_integer(self) -> bool:
        return self.kind == "integer"


@dataclass(frozen=True, slots=True)
class MetadataField:
    """One item of the report's 基本信息 (agency, year, contact …)."""

    id: str
    label: str
    kind: Literal["text", "longtext", "year", "choice"]
    required: bool = False
    hint: str = ""
    choices: tuple[str, ...] = ()
    default: str = ""
    # kind "year" only: the years a report may be for (the loader requires both for that kind)
    min_year: int | None = None
    max_year: int | None = None
    # describes the agency rather than one report: copied into next year's report (app/yearly.py)
    carried: bool = False

    @property
    def ref(self) -> str:
        return f"meta.{self.id}"

    def accepts_year(self, year: int) -> bool:
        """Whether ``year`` lies within the declared range of this year field."""
        return self.min_year is not None and self.max_year is not None and self.min_year <= year <= self.max_year


@dataclass(frozen=True, slots=True)
class TextField:
    """One narrative field inside a text section (e.g. 一（一）主动公开)."""

    id: str
    title: str
    section_id: str
    heading: bool = True
    required: bool = True
    hint: str = ""
    # words a printed heading of this field contains ("主动公开"); an import lists a heading without them
    heading_words: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return f"text.{self.id}"


@dataclass(frozen=True, slots=True)
class Column:
    """A value column; ``path`` lists its header labels from the outermost group down."""

    id: str
    path: tuple[str, ...]
    display_name: str = ""  # shortest unique name inside its block, set by the loader
    variants: tuple[str, ...] = ()  # other wordings of the label seen in published reports

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Row:
    """A table row; ``path`` lists its label from the outermost group down."""

    id: str
    path: tuple[str, ...]
    short: str = ""
    variants: tuple[str, ...] = ()  # other wordings of the label seen in published reports

    @property
    def label(self) -> str:
        return self.path[-1]

    @property
    def display_name(self) -> str:
        """The row's name in locations, e.g. "（三）不予公开 1.属于国家秘密"."""
        return " ".join(self.path[1:]) if len(self.path) > 1 else self.path[0]

    @property
    def short_name(self) -> str:
        """The name in arithmetic messages, e.g. "第一项"."""
        return self.short or self.display_name


@dataclass(frozen=True, slots=True)
class Computed:
    """A declared total: a whole column (row sums) or a whole row (column sums)."""

    rule: str
    target_column: str | None = None
    columns: tuple[str, ...] = ()
    target_row: str | None = None
    rows: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A rectangular grid of cells inside a table section."""

    id: str
    section_id: str
    title: str
    value_type: ValueType
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    computed: tuple[Computed, ...] = ()
    corner: str = ""
    row_labels: bool = True
    variants: tuple[str, ...] = ()  # other wordings of the title seen in published reports

    def ref(self, row: str, column: str) -> str:
        return f"{self.id}.{row}.{column}"

    def column(self, column_id: str) -> Column:
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)

    def row(self, row_id: str) -> Row:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    @property
    def label_depth(self) -> int:
        """How many label columns the official layout uses (0 when rows carry no label)."""
        return max(len(r.path) for r in self.rows) if self.row_labels else 0

    @property
    def header_depth(self) -> int:
        return max(len(c.path) for c in self.columns)


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six numbered parts of the report."""

    id: str
    number: str
    title: str
    kind: Literal["text", "table"]
    fields: tuple[TextField, ...] = ()
    blocks: tuple[Block, ...] = ()
    label_header: str = ""
    variants: tuple[str, ...] = ()  # other wordings of the title seen in published reports

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True, slots=True, eq=False)
class RuleSpec:
    """A declared rule: its id from the reference, its kind (the code that checks it) and its typed parameters."""

    id: str
    kind: str
    severity: Severity
    message: str
    params: RuleParams = field(default_factory=RuleParams)

    def args(self, cls: type[P]) -> P:
        """The parameters as the class the rule's kind declares (app/spec/params.py)."""
        if not isinstance(self.params, cls):
            raise TypeError(f"rule {self.id} ({self.kind}) has {type(self.params).__name__}, not {cls.__name__}")
        return self.params


@dataclass(frozen=True, slots=True)
class CellInfo:
    """Everything needed to describe one cell to a person."""

    ref: str
    section: Section
    block: Block
    row: Row
    column: Column
    computed: bool
    # Human location, e.g. "表三 · （一）予以公开 · 自然人": built once, since every message and every
    # project load names cells by it (a 汇总 of 500 units reads 80,000 cells)
    location: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "location", self._describe())

    def _describe(self) -> str:
        parts = [f"表{self.section.number}"]
        if self.block.title:
            parts.append(self.block.title)
        if self.block.row_labels:
            parts.append(self.row.display_name)
        parts.append(self.column.display_name)
        return " · ".join(parts)


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: used as a cache key
class ReportSpec:
    """One complete edition of the format, loaded from its TOML declaration."""

    edition: str
    name: str
    title_suffix: str
    first_year: int
    value_types: dict[str, ValueType]
    metadata: tuple[MetadataField, ...]
    sections: tuple[Section, ...]
    rules: tuple[RuleSpec, ...]
    computed_severity: dict[str, Severity]
    cells: dict[str, CellInfo] = field(default_factory=dict)
    text_fields: dict[str, TextField] = field(default_factory=dict)

    def section(self, section_id: str) -> Section:
        for sec in self.sections:
            if sec.id == section_id:
                return sec
        raise KeyError(section_id)

    def block(self, block_id: str) -> Block:
        for sec in self.sections:
            for blk in sec.blocks:
                if blk.id == block_id:
                    return blk
        raise KeyError(block_id)

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for s in self.sections for b in s.blocks)

    @property
    def year_field(self) -> MetadataField | None:
        """The metadata item holding the report year (kind "year"), if the edition declares one."""
        return next((m for m in self.metadata if m.kind == "year"), None)

    def accepts_year(self, year: int) -> bool:
        """Whether a report may be for ``year`` (the declared range of the year field)."""
        field = self.year_field
        return field is not None and field.accepts_year(year)

    @property
    def fee_decimals(self) -> int:
        """The decimals an amount (万元) is kept to unless a project says otherwise: the declared
        ``max_decimals`` of the decimal value types (the largest, should they differ); 0 without any."""
        return max((t.max_decimals for t in self.value_types.values() if not t.is_integer), default=0)

    @property
    def input_cells(self) -> tuple[str, ...]:
        """Refs of the cells a clerk types, in reading order."""
        return tuple(ref for ref, info in self.cells.items() if not info.computed)

    @property
    def computed_cells(self) -> tuple[str, ...]:
        return tuple(ref for ref, info in self.cells.items() if info.computed)
