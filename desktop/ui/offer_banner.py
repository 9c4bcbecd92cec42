"""A new offer over the conversation: who writes, on which line, their first words, and
Accept (#26: offers were easy to miss, only the feed tab's label changed). It shows the
most urgent offer while any waits; the feed comes to the front for a new one unless the
specialist is typing a reply."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.appeals.service import AppealService
from desktop.bus import AppealInfo, AppealState, Bus, ChatMessage
from desktop.chat.conversations import ChatService
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon

WORDS = 160  # characters of the client's words shown


class OfferBanner(QFrame):
    accept_requested = Signal(int)  # appeal
    new_offer = Signal(int)  # appeal: one not shown before (the feed may come forward)

    def __init__(self, appeals: AppealService, chats: ChatService, bus: Bus,
                 name_of: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offerBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#offerBanner { background: palette(highlight); border-radius: 4px; }"
                           " #offerBanner QLabel { color: palette(highlighted-text); }")
        self.appeals = appeals
        self.chats = chats
        self.name_of = name_of
        self.shown: AppealInfo | None = None
        self.seen: set[int] = set()  # offers shown once: the feed came forward for them
        self.text = QLabel()
        self.text.setObjectName("offerBannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.accept = QPushButton()
        self.accept.setObjectName("offerBannerAccept")
        set_icon(self.accept, "accept")
        self.accept.clicked.connect(self._accept)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.accept)
        bus.message.connect(self._on_message)
        chats.history_loaded.connect(lambda peer, _new: self._words_of(peer))
        self.hide()
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.accept.setText(self.tr("Accept"))
        if self.shown is not None:
            self._say(self.shown)

    def refresh(self) -> None:
        """After any appeal changed (the place calls it once the feed has its tab)."""
        offers = [a for a in self.appeals.mine() if a.state is AppealState.OFFERED]
        self.seen &= {a.id for a in offers}  # (gone: the same number offered later is new)
        offer = offers[0] if offers else None
        self.shown = offer
        if offer is None:
            self.hide()
            return
        self._say(offer)
        self.show()
        if offer.id not in self.seen:
            self.seen.add(offer.id)
            self.new_offer.emit(offer.id)

    def _say(self, offer: AppealInfo) -> None:
        more = self.appeals.offered() - 1  # (the most urgent shown; the rest counted)
        head = self.tr("New appeal №%1 · %2 · %3").replace("%1", str(offer.id)).replace(
            "%2", self.name_of(offer.client)).replace("%3", offer.line_name)
        words = self._first_words(offer.address)
        text = head + (f"\n«{words}»" if words else "")
        if more > 0:
            text += "\n" + self.tr("and %1 more waiting").replace("%1", str(more))
        self.text.setText(text)

    def _first_words(self, address: str) -> str:
        theirs = [m.body for m in self.chats.conversation(address, 20) if not m.outgoing]
        words = " ".join(" ".join(theirs).split())
        return words if len(words) <= WORDS else words[:WORDS - 1] + "…"

    def _words_of(self, peer: str) -> None:
        if self.shown is not None and self.shown.address == peer:
            self._say(self.shown)

    def _on_message(self, message: ChatMessage) -> None:
        self._words_of(message.peer)

    def _accept(self) -> None:
        if self.shown is not None:
            self.accept_requested.emit(self.shown.id)
