"""Creating the QApplication: names, Chinese locale and Qt translation, bundled CJK font, icon."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from app.resources import resource_path
from ui.paths import APP_NAME, DISPLAY_NAME, ORG_NAME


def _warn(message: str, *args: object) -> None:
    import logging

    logging.getLogger(__name__).warning(message, *args)


BUNDLED_FONT = "fonts/wqy-microhei.ttc"
# Preferred UI fonts, best first: Windows' own Chinese UI fonts, then the bundled one.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
)


def set_names() -> None:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName(DISPLAY_NAME)


def install_translator(app: QCoreApplication) -> bool:
    """Qt's own strings (dialog buttons, context menus) in Chinese, whatever the Windows language."""
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    translator = QTranslator(app)  # parented: must live as long as the app
    folders = [str(resource_path("i18n")), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    for folder in folders:
        if translator.load(locale, "qtbase", "_", folder):
            app.installTranslator(translator)
            return True
    _warn("qtbase_zh_CN.qm not found in %s", folders)
    return False


def load_fonts() -> list[str]:
    """Register the bundled TrueType CJK font and make sure the UI font can show Chinese."""
    families: list[str] = []
    path = resource_path(BUNDLED_FONT)
    if path.is_file():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        _warn("bundled font %s could not be loaded", path)
    font = QGuiApplication.font()
    installed = set(QFontDatabase.families())
    if QFontDatabase.WritingSystem.SimplifiedChinese not in QFontDatabase.writingSystems(font.family()):
        chosen = next((f for f in CJK_FAMILIES if f in installed), families[0] if families else None)
        if chosen:
            font = QFont(font)
            font.setFamilies([chosen, *[f for f in families if f != chosen]])
            QGuiApplication.setFont(font)
    else:  # keep the system's font, with the bundled one as fallback for rare characters
        font = QFont(font)
        font.setFamilies([font.family(), *families])
        QGuiApplication.setFont(font)
    return families


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up before any widget exists (translator first)."""
    existing = QApplication.instance()
    set_names()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv or [sys.argv[0] if sys.argv else "nianbao"])
    )
    install_translator(app)
    load_fonts()
    icon = resource_path("icons/nianbao.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app
