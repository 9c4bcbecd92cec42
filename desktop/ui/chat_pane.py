"""The conversation with one contact: its messages (chat_view), the input (Enter sends,
Shift+Enter starts a new line), quick replies, quoting and typing notifications."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import Bus, ChatMessage, ContactInfo, SettingChanged
from desktop.chat.conversations import MAX_CHARS, ChatService, MessageError, MessageProblem
from desktop.chat.files import FileService
from desktop.chat.quick_replies import names_of, render, templates
from desktop.chat.session import ChatSession
from desktop.chat.spelling import Speller
from desktop.settings import Settings
from desktop.ui.chat_files import ChatFiles
from desktop.ui.chat_view import ChatView
from desktop.ui.emoji_picker import EmojiButton
from desktop.ui.find_bar import FindBar
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.shortcuts import on_button
from desktop.ui.spell_check import SpellCheck
from desktop.ui.status_names import status_name

TYPING_PAUSE_MS = 5000
HISTORY = 200


class MessageInput(QPlainTextEdit):
    send_requested = Signal()
    image_pasted = Signal(QImage)  # a screenshot from the clipboard, to send
    files_dropped = Signal(list)  # local files dropped on the box (Paths), to send
    quick_requested = Signal(int)  # Ctrl+1 … Ctrl+9: that quick reply (0-based)
    escape_pressed = Signal()  # (a quote being replied with is dropped)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.send_requested.emit()
            return
        if (event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9):
            self.quick_requested.emit(event.key() - Qt.Key.Key_1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt's
        return source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's
        """A pasted picture or dropped files are sent as files; text is text."""
        files = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        if files:
            self.files_dropped.emit(files)
            return
        if source.hasImage() and not source.hasText():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.image_pasted.emit(image)
                return
        super().insertFromMimeData(source)


class ChatPane(QWidget):
    opened = Signal(str)  # a conversation was opened (its address)

    def __init__(self, session: ChatSession, chats: ChatService, bus: Bus,
                 settings: Settings, speller: Speller | None = None,
                 files: FileService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPanel")
        self.settings = settings
        self.session = session
        self.chats = chats
        # Addresses that are no contact (appeals): who writes there, and the title.
        self.names: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.people: dict[str, str] = {}  # … and the person quick replies address
        self.peer = ""
        self.title = QLabel()
        self.title.setObjectName("chatTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: 600;")
        self.view = ChatView("")
        self.find_bar = FindBar(self.view)
        self.input = MessageInput()
        self.input.setObjectName("chatInput")
        self.input.setMaximumHeight(90)
        self.spelling = SpellCheck(self.input, speller, lambda: settings.get_bool(
            "ui.spell_check")) if speller is not None and speller.enabled else None
        self.input.send_requested.connect(self.send)
        self.error = QLabel()
        self.error.setObjectName("chatError")
        self.error.setStyleSheet("color: #c8393b;")
        self.error.hide()
        self.send_button = QPushButton()
        self.send_button.setObjectName("sendButton")
        set_icon(self.send_button, "send")
        self.send_button.clicked.connect(self.send)
        self._build_tools()
        self._build_files(files)
        self._build_typing()
        self._lay_out()
        self.input.setEnabled(False)
        self.send_button.setEnabled(False)
        self.attach.setEnabled(False)  # (a file goes to an open conversation)
        self.quote_button.setEnabled(False)  # something to quote: see _update_quote_button
        self.view.selectionChanged.connect(self._update_quote_button)
        bus.message.connect(self._on_message)
        session.typing.connect(self._on_typing)
        chats.history_loaded.connect(self._on_history)
        self.view.reached_top.connect(self._reached_top)
        bus.contact_changed.connect(self._on_contact)
        bus.setting_changed.connect(self._on_setting)
        self.closed = ""  # why nothing can be written here ("" when it can)
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.view.you = self.tr("You")
        self.quote_cancel.setToolTip(self.tr("Do not quote (Esc)"))
        self.quote_button.setText(self.tr("Quote"))
        self.quote_button.setToolTip(self.tr("Reply quoting the selected text (or their last "
                                             "message); Alt+Q"))
        self.quick.setText(self.tr("Quick replies") + " ▾")
        self.quick.setToolTip(self.tr("Ctrl+1 … Ctrl+9"))
        self.note_toggle.setText(self.tr("Internal note"))
        self.note_toggle.setToolTip(self.tr("Write a note only colleagues see, never the "
                                            "client (Ctrl+Shift+N)"))
        self.send_button.setText(self.tr("Save note") if self.note_toggle.isChecked()
                                 else self.tr("Send"))
        self.input.setPlaceholderText(self.closed or self._placeholder())
        if self.quoting is not None:
            self._show_quote()
        if self.peer:
            self.show_title()
            self._show_typing()
            self.view.show_messages(self.view.messages, self.view.their_name,
                                    self.view.from_bottom())
        else:
            self.title.setText(self.tr("Choose a contact to see the conversation."))

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        self.header_slot = QVBoxLayout()  # an appeal's bar goes here
        self.header_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.header_slot)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.typing_line)
        layout.addWidget(self.error)
        layout.addWidget(self.upload_line)
        layout.addWidget(self.quote_bar)
        layout.addWidget(self.input)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quick)
        buttons.addWidget(self.quote_button)
        buttons.addWidget(self.emoji)
        buttons.addWidget(self.attach)
        buttons.addWidget(self.note_toggle)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)

    def _build_tools(self) -> None:
        """Quick replies and quoting, beside the send button."""
        self.quoting: tuple[ChatMessage, str] | None = None
        self.quote_bar = QFrame()
        self.quote_bar.setObjectName("quoteBar")
        self.quote_bar.setStyleSheet("#quoteBar { background: palette(alternate-base); }")
        self.quote_text = QLabel()
        self.quote_text.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_cancel = QToolButton()
        self.quote_cancel.setObjectName("quoteCancel")
        set_icon(self.quote_cancel, "close")
        self.quote_cancel.setAutoRaise(True)
        self.quote_cancel.clicked.connect(self.cancel_quote)
        row = QHBoxLayout(self.quote_bar)
        row.setContentsMargins(6, 2, 2, 2)
        row.addWidget(self.quote_text, 1)
        row.addWidget(self.quote_cancel)
        self.quote_bar.hide()
        self.quote_button = QPushButton()
        self.quote_button.setObjectName("quoteButton")
        set_icon(self.quote_button, "quote")
        on_button(self.quote_button, "Alt+Q")
        self.quote_button.clicked.connect(self.quote_selection)
        self.quick = QToolButton()
        self.quick.setObjectName("quickReplies")
        self.quick.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.quick.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_icon(self.quick, "quick")
        self.quick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.quick.setMenu(QMenu(self.quick))
        self.quick.menu().aboutToShow.connect(self._fill_quick_menu)
        self.input.quick_requested.connect(self.insert_quick)
        self.emoji = EmojiButton()
        self.emoji.picked.connect(self._insert_emoji)
        # An appeal's internal note: for colleagues, never the client (the desk keeps it so).
        self.can_note: Callable[[str], bool] = lambda _peer: False
        self.note_toggle = QToolButton()
        self.note_toggle.setObjectName("noteToggle")
        self.note_toggle.setCheckable(True)
        self.note_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_icon(self.note_toggle, "note")
        on_button(self.note_toggle, "Ctrl+Shift+N")
        self.note_toggle.toggled.connect(self._note_mode)
        self.note_toggle.hide()
        self.input.escape_pressed.connect(lambda: self.quoting and self.cancel_quote())

    def open(self, peer: str) -> None:
        self._stopped_typing()
        self.peer = peer
        self.their_typing = False
        self.typing_line.hide()
        if self.find_bar.isVisible():
            self.find_bar.close_bar()
        self.note_toggle.setChecked(False)  # each conversation starts with the client
        self.view.show_messages(self.chats.conversation(peer, HISTORY), self._their_name())
        self.chats.mark_read(peer)
        self.chats.load_history(peer, count=HISTORY)  # what the server has and we do not
        self.input.setEnabled(True)
        self.send_button.setEnabled(True)
        self.attach.setEnabled(True)
        self._update_quote_button()
        self.show_title()
        self.refresh_note()
        self.input.setFocus()
        self.opened.emit(peer)

    def _on_setting(self, event: SettingChanged) -> None:
        if event.key == "ui.spell_check" and self.spelling is not None:
            self.spelling.refresh()

    def refresh_note(self) -> None:
        """The note switch where notes can be written (an appeal in one's work)."""
        allowed = bool(self.peer) and self.can_note(self.peer)
        if not allowed:
            self.note_toggle.setChecked(False)
        self.note_toggle.setVisible(allowed)

    def _note_mode(self, on: bool) -> None:
        if on:
            self._stopped_typing()  # (the client is not told someone types a note)
        self.input.setProperty("note", on)
        self.input.setStyleSheet("#chatInput { background: #fff4c2; color: #000; }" if on
                                 else "")
        self.send_button.setText(self.tr("Save note") if on else self.tr("Send"))
        if self.input.isEnabled():
            self.input.setPlaceholderText(self._placeholder())
        self.input.setFocus()

    def _placeholder(self) -> str:
        return self.tr("Internal note: only colleagues see it (Enter saves)") \
            if self.note_toggle.isChecked() else self.tr(
                "Message (Enter sends, Shift+Enter: new line)")

    def _build_files(self, files: FileService | None) -> None:
        """📎 (a file), a pasted screenshot or dropped files (chat_files.py)."""
        self.files = files
        self.file_sending = ChatFiles(self, files)
        self.attach, self.upload_line = self.file_sending.attach, self.file_sending.line

    def open_find(self, text: str | None = None) -> None:
        """Ctrl+F: the find bar over the open conversation."""
        if self.peer:
            self.find_bar.open(text)

    def show_found(self, stanza_id: str, text: str) -> None:
        """A search's message: shown (older ones loaded from the store as far as it), at the
        top of the view, with the searched words highlighted and the first of them current."""
        count = self.chats.newer_count(self.peer, stanza_id)
        if count > len(self.messages):
            self._show_newest(count + 5)
        self.find_bar.open(text)
        position = self.view.scroll_to(stanza_id)
        if position >= 0:
            self.find_bar.focus_on(position)
            self.view.scroll_to(stanza_id)

    def _fill_quick_menu(self) -> None:
        menu = self.quick.menu()
        menu.clear()
        menu.setToolTipsVisible(True)
        for i, template in enumerate(templates(self.settings)[:9]):
            # As it will be sent: addressed to the person behind this conversation (an
            # appeal's client, not the appeal's address), with its key beside it.
            text = " ".join(self._quick(template).split())
            action = menu.addAction(text if len(text) <= 70 else text[:69] + "…")
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.setToolTip(self._quick(template))
            action.triggered.connect(lambda _=False, n=i: self.insert_quick(n))

    def _insert_emoji(self, emoji: str) -> None:
        if self.input.isEnabled():
            self.input.insertPlainText(emoji)
            self.input.setFocus()

    def insert_quick(self, index: int) -> None:
        """Puts a quick reply, addressed to this contact, into the input to review and send."""
        items = templates(self.settings)
        if not self.peer or index >= len(items):
            return
        self.input.insertPlainText(self._quick(items[index]))
        self.input.setFocus()

    def send_quick(self, index: int) -> None:
        """Sends a quick reply, addressed, at once (the appeal's acknowledgement)."""
        items = templates(self.settings)
        if self.peer and index < len(items):
            self.chats.send(self.peer, self._quick(items[index]))

    def set_closed(self, reason: str) -> None:
        """Nothing more can be written here (an appeal finished or handed on): the input
        says why; "" opens it again."""
        self.input.setEnabled(not reason)
        self.send_button.setEnabled(not reason)
        self.quick.setEnabled(not reason)  # (nothing to reply into)
        self.emoji.setEnabled(not reason)
        self.attach.setEnabled(not reason)
        if reason:
            self.cancel_quote()
            self.note_toggle.setChecked(False)
        self.refresh_note()
        self._update_quote_button()
        self.closed = reason
        self.input.setPlaceholderText(reason or self._placeholder())

    def quick_text(self, index: int, peer: str) -> str:
        """Quick reply `index` (0-based) as it would be sent to `peer`; "" when none."""
        items = templates(self.settings)
        if not 0 <= index < len(items):
            return ""
        return self._quick(items[index], peer)

    def _quick(self, template: str, peer: str = "") -> str:
        """Addressed to the person behind `peer` (the open conversation by default)."""
        person = self.people.get(peer or self.peer, peer or self.peer)
        return render(template, self.session.contacts.get(person), self.session.profile)

    def _update_quote_button(self) -> None:
        """Quoting needs a reply box open, and a selection or a message of theirs."""
        self.quote_button.setEnabled(bool(self.peer) and self.input.isEnabled() and (
            self.view.textCursor().hasSelection()
            or any(not m.outgoing for m in self.messages)))

    def quote_selection(self) -> None:
        """Reply with a quote: the selected fragment, in the message it belongs to; with no
        selection, their last message."""
        fragment = self.view.textCursor().selectedText().replace("\u2029", "\n").strip()
        theirs = [m for m in self.messages if fragment in m.body] if fragment else [
            m for m in self.messages if not m.outgoing]
        if not theirs:
            return
        message = theirs[-1]
        self.quoting = (message, fragment or message.body)
        self._show_quote()
        self.quote_bar.show()
        self.input.setFocus()

    def _show_quote(self) -> None:
        if self.quoting is not None:
            self.quote_text.setText(self.tr("Replying to: “{0}”").format(
                self.quoting[1][:120]))

    def cancel_quote(self) -> None:
        """The reply goes without the quote (×, or Esc in the reply box)."""
        self.quoting = None
        self.quote_bar.hide()
        self.input.setFocus()

    def send(self) -> None:
        if not self.peer:
            return
        quoting, fragment = self.quoting if self.quoting else (None, "")
        try:
            self.chats.send(self.peer, self.input.toPlainText(), quoting, fragment,
                            note=self.note_toggle.isChecked())
        except MessageError as exc:
            self.error.setText(  # the text stays in the input: nothing is lost
                self.tr("The message is empty.") if exc.problem is MessageProblem.EMPTY else
                self.tr("The message has {0} characters; at most {1} can be sent at once. "
                        "Split it, please.").format(exc.length, MAX_CHARS))
            self.error.show()
            return
        self.error.hide()
        self.pause.stop()
        self.my_typing = False  # the message itself ends "composing" (it carries "active")
        self.input.clear()
        self.quoting = None
        self.quote_bar.hide()

    @property
    def messages(self) -> list[ChatMessage]:
        return self.view.messages

    def _on_message(self, message: ChatMessage) -> None:
        if message.peer != self.peer:
            return
        self.view.put(message)
        if not message.outgoing:
            self.chats.mark_read(self.peer)
            self._update_quote_button()

    def _build_typing(self) -> None:
        """XEP-0085 both ways: "Иван Петрович печатает…" under the conversation; ours sent
        while keys come."""
        self.typing_line = QLabel()
        self.typing_line.setObjectName("chatTyping")
        self.typing_line.setTextFormat(Qt.TextFormat.PlainText)
        self.typing_line.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
        self.typing_line.hide()
        self.their_typing = False
        self.my_typing = False
        self.pause: QTimer = QTimer(self)  # our "paused" after a few seconds without keys
        self.pause.setSingleShot(True)
        self.pause.setInterval(TYPING_PAUSE_MS)
        self.pause.timeout.connect(self._stopped_typing)
        self.input.textChanged.connect(self._typed)

    def _reached_top(self) -> None:
        """Older messages, from the local store first, else from the server. The store is
        paged by count, not by time: many messages share one second."""
        if self.peer and not self._show_newest(len(self.messages) + HISTORY):
            self.chats.load_history(self.peer, older=True, count=HISTORY)

    def _on_history(self, peer: str, new: int) -> None:
        """The server's archive had messages we did not: show them where they belong."""
        if peer == self.peer and new:
            self._show_newest(len(self.messages) + new)

    def _show_newest(self, count: int) -> bool:
        """Shows the newest `count` stored messages, keeping the reader's place; False when
        the store has no more than already shown."""
        shown = self.chats.conversation(self.peer, count)
        if len(shown) <= len(self.messages):
            return False
        self.view.show_messages(shown, self._their_name(), self.view.from_bottom())
        return True

    def _typed(self) -> None:
        if not self.peer or not self.input.toPlainText() or self.note_toggle.isChecked():
            return
        if not self.my_typing:
            self.my_typing = True
            self.session.send_typing(self.peer, True)
        self.pause.start()

    def _stopped_typing(self) -> None:
        if self.my_typing and self.peer:
            self.my_typing = False
            self.session.send_typing(self.peer, False)

    def _on_typing(self, jid: str, typing: bool) -> None:
        if jid == self.peer:
            self.their_typing = typing
            self._show_typing()

    def _show_typing(self) -> None:
        """Who types, as one addresses them (name and patronymic from their card)."""
        first, patronymic = names_of(self.session.contacts.get(self.people.get(self.peer,
                                                                                self.peer)))
        name = " ".join(p for p in (first, patronymic) if p) or self._their_name()
        self.typing_line.setText(self.tr("%1 is typing…").replace("%1", name))
        self.typing_line.setVisible(self.their_typing)

    def _on_contact(self, contact: ContactInfo) -> None:
        if contact.jid == self.peer:
            self.view.their_name = contact.name  # for the messages that come next
            self.show_title()

    def show_title(self) -> None:
        contact = self.session.contacts.get(self.peer)
        name = contact.name if contact else self.titles.get(self.peer, self.peer)
        status = status_name(contact.status) if contact else ""
        title = f"{name} — {status}" if status else name
        self.title.setText(title)

    def _their_name(self) -> str:
        contact = self.session.contacts.get(self.peer)
        return contact.name if contact else self.names.get(self.peer, self.peer)
