"""PySide6 desktop user interface of 年报助手; depends on app/, never the reverse."""
