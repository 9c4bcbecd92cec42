"""In the curtain, under an appeal's client: their organisation, the lines connected for
them, and their previous appeals with dates, specialists, ratings and comments (the desk's
card for the client)."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.appeals.service import AppealService
from desktop.appeals.values import ClientCard, PastAppeal
from desktop.ui.i18n import watch_language

SHOWN = 10  # previous appeals listed
DONE = ("finished", "rated")  # the desk's states of a finished appeal


class AppealCard(QWidget):
    # A finished appeal's number was clicked: (it, its line's name, the client) to read.
    past_requested = Signal(object, str, str)

    def __init__(self, appeals: AppealService, name_of: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appealCard")
        self.appeals = appeals
        self.name_of = name_of
        self.appeal = 0
        self.person = ""  # whom the curtain shows: the card is the client's, or hidden
        self.text = QLabel()
        self.text.setObjectName("appealCardText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(self._open_past)
        self.shown: ClientCard | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.text)
        appeals.card_ready.connect(self._on_card)
        self.hide()
        watch_language(self, self._retranslate)

    def _retranslate(self) -> None:
        if self.shown is not None:
            self._on_card(self.shown)

    def show_for(self, address: str) -> None:
        """The open conversation: an appeal's client card (asked of the desk), or nothing."""
        appeal = self.appeals.by_address(address)
        self.appeal = appeal.id if appeal is not None else 0
        card = self.appeals.cards.get(self.appeal)
        if card is not None:
            self._on_card(card)
        else:
            self.hide()

    def person_shown(self, jid: str) -> None:
        """The curtain shows someone else (a colleague who calls): not this client's card;
        the client again: the card again."""
        self.person = jid
        card = self.appeals.cards.get(self.appeal)
        if card is not None and card.client == jid:
            self._on_card(card)
        else:
            self.hide()

    def _on_card(self, card: ClientCard) -> None:
        if card.appeal != self.appeal or (self.person and self.person != card.client):
            return
        names = dict(card.lines)
        parts = []
        if card.organisation:
            parts.append(f"<b>{html.escape(card.organisation)}</b>")
        if card.lines:
            parts.append(html.escape(self.tr("Lines: %1").replace(
                "%1", ", ".join(name for _i, name in card.lines))))
        earlier = [p for p in card.appeals if p.appeal != card.appeal][:SHOWN]
        parts.append("<br><span style='color:#666'>" + html.escape(
            self.tr("Previous appeals") if earlier else self.tr("No previous appeals"))
            + "</span>")
        for past in earlier:
            when = datetime.datetime.fromtimestamp(past.created).strftime("%d.%m.%Y")
            who = self.name_of(past.specialist) if past.specialist else "—"
            line = names.get(past.line, past.line)
            number = f"№{past.appeal}"
            if past.state in DONE:  # (open ones are their specialists' to read)
                number = f'<a href="appeal:{past.appeal}">{number}</a>'
            row = f"{number} · {when} · {html.escape(line)} · {html.escape(who)}"
            if past.transfers:
                row += f" · ⇄{past.transfers}"
            if past.score:
                row += f" · ★ {past.score}"
            if past.comment:
                row += f"<br>&nbsp;&nbsp;«{html.escape(past.comment)}»"
            if past.note:
                row += f"<br>&nbsp;&nbsp;✎ {html.escape(past.note)}"
            if past.remote:
                row += "<br>&nbsp;&nbsp;🖥 " + html.escape(self._remote(past.remote,
                                                                        past.remote_note))
            parts.append(row)
        self.text.setText("<br>".join(parts))
        self.text.setToolTip(self.tr("Click an appeal's number to read it") if any(
            p.state in DONE for p in earlier) else "")
        self.shown = card
        self.show()

    def _open_past(self, link: str) -> None:
        card = self.shown
        kind, _colon, number = link.partition(":")
        if card is None or kind != "appeal" or not number.isdigit():
            return
        past: PastAppeal | None = next((p for p in card.appeals if p.appeal == int(number)),
                                       None)
        if past is not None:
            self.past_requested.emit(past, dict(card.lines).get(past.line, past.line),
                                     card.client)

    def _remote(self, sessions: int, ended: str) -> str:
        """"Remote sessions: 2 · the last: <its End comment>" (the desk's step detail is
        "ended: <comment>", or only why it ended)."""
        why, _colon, comment = ended.partition(": ")
        last = comment or {
            "stopped": self.tr("stopped by the client"),
            "finished": self.tr("ended with the appeal"),
            "transferred": self.tr("ended on a transfer"),
            "client-gone": self.tr("the client's screen went away"),
            "desk-restart": self.tr("cut off by a restart of the desk"),
        }.get(why, "")
        text = self.tr("Remote sessions: %1").replace("%1", str(sessions))
        return text + (f" · {last}" if last else "")
