"""Writing a 报送文件: the project with the seal of its content and check at this moment (Qt-free)."""

from __future__ import annotations

import os
from datetime import datetime

from app.document import ReportDocument
from app.persistence import save
from app.rules import Issue, validate
from app.seal import Seal, make_seal


def write_submission(
    doc: ReportDocument,
    path: str | os.PathLike[str],
    previous: ReportDocument | None = None,
    issues: list[Issue] | None = None,
    now: datetime | None = None,
) -> tuple[Seal, list[str]]:
    """Check ``doc`` (or take ``issues``), seal it and save it through persistence.save; SaveError (Chinese).

    Returns the seal and persistence.save's notes on characters a project file cannot carry (removed).
    This is the same save the window's 生成报送文件… uses: size cap, backup, atomic write.
    """
    found = validate(doc, previous) if issues is None else issues
    seal = make_seal(doc, found, now)
    return seal, save(doc, path, seal)
