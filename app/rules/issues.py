"""What a rule reports: the Issue value type and its counting helpers (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from app.numbers import format_decimal
from app.spec.model import Severity

__all__ = ["Issue", "Severity", "count_by_severity", "sides_text"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding of the rules.

    ``refs`` name what is concerned: table cells ("t3.new.natural"), narrative fields
    ("text.s5_main") or metadata ("meta.agency"). ``key`` is stable across re-validation and is
    what a 核实说明 (explanation) is saved under.
    """

    rule: str
    severity: Severity
    message: str
    refs: tuple[str, ...]
    section: str  # section id ("s3"), or "meta" for 基本信息
    location: str
    key: str
    left: Decimal | None = None
    right: Decimal | None = None
    explanation: str | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.left is None or self.right is None:
            return None
        return self.left - self.right

    @property
    def explained(self) -> bool:
        return self.explanation is not None

    @property
    def can_explain(self) -> bool:
        """Errors cannot be dismissed; warnings and infos can be explained."""
        return self.severity is not Severity.ERROR

    def with_explanation(self, note: str | None) -> Issue:
        return replace(self, explanation=note)

    def as_dict(self) -> dict[str, object]:
        """The `nianbao check --json` shape."""
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "cells": list(self.refs),
            "location": self.location,
            "key": self.key,
        }
        if self.left is not None and self.right is not None:
            out["left"] = format_decimal(self.left)
            out["right"] = format_decimal(self.right)
        if self.explanation is not None:
            out["explanation"] = self.explanation
        return out


def sides_text(left_label: str, left: Decimal, right_label: str, right: Decimal) -> str:
    """ "第一项+第二项=12，第三项+第四项=10，相差2" """
    diff = abs(left - right)
    return f"{left_label}={format_decimal(left)}，{right_label}={format_decimal(right)}，相差{format_decimal(diff)}"


def count_by_severity(issues: Iterable[Issue], include_explained: bool = False) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for issue in issues:
        if include_explained or not issue.explained:
            counts[issue.severity] += 1
    return counts
