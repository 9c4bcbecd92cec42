"""Keyboard shortcuts for the frequent actions, in every Deskline window.

Answer, hang up and mute use the same keys as the global hotkeys' defaults; while the global
hotkeys are on, they do the job (both would otherwise act on one press).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget

from desktop.settings import Settings

CALL_KEYS = {"answer": "Ctrl+Alt+A", "hangup": "Ctrl+Alt+H", "mute": "Ctrl+Alt+M"}


def shortcut_table() -> list[tuple[str, str]]:
    """(keys, what they do), for Menu → Keyboard shortcuts."""
    return [
        ("Ctrl+Alt+A", QCoreApplication.translate("shortcuts", "Answer the ringing call")),
        ("Enter / Esc", QCoreApplication.translate(
            "shortcuts", "Answer / decline in the incoming-call window")),
        ("Ctrl+Alt+H", QCoreApplication.translate("shortcuts", "Hang up")),
        ("Ctrl+Alt+M", QCoreApplication.translate("shortcuts", "Mute or unmute the microphone")),
        ("Ctrl+D", QCoreApplication.translate("shortcuts", "Go to the dialer")),
        ("Ctrl+K", QCoreApplication.translate(
            "shortcuts", "Search people, appeals and messages (Enter opens; on a person "
            "Ctrl+Enter calls, Ctrl+1…9 opens with that quick reply)")),
        ("Ctrl+F", QCoreApplication.translate(
            "shortcuts", "Find in the open conversation (Enter: next, Shift+Enter: previous); "
            "with none open, search contacts")),
        ("Ctrl+Shift+K", QCoreApplication.translate("shortcuts", "Comment on the current call")),
        ("Ctrl+Alt+T", QCoreApplication.translate(
            "shortcuts", "Transfer the call (online colleagues first)")),
        ("Ctrl+H", QCoreApplication.translate("shortcuts", "Call history")),
        ("Ctrl+1 … Ctrl+9", QCoreApplication.translate(
            "shortcuts", "Insert a quick reply addressed to the client")),
        ("Ctrl+Shift+P", QCoreApplication.translate(
            "shortcuts", "Appeals: Enter accepts the chosen offer (or takes a queued one) "
            "and opens it")),
        ("Ctrl+Shift+A", QCoreApplication.translate(
            "shortcuts", "Acknowledge the open appeal (sends quick reply 2, addressed); with "
            "none open, accept the most urgent offer and acknowledge it")),
        ("Ctrl+Shift+T", QCoreApplication.translate(
            "shortcuts", "Transfer the open appeal (online colleagues first, or a line)")),
        ("Ctrl+Shift+E", QCoreApplication.translate(
            "shortcuts", "Escalate the open appeal to a senior of its line")),
        ("Ctrl+Shift+F", QCoreApplication.translate("shortcuts", "Finish work on the open appeal")),
        ("Alt+Q", QCoreApplication.translate("shortcuts", "Reply with a quote")),
        ("Enter / Shift+Enter", QCoreApplication.translate(
            "shortcuts", "Send the message / new line")),
        ("Ctrl+Shift+N", QCoreApplication.translate(
            "shortcuts", "Write an internal note on the open appeal (colleagues only)")),
        ("Ctrl+V", QCoreApplication.translate(
            "shortcuts", "In the reply box: a copied screenshot is sent as a picture")),
        ("Ctrl+I", QCoreApplication.translate("shortcuts", "Show or hide the card")),
        ("Ctrl+,", QCoreApplication.translate("shortcuts", "Settings")),
        ("F1", QCoreApplication.translate("shortcuts", "The specialist's guide")),
        ("Ctrl+/", QCoreApplication.translate("shortcuts", "This list of keys")),
    ]


def on_button(button: QAbstractButton, keys: str) -> QShortcut:
    """`keys` click `button` at once. The button's own shortcut (setShortcut) animates a
    press and clicks 100 ms later, so the dialog a key opens came late and a key typed in
    between went to the window behind. Parented to the button, the keys work while it is
    visible and enabled, as its own shortcut did."""
    shortcut = QShortcut(QKeySequence(keys), button)
    shortcut.activated.connect(button.click)
    button.setToolTip(keys)
    return shortcut


def install(window: QWidget, settings: Settings, run_call_action: Callable[[str], None],
            focus: dict[str, Callable[[], None]]) -> list[QShortcut]:
    """`focus`: "search", "find", "comment", "history", "transfer", "appeals", "acknowledge" ->
    what it brings up or does."""
    def call_action(action: str) -> None:
        if not settings.get_bool("hotkeys.enabled"):
            run_call_action(action)

    made = []
    for action, keys in CALL_KEYS.items():
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)  # also in the popup
        shortcut.activated.connect(lambda a=action: call_action(a))
        made.append(shortcut)
    places = ((QKeySequence("Ctrl+K"), "search"),
              (QKeySequence(QKeySequence.StandardKey.Find), "find"),
              (QKeySequence("Ctrl+Shift+K"), "comment"), (QKeySequence("Ctrl+H"), "history"),
              (QKeySequence("Ctrl+Alt+T"), "transfer"),
              (QKeySequence("Ctrl+Shift+P"), "appeals"),
              (QKeySequence("Ctrl+Shift+A"), "acknowledge"))
    for sequence, place in places:
        jump = QShortcut(sequence, window)
        jump.activated.connect(focus[place])
        made.append(jump)
    return made
