"""A JSON-ready dump of a loaded ReportSpec, to prove that a change to the declarations changes nothing."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from typing import Any

from app.spec.model import ReportSpec
from app.spec.params import NumberPattern, RuleParams


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            default = f.default if f.default is not dataclasses.MISSING else None
            if f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            # a parameter left at its default is the same declaration as one not written
            if isinstance(value, (RuleParams, NumberPattern)) and item == default:
                continue
            out[f.name] = _plain(item)
        return out
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


def dump(spec: ReportSpec) -> dict[str, Any]:
    """Every declared fact of the edition, plus the derived cell index (refs in order, computed flags)."""
    out = {
        f.name: _plain(getattr(spec, f.name))
        for f in dataclasses.fields(spec)
        if f.name not in ("cells", "text_fields")
    }
    out["cells"] = [[ref, info.computed, info.location] for ref, info in spec.cells.items()]
    out["text_fields"] = list(spec.text_fields)
    return out
