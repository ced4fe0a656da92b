"""The rules engine: validate(document) → issues, a pure function of the spec and the document (Qt-free)."""

from __future__ import annotations

from app.document import ReportDocument
from app.rules import (
    cross_year,  # noqa: F401  (registers the cross-year and edition rule kinds)
    inferred,  # noqa: F401  (registers NUM-INFERRED's kind)
)
from app.rules.issues import Issue, Severity, count_by_severity
from app.rules.kinds import CROSS_YEAR_KINDS, KINDS, check_computed

__all__ = ["Issue", "Severity", "count_by_severity", "has_errors", "validate"]


def validate(doc: ReportDocument, previous: ReportDocument | None = None) -> list[Issue]:
    """Every issue of the document, errors first, then in report order; explanations attached.

    ``previous`` is last year's report; cross-year rules run only when it is given.
    """
    spec = doc.spec
    issues = check_computed(doc)
    for rule in spec.rules:
        if rule.kind in CROSS_YEAR_KINDS:
            if previous is not None:
                issues.extend(CROSS_YEAR_KINDS[rule.kind](doc, previous, rule))
        else:
            issues.extend(KINDS[rule.kind](doc, rule))
    order = {"meta": -1} | {s.id: i for i, s in enumerate(spec.sections)}
    position = {ref: i for i, ref in enumerate(spec.cells)}
    out = []
    for issue in issues:
        note = doc.explanations.get(issue.key)
        if note is not None and issue.can_explain:
            issue = issue.with_explanation(note)
        out.append(issue)
    out.sort(
        key=lambda i: (
            i.severity.rank,
            order.get(i.section, 99),
            position.get(i.refs[0], 0) if i.refs else 0,
        )
    )
    return out


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
