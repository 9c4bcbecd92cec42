"""The interface language: our translations and Qt's own (standard buttons, dialogs).

English is the source language; a language without a translation file shows English.
Installed before any widget is built. A change in Settings applies at once: the
translators are swapped, Qt sends every widget a LanguageChange, and each widget that shows
words sets them again in its retranslate() (watch_language ties the two).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator

from desktop.resources import I18N

LANGUAGES = ("system", "en", "ru")


def locale_for(language: str) -> QLocale:
    return QLocale.system() if language not in ("en", "ru") else QLocale(language)


class Translators:
    """Our translator and Qt's for one language; removed again on shutdown (tests build
    several apps in one process)."""

    def __init__(self, app: QCoreApplication, language: str) -> None:
        self.app = app
        self.installed: list[QTranslator] = []
        self.switch(language)

    def switch(self, language: str) -> None:
        """The app in `language` from now on (the widgets follow on their LanguageChange)."""
        self.remove()
        self.locale = locale_for(language)
        QLocale.setDefault(self.locale)  # numbers and dates as well
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, directory in (("deskline", str(I18N)), ("qtbase", qt_dir)):
            translator = QTranslator(self.app)
            if translator.load(self.locale, name, "_", directory):
                self.app.installTranslator(translator)
                self.installed.append(translator)

    @property
    def language(self) -> str:
        """The language actually shown: "ru" or "en"."""
        return "ru" if any(t.language().startswith("ru") for t in self.installed) else "en"

    def remove(self) -> None:
        for translator in self.installed:
            self.app.removeTranslator(translator)
        self.installed.clear()


class _LanguageWatch(QObject):
    def __init__(self, widget: QObject, retranslate: Callable[[], None]) -> None:
        super().__init__(widget)
        # Weakly: a strong reference would make a cycle through the widget, which only the
        # collector frees — maybe in a worker thread, where deleting a widget leaves its
        # timers behind for Qt to fire at freed memory (a segfault seen in the suite).
        self.retranslate = weakref.WeakMethod(retranslate)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            retranslate = self.retranslate()
            if retranslate is not None:
                retranslate()
        return False


def watch_language(widget: QObject, retranslate: Callable[[], None]) -> None:
    """`retranslate` (a method, held weakly) now — the widget's first words — and whenever
    the language changes."""
    retranslate()
    _LanguageWatch(widget, retranslate)
