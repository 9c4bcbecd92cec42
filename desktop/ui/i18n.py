"""The interface language: our translations and Qt's own (standard buttons, dialogs).

English is the source language; a language without a translation file shows English.
Installed before any widget is built; a change in Settings applies after a restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.resources import I18N

LANGUAGES = ("system", "en", "ru")


def locale_for(language: str) -> QLocale:
    return QLocale.system() if language not in ("en", "ru") else QLocale(language)


class Translators:
    """Our translator and Qt's for one language; removed again on shutdown (tests build
    several apps in one process)."""

    def __init__(self, app: QCoreApplication, language: str) -> None:
        self.app = app
        self.locale = locale_for(language)
        self.installed: list[QTranslator] = []
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, directory in (("deskline", str(I18N)), ("qtbase", qt_dir)):
            translator = QTranslator(app)
            if translator.load(self.locale, name, "_", directory):
                app.installTranslator(translator)
                self.installed.append(translator)

    @property
    def language(self) -> str:
        """The language actually shown: "ru" or "en"."""
        return "ru" if any(t.language().startswith("ru") for t in self.installed) else "en"

    def remove(self) -> None:
        for translator in self.installed:
            self.app.removeTranslator(translator)
        self.installed.clear()
