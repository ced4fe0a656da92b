"""The official report formats, declared as data in spec/data/*.toml (Qt-free)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from app.spec.loader import SpecError, parse_spec
from app.spec.model import ReportSpec

__all__ = ["SpecError", "available_editions", "edition_for_year", "load_spec"]

_FILES = {"2021": "gov_info_annual_2021.toml", "2019": "gov_info_annual_2019.toml"}


def available_editions() -> list[str]:
    """Editions whose declaration ships with the app, newest first."""
    data = resources.files("app.spec") / "data"
    return sorted((e for e, f in _FILES.items() if (data / f).is_file()), reverse=True)


@cache
def load_spec(edition: str = "2021") -> ReportSpec:
    """Load (once) the declaration of one edition."""
    if edition not in _FILES:
        raise KeyError(edition)
    text = (resources.files("app.spec") / "data" / _FILES[edition]).read_text(encoding="utf-8")
    return parse_spec(text, _FILES[edition])


def edition_for_year(year: int) -> str:
    """The edition a report for ``year`` must use (the newest whose first year it reaches)."""
    for edition in available_editions():
        if year >= load_spec(edition).first_year:
            return edition
    return available_editions()[-1]
