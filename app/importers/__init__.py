"""Importing published reports (text, saved web pages, PDF, Excel, Word) into projects (Qt-free)."""

from __future__ import annotations

from app.importers.common import ImportResult, Problem, ProblemKind, SourceError

__all__ = ["ImportResult", "Problem", "ProblemKind", "SourceError"]
