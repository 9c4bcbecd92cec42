"""ChatService: messages in and out, kept in the store, with an outbox that survives
restarts and outages. Text stays text: control characters are stripped, oversize messages
are refused before sending, and nothing from the network is ever read as markup."""

from __future__ import annotations

import enum
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.bus import Bus, ChatMessage
from desktop.gui_thread import assert_gui_thread
from desktop.store import Store

RANK = {"queued": 0, "sent": 1, "delivered": 2}
MAX_CHARS = 10_000  # the server closes the stream on stanzas over 256 KiB; stay far below
# Control characters, and the bidi embeddings, overrides and isolates that would show a text
# other than it is ("file\u202egnp.exe" reads as "fileexe.png").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

log = logging.getLogger(__name__)


class MessageProblem(enum.Enum):
    EMPTY = "empty"
    TOO_LONG = "too-long"  # see MessageError.length and MAX_CHARS


class MessageError(ValueError):
    """The message cannot be sent as it is (nothing was queued)."""

    def __init__(self, problem: MessageProblem, length: int = 0) -> None:
        super().__init__(f"{problem.value} ({length} characters)")
        self.problem = problem
        self.length = length


def clean_text(text: str) -> str:
    """Removes control characters (the server would end the stream on them) and bidi
    overrides; keeps line breaks and tabs."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


MAX_ID_REUSE = 100  # a sender reusing one id more often is flooding, not chatting
QUOTE_SEARCH = 200  # a plain "> " quote is looked for in the newest this many


class ChatService(QObject):
    history_loaded = Signal(str, int)  # peer, how many messages were new
    unread_changed = Signal()  # a message came in unread, or a conversation was read

    def __init__(self, bus: Bus, store: Store) -> None:
        super().__init__()
        self.bus = bus
        self.store = store
        self.account = ""
        self.worker: Any = None  # XmppWorker while signed in
        self.online = False
        self.unread: dict[str, int] = {}
        self._states: dict[str, str] = {}  # outgoing message id -> its furthest state
        self._archive_oldest: dict[str, str] = {}  # peer -> oldest archive id fetched
        self._archive_count: dict[str, int] = {}  # peer -> archive messages fetched so far
        # Conversations whose history another keeps (an appeal's: the desk's, as our own
        # server's archive mixes the same address across desk stores); True: asked there
        # (or, for older messages, had whole already).
        self.history_elsewhere: Callable[[str, bool], bool] = lambda _peer, _older: False

    def attach(self, account: str, worker: Any) -> None:
        self.account, self.worker = account, worker

    def send(self, peer: str, text: str, quoting: ChatMessage | None = None,
             fragment: str = "", note: bool = False) -> ChatMessage:
        """Queues a message in the outbox (kept across restarts) and sends it when it can.
        `quoting`: the message replied to; `fragment`: the part of it quoted (default all);
        `note`: an appeal's internal note (to the desk, for the team alone)."""
        assert_gui_thread()
        body = clean_text(text).strip()
        if not body:
            raise MessageError(MessageProblem.EMPTY)
        if len(body) > MAX_CHARS:
            raise MessageError(MessageProblem.TOO_LONG, len(body))
        stanza_id = f"dl-{uuid.uuid4().hex}"
        now = time.time()
        reply_to = quoting.id if quoting else ""
        quote = clean_text(fragment or (quoting.body if quoting else "")).strip()
        with self.store.transaction():
            self.store.outbox_add(self.account, peer, stanza_id, body, reply_to, quote, note)
            self.store.cache_message(self.account, peer, stanza_id, True, body, now,
                                     reply_to, quote, note=note)
        message = ChatMessage(stanza_id, peer, True, body, now, "queued", reply_to, quote,
                              note=note)
        self.bus.message.emit(message)
        if self.worker is not None:
            self.worker.messages.send(peer, stanza_id, body, reply_to, quote, note)
        return message

    def flush_outbox(self, skip: frozenset[str] = frozenset()) -> None:
        """A new or resumed session: everything not yet on the server goes out, in order,
        same ids; `skip`: already resent by the resumed stream."""
        assert_gui_thread()
        if self.worker is None:
            return
        for item in self.store.outbox(self.account):
            if item.stanza_id in skip:
                continue
            self.worker.messages.send(item.peer, item.stanza_id, item.body, item.reply_to,
                                     item.quote, item.note)

    def conversation(self, peer: str, limit: int) -> list[ChatMessage]:
        """The newest `limit` messages of a conversation from the local store, oldest first,
        with our messages' delivery state (queued while still in the outbox)."""
        waiting = {item.stanza_id for item in self.store.outbox(self.account)}
        rows = self.store.messages(self.account, peer, limit)
        # A message they answered has reached them, receipt or not (the archive keeps no
        # receipts: a fresh install would show one tick on every message of ours).
        answered_before = max((at for _i, out, _b, at, *_rest in rows if not out),
                              default=float("-inf"))
        return [ChatMessage(i, peer, out, body, at,
                            "" if not out else "delivered" if receipt or at < answered_before
                            else "queued" if i in waiting else "sent", reply, quote,
                            edited=edited, author=author, note=note)
                for i, out, body, at, receipt, reply, quote, edited, author, note in rows]

    def newer_count(self, peer: str, stanza_id: str) -> int:
        """How many of the newest messages to show for `stanza_id` to be among them."""
        return self.store.newer_count(self.account, peer, stanza_id)

    def load_history(self, peer: str, older: bool = False, count: int = 100) -> None:
        """Asks the server's archive for the newest messages, or (`older`) for those before
        what it sent last time; answered by history_loaded."""
        if self.worker is None or self.history_elsewhere(peer, older):
            return
        before = self._archive_oldest.get(peer, "") if older else ""
        if older and not before:
            return  # the archive has not been asked yet: the newest come first
        self.worker.archive.fetch(peer, before, count)

    def on_history(self, peer: str, messages: list[ChatMessage], oldest_id: str) -> None:
        assert_gui_thread()
        if self.worker is None:
            return
        if oldest_id:
            self._archive_oldest[peer] = oldest_id
        # Archive stamps have whole seconds; many messages share one. Shift each back by a
        # microsecond per place from the newest, so the conversation keeps the archive's
        # order across pages fetched newest first.
        behind = self._archive_count.get(peer, 0)
        self._archive_count[peer] = behind + len(messages)
        new = 0
        with self.store.transaction():
            for i, m in enumerate(messages):
                at = m.sent_at
                if at == int(at):
                    at -= (behind + len(messages) - i) * 1e-6
                body = clean_text(m.body)
                if m.corrects and not m.outgoing and self.store.correct_message(
                        self.account, peer, m.corrects, body):
                    continue  # the archive keeps corrections as messages of their own
                reply_to, quote = (m.reply_to, clean_text(m.quote)) if m.outgoing else \
                    self._checked_quote(peer, m.reply_to, clean_text(m.quote))
                new += bool(self._keep(peer, m.id, m.outgoing, body, at, reply_to, quote,
                                       m.author, m.note))
        self.history_loaded.emit(peer, new)

    def desk_identity(self, desk: str, identity: str) -> None:
        """The desk at `desk` told its store's identity: another than the one whose appeals
        we cached (a fresh lab, a desk on a new server) numbers from 1 again, and its a17
        is not the a17 we hold: those conversations go (each appeal's history brings its
        own when opened)."""
        assert_gui_thread()
        if self.worker is None or self.store.desk_identity(self.account, desk) == identity:
            return
        gone = self.store.new_desk_identity(self.account, desk, identity)
        log.info("desk %s: a new store; %d cached appeal messages dropped", desk, gone)

    def mark_read(self, peer: str) -> None:
        if self.unread.pop(peer, None):
            self.unread_changed.emit()

    # --- from the adapter ---------------------------------------------------------------------
    def on_message(self, message: ChatMessage) -> None:
        assert_gui_thread()
        if self.worker is None:
            return  # signed out (the store may be closed): the server keeps it for later
        body = clean_text(message.body)
        if message.corrects and self._correct(message, body):
            return
        reply_to, quote = self._checked_quote(message.peer, message.reply_to,
                                              clean_text(message.quote))
        if not reply_to and not quote:
            reply_to, quote, body = self._plain_quote(message.peer, body)
        kept = self._keep(message.peer, message.id, False, body, message.sent_at,
                          reply_to, quote, message.author, message.note)
        if kept:  # the same stanza twice (a resend after an outage) is shown once
            self._unread(message.peer)
            log.info("message in from %s", message.peer)  # no text in logs
            self.bus.message.emit(ChatMessage(kept, message.peer, False, body,
                                              message.sent_at, reply_to=reply_to, quote=quote,
                                              author=message.author, note=message.note))

    def _unread(self, peer: str) -> None:
        self.unread[peer] = self.unread.get(peer, 0) + 1
        self.unread_changed.emit()

    def _correct(self, message: ChatMessage, body: str) -> bool:
        """Their correction (XEP-0308, e.g. Gajim's): the message they correct says the new
        text, marked edited. One we do not have yet (it came before we read the
        conversation, as an appeal's offer is read) is kept under the id it corrects, so the
        original read later is known as it. False: the id is one of ours (shown as new)."""
        peer, stanza_id = message.peer, message.corrects
        stored = self.store.message(self.account, peer, stanza_id)
        if stored is None:
            self.store.cache_message(self.account, peer, stanza_id, False, body,
                                     message.sent_at, author=message.author)
            self._unread(peer)
            stored = body, message.sent_at, "", ""
        if not self.store.correct_message(self.account, peer, stanza_id, body):
            return False
        _old, sent_at, reply_to, quote = stored
        self.bus.message.emit(ChatMessage(stanza_id, peer, False, body, sent_at,
                                          reply_to=reply_to, quote=quote, edited=True,
                                          author=message.author))
        return True

    def _plain_quote(self, peer: str, body: str) -> tuple[str, str, str]:
        """A quote typed as "> " lines before the answer (Gajim 1.7, most clients without
        XEP-0461): shown as a quote, linked to the message it comes from when we have it."""
        lines = body.split("\n")
        n = next((i for i, line in enumerate(lines) if not line.startswith(">")), len(lines))
        answer = "\n".join(lines[n:]).strip()
        if n == 0 or not answer:
            return "", "", body  # no quote, or nothing but one: a message that starts with >
        quote = "\n".join(line.removeprefix(">").strip() for line in lines[:n]).strip()
        flat = " ".join(quote.split())
        for m in reversed(self.conversation(peer, QUOTE_SEARCH)):
            if flat and flat in " ".join(m.body.split()):
                return m.id, quote, answer
        return "", quote, answer

    def _checked_quote(self, peer: str, reply_to: str, quote: str) -> tuple[str, str]:
        """A quote (XEP-0461) is the sender's claim about what was said: shown as the quoted
        message really said it (a fragment of it stays a fragment); a quote of a message we
        do not have loses its link (reply_to ""), and the pane marks it as unconfirmed."""
        if not reply_to:
            return "", quote
        stored = self.store.message(self.account, peer, reply_to)
        if stored is None:
            return "", quote
        real = stored[0]
        if quote and " ".join(quote.split()) in " ".join(real.split()):
            return reply_to, quote
        return reply_to, real

    def _keep(self, peer: str, stanza_id: str, outgoing: bool, body: str, sent_at: float,
              reply_to: str = "", quote: str = "", author: str = "", note: bool = False
              ) -> str:
        """Stores a message; returns the id it is kept under, "" for a duplicate. The same
        id with the same text is the same message (a resend), and so is any text for a
        message they corrected (the archive keeps its first text); otherwise another text is
        another message whose sender reused the id, kept under "id~2", "id~3" …"""
        key = stanza_id
        for n in range(2, MAX_ID_REUSE + 2):
            if self.store.cache_message(self.account, peer, key, outgoing, body, sent_at,
                                        reply_to, quote, author, note):
                return key
            stored = self.store.message(self.account, peer, key)
            if stored is not None and (stored[0] == body or self.store.was_corrected(
                    self.account, peer, key)):
                return ""
            key = f"{stanza_id}~{n}"
        log.warning("message id %r from %s reused too often; dropped", stanza_id, peer)
        return ""

    def on_acked(self, stanza_id: str) -> None:
        """The server has it: out of the outbox."""
        assert_gui_thread()
        if self.worker is None:
            return
        item = self.store.outbox_item(stanza_id)
        if item is not None:
            self.store.outbox_remove(stanza_id)
            self._advance(ChatMessage(stanza_id, item.peer, True, item.body, item.created_at,
                                      "sent", item.reply_to, item.quote, note=item.note))

    def on_receipt(self, peer: str, stanza_id: str) -> None:
        """The other side has it (the server's ack may come later, or never after a crash)."""
        assert_gui_thread()
        if self.worker is None:
            return
        stored = self.store.message(self.account, peer, stanza_id)
        if stored is not None:
            self.store.outbox_remove(stanza_id)
            self.store.mark_receipt(self.account, peer, stanza_id)
            body, sent_at, reply_to, quote = stored
            self._advance(ChatMessage(stanza_id, peer, True, body, sent_at, "delivered",
                                      reply_to, quote,
                                      note=self.store.is_note(self.account, peer, stanza_id)))

    def _advance(self, message: ChatMessage) -> None:
        """States only go forward: queued -> sent -> delivered, whatever order news comes in.
        The message goes out whole again, its quote with it (the pane redraws from it)."""
        if RANK[message.state] > RANK[self._states.get(message.id, "queued")]:
            self._states[message.id] = message.state
            self.bus.message.emit(message)
