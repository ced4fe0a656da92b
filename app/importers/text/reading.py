"""What the stages of one text import share: the prepared source, the report being filled, the problems
found so far and the labels printed differently from the official wording (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.document import ReportDocument
from app.importers.text.report import ProblemLog
from app.importers.text.stream import SourceText


@dataclass
class Reading:
    src: SourceText
    doc: ReportDocument
    log: ProblemLog
    labels: dict[str, str] = field(default_factory=dict)  # → doc.source_labels at the end
