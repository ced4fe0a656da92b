"""无法核对: a rule whose inputs include cells an import could not read reports that instead of a difference (Qt-free).

A cell the import left blank counts as 0 in the arithmetic, so a difference it causes would read as an
error of the report. Until the clerk fills such cells, the rules that depend on them say so as an info.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.document import ReportDocument, formulas_for
from app.rules.issues import Issue
from app.spec.model import Severity


def unread_inputs(doc: ReportDocument, refs: Iterable[str]) -> list[str]:
    """The cells not read by an import that ``refs`` depend on, in order; a computed total with no stated
    value depends on its parts (and theirs)."""
    if not doc.unread:
        return []
    by_target = formulas_for(doc.spec).by_target
    out: dict[str, None] = {}
    seen: set[str] = set()
    stack = list(reversed(list(refs)))
    while stack:
        ref = stack.pop()
        if ref in seen:
            continue
        seen.add(ref)
        if ref in doc.unread:
            out[ref] = None
        elif ref in by_target and doc.stated.get(ref) is None:
            stack.extend(reversed(by_target[ref][0].parts))
    return list(out)


def cannot_check(
    doc: ReportDocument,
    rule: str,
    refs: Iterable[str],
    section: str,
    location: str,
    key: str,
    what: str,
) -> Issue | None:
    """The 无法核对 info for the check of ``what`` at ``location`` when ``refs`` depend on unread cells, else None.

    Its key is the rule's key with "#unread", so that an explanation given for a difference is not taken
    for this note, nor the other way round.
    """
    return cannot_check_years(doc, None, rule, refs, (), section, location, key, what)


def cannot_check_years(
    doc: ReportDocument,
    previous: ReportDocument | None,
    rule: str,
    refs: Iterable[str],
    previous_refs: Iterable[str],
    section: str,
    location: str,
    key: str,
    what: str,
) -> Issue | None:
    """Like cannot_check, for a rule that also reads ``previous_refs`` of last year's report, which may have
    been imported with unread cells too. Only this year's cells are the issue's refs: last year's are not
    cells of this report."""
    refs = list(refs)
    unread = unread_inputs(doc, refs)
    unread_before = unread_inputs(previous, previous_refs) if previous is not None else []
    if not unread and not unread_before:
        return None
    places = []
    if unread:
        first = doc.spec.cells[unread[0]].location
        places.append(first if len(unread) == 1 else f"{first} 等")
    if unread_before:
        assert previous is not None
        first = previous.spec.cells[unread_before[0]].location
        places.append(f"上年度报告的{first}" + ("" if len(unread_before) == 1 else " 等"))
    count = len(unread) + len(unread_before)
    return Issue(
        rule,
        Severity.INFO,
        f"{location}：无法核对（{count} 格未能读取）。{what}依赖导入时未能读取的{'和'.join(places)}单元格"
        "（现为空白），请对照原文填写后再核对",
        (*unread, *(r for r in refs if r not in unread)),
        section,
        location,
        f"{key}#unread",
    )
