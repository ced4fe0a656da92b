"""PySide6 desktop user interface of 年报助手; depends on app/, never the reverse."""

from __future__ import annotations

import sys


def _protect_singletons() -> None:
    """Work around a PySide6 6.12 reference-count bug on Python < 3.12.

    Measured with PySide6-Essentials 6.12.0 (abi3 wheel) on CPython 3.11: every call of a
    void Qt method (``label.setText(...)``) drops one reference of ``None``, and every
    ``SignalInstance.emit()`` one of ``True`` — as if the objects were immortal, which they
    are only from Python 3.12 on. After enough calls (a few minutes of painting and editing)
    CPython aborts with "none_dealloc" or "bool_dealloc". Here the singletons get a reserve of
    references that no session can use up. Nothing is needed on Python 3.12+.
    """
    if sys.version_info >= (3, 12) or getattr(sys, "_nianbao_singletons_protected", False):
        return
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    sys._nianbao_singletons_protected = True  # type: ignore[attr-defined]


_protect_singletons()
