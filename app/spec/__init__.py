"""The official report formats, declared as data in spec/data/*.toml (Qt-free)."""

from __future__ import annotations

from functools import cache

from app.spec import packs
from app.spec.builtin import builtin_declaration, shipped_editions
from app.spec.loader import SpecError, parse_spec
from app.spec.model import ReportSpec

__all__ = ["SpecError", "available_editions", "default_edition", "edition_for_year", "load_spec", "reload"]


def available_editions() -> list[str]:
    """Editions that ship with the app or are installed as a valid format pack, newest first."""
    return sorted(set(shipped_editions()) | set(packs.available_installed()), reverse=True)


def default_edition() -> str:
    """The edition of a report whose year is not known yet: the newest one.

    Editions are named by the year of their circular, so the newest sorts first; a test checks that
    this order is also the order of their ``first_year``.
    """
    return available_editions()[0]


def load_spec(edition: str | None = None) -> ReportSpec:
    """Load (once) the declaration of one edition (``None``: the default edition)."""
    return _load(default_edition() if edition is None else edition)


@cache
def _load(edition: str) -> ReportSpec:
    installed = packs.resolve(edition)  # a broken pack is skipped here, with a warning in packs.list_warnings()
    if installed is not None:
        return installed
    text, source = builtin_declaration(edition)
    return parse_spec(text, source)


def reload() -> None:
    """Read the declarations afresh on next use (after a pack is installed; see app.spec.packs.reset)."""
    _load.cache_clear()


def edition_for_year(year: int | None) -> str:
    """The edition a report for ``year`` must use (the newest whose first year it reaches; no year: the newest)."""
    if not year:
        return default_edition()
    for edition in available_editions():
        if year >= load_spec(edition).first_year:
            return edition
    return available_editions()[-1]
