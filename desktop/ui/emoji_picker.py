"""A small emoji picker beside the reply box: the few a support conversation uses, in the
colour font setup installs (fonts-noto-color-emoji). Typed ":)" stays as typed: nothing is
converted behind the specialist's back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QMenu, QToolButton, QWidget, QWidgetAction

from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon

EMOJI = ("🙂", "😊", "😉", "😀", "😅", "🤔", "😔", "🙁",
         "👍", "👌", "🙏", "👋", "🤝", "💪", "🎉", "❤️",
         "✅", "❌", "⚠️", "❗", "❓", "⏳", "⌛", "🔧",
         "📞", "💬", "📎", "📄", "🧾", "💳", "🖥️", "🔒")
COLUMNS = 8


class EmojiButton(QToolButton):
    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emojiButton")
        set_icon(self, "emoji")
        watch_language(self, self._retranslate)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        menu = QMenu(self)
        grid_host = QWidget(menu)
        grid = QGridLayout(grid_host)
        grid.setSpacing(2)
        grid.setContentsMargins(4, 4, 4, 4)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        for i, emoji in enumerate(EMOJI):
            button = QToolButton(grid_host)
            button.setObjectName(f"emoji{i}")
            button.setText(emoji)
            button.setFont(font)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, e=emoji: self._pick(e))
            grid.addWidget(button, i // COLUMNS, i % COLUMNS)
        action = QWidgetAction(menu)
        action.setDefaultWidget(grid_host)
        menu.addAction(action)
        self.setMenu(menu)

    def _retranslate(self) -> None:
        self.setToolTip(self.tr("Emoji"))

    def _pick(self, emoji: str) -> None:
        self.menu().close()
        self.picked.emit(emoji)
