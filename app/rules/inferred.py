"""NUM-INFERRED: 推定 values an import read from run-together digits, listed until the clerk confirms them (Qt-free).

Such a value is the only reading of the printed digits that the row's totals allow, so it passes the
arithmetic rules by construction; a report holding one must still never look clean without the clerk
having compared it with the source.
"""

from __future__ import annotations

from app.document import ReportDocument
from app.rules.issues import Issue
from app.rules.kinds import kind
from app.spec.model import RuleSpec


@kind("inferred_unconfirmed")
def inferred_unconfirmed(doc: ReportDocument, rule: RuleSpec) -> list[Issue]:
    """One issue per row holding unconfirmed 推定 values, naming the digits as printed."""
    rows: dict[tuple[str, str], list[str]] = {}
    for ref, info in doc.spec.cells.items():
        if ref in doc.inferred:
            rows.setdefault((info.block.id, info.row.id), []).append(ref)
    issues = []
    for (block_id, row_id), refs in rows.items():
        first = doc.spec.cells[refs[0]]
        loc = f"表{first.section.number}" + (f" · {first.block.title}" if first.block.title else "")
        if first.block.row_labels:
            loc += f" · {first.row.display_name}"
        printed = doc.inferred.get(refs[0], "")
        source = f"（原文“{printed}”）" if printed else ""
        issues.append(
            Issue(
                rule.id,
                rule.severity,
                f"{loc}：{len(refs)}格为导入时推定的数值{source}，尚未确认：{rule.message}",
                tuple(refs),
                first.block.section_id,
                loc,
                f"{rule.id}@{block_id}.{row_id}",
            )
        )
    return issues
