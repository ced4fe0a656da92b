"""Characters a saved file cannot carry: C0 control characters (not tab, line feed, carriage return), lone
surrogates and the non-characters U+FFFE/U+FFFF; one place that finds and removes them (Qt-free).

XML 1.0 (Word, Excel) refuses them outright and UTF-8 cannot encode a lone surrogate, so a text that holds
one (pasted from another program, or a hand-edited project file) must be cleaned before it is written.
"""

from __future__ import annotations

import re

_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def unwritable_chars(text: str) -> list[str]:
    """The distinct unwritable characters of ``text``, in order of first appearance."""
    return list(dict.fromkeys(_UNWRITABLE.findall(text)))


def clean_text(text: str) -> str:
    """``text`` without its unwritable characters."""
    return _UNWRITABLE.sub("", text)


def describe_chars(chars: list[str]) -> str:
    """ "U+0007、U+D800" for a message."""
    return "、".join(f"U+{ord(c):04X}" for c in chars)


def surrogates(text: str) -> list[str]:
    """The distinct lone surrogates of ``text`` (what UTF-8, hence a project file, cannot carry)."""
    return list(dict.fromkeys(_SURROGATE.findall(text)))


def clean_surrogates(text: str) -> str:
    """``text`` without lone surrogates (control characters are kept: JSON escapes them)."""
    return _SURROGATE.sub("", text)
