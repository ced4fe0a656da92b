"""The declarations that ship with the app: edition → file in app/spec/data (Qt-free)."""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["BUILTIN_FILES", "builtin_declaration", "shipped_editions"]

BUILTIN_FILES = {"2021": "gov_info_annual_2021.toml", "2019": "gov_info_annual_2019.toml"}


@cache  # the shipped files do not change while the program runs; asked on every project load
def _present() -> tuple[str, ...]:
    data = resources.files("app.spec") / "data"
    return tuple(sorted((e for e, f in BUILTIN_FILES.items() if (data / f).is_file()), reverse=True))


def shipped_editions() -> list[str]:
    """Editions whose declaration file is present, newest first (editions are named by year)."""
    return list(_present())


def builtin_declaration(edition: str) -> tuple[str, str]:
    """The TOML text and file name of a shipped edition; KeyError when none ships."""
    name = BUILTIN_FILES[edition]
    return (resources.files("app.spec") / "data" / name).read_text(encoding="utf-8"), name
