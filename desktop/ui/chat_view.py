"""The messages of one conversation as a document: day separators, times, delivery marks
and quotes; every body escaped (network text is shown as the characters it is).

Built for floods: news is laid out at most every FLUSH_MS; new messages are appended to the
document, a full layout only when a shown message changes; at the bottom the view keeps the
newest messages only (the store has the rest; scrolling up brings them back). The reader's
place is kept while the document grows or reflows.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.bus import ChatMessage
from desktop.chat.files_values import LINK, FileFacts, file_name, size_text
from desktop.ui.avatar import avatar_pixmap
from desktop.ui.chat_links import linked

MARKS = {"queued": "🕓", "sent": "✓", "delivered": "✓✓"}
GROUP_S = 300  # one sender's messages within this of each other share one header
OWN_INDENT = 48  # px: ours stand apart from theirs at a glance (and are tinted)
NOTE_YELLOW = "#f5c518"


@functools.lru_cache(maxsize=64)
def _face(name: str, ratio: float) -> QImage:
    """The initials' picture (drawn once per name: a page of 200 messages asks often)."""
    return avatar_pixmap(name, 28, ratio=ratio).toImage()


def _writer(m: ChatMessage) -> tuple[bool, str]:
    return m.outgoing, m.author


def _mix(base: QColor, other: QColor, share: float) -> str:
    """`share` of `other` over `base`, as #rrggbb."""
    return QColor(round(base.red() + (other.red() - base.red()) * share),
                  round(base.green() + (other.green() - base.green()) * share),
                  round(base.blue() + (other.blue() - base.blue()) * share)).name()
FLUSH_MS = 40
KEEP = 200  # messages kept at the bottom after a flood …
MAX_SHOWN = 600  # … once more than this are shown


class ChatView(QTextBrowser):
    reached_top = Signal()  # the reader scrolled to the oldest shown message

    def __init__(self, you: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.setOpenLinks(False)
        self.you = you
        self.their_name = ""
        self.messages: list[ChatMessage] = []
        # What a file's link is (name, size, an image's thumbnail): None until known.
        self.files: Callable[[str], FileFacts | None] = lambda _url: None
        self._thumbs: dict[str, QImage] = {}  # resource name -> thumbnail, as laid out
        self._colours()
        self._laid_out = 0  # messages in the document; the rest wait for the flush
        self._full = False  # a shown message changed: lay the whole document out again
        self._day: dt.date | None = None  # of the last message in the document
        self._from_bottom = 0  # the reader's place, kept while the document lays out
        self._rebuilding = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._keep_place)

    def show_messages(self, messages: list[ChatMessage], their_name: str,
                      keep_from_bottom: int = 0) -> None:
        """Lays out these messages now, the reader `keep_from_bottom` px above the end."""
        self.messages = list(messages)
        self.their_name = their_name
        self._render(keep_from_bottom)

    def put(self, message: ChatMessage) -> None:
        """A new message, or a new state of a shown one; laid out with the next flush."""
        for i in range(len(self.messages) - 1, -1, -1):
            if self.messages[i].id == message.id:
                self.messages[i] = message
                self._full = self._full or i < self._laid_out
                break
        else:
            self.messages.append(message)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def from_bottom(self) -> int:
        bar = self.verticalScrollBar()
        return bar.maximum() - bar.value()

    def _flush(self) -> None:
        at_bottom = self._from_bottom <= self.viewport().height() // 4
        if len(self.messages) > MAX_SHOWN and at_bottom:
            self.messages = self.messages[-KEEP:]  # the reader follows the newest only
            self._full = True
        if self._full:
            self._render(self._from_bottom)
            return
        new = self.messages[self._laid_out:]
        if not new:
            return
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.document().isEmpty():
            cursor.insertBlock()  # else the first new paragraph joins the last one shown
        start = cursor.position()
        page = "".join(self._html(m, self._laid_out + i) for i, m in enumerate(new))
        cursor.insertHtml(page)
        # insertHtml merges its first paragraph into the block it starts in, which kept
        # the last shown message's ground and indent: that paragraph gets its own back.
        alone = QTextDocument()
        alone.setHtml(page)
        first = QTextCursor(self.document())
        first.setPosition(start)
        first.setBlockFormat(alone.begin().blockFormat())
        cursor.endEditBlock()
        self._laid_out = len(self.messages)
        if at_bottom:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _render(self, keep_from_bottom: int) -> None:
        self._flush_timer.stop()
        self._colours()
        self._day = None
        self._rebuilding = True  # no "reached the top" while the page is rebuilt
        try:
            self._thumbs.clear()
            self.setHtml("".join(self._html(m, i) for i, m in enumerate(self.messages)))
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum() - keep_from_bottom)
            self._from_bottom = keep_from_bottom
        finally:
            self._rebuilding = False
        self._laid_out, self._full = len(self.messages), False

    def scroll_to(self, stanza_id: str) -> int:
        """The shown message `stanza_id` at the top of the view; its place in the document
        (-1 when it is not shown)."""
        index = next((i for i, m in enumerate(self.messages) if m.id == stanza_id), -1)
        if index < 0:
            return -1
        if index >= self._laid_out or self._full:
            self._flush()
        self.scrollToAnchor(f"m{index}")
        return self._anchor_at(f"m{index}")

    def _anchor_at(self, name: str) -> int:
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if name in fragment.charFormat().anchorNames():
                    return int(fragment.position())
                fragments += 1
            block = block.next()
        return -1

    def _html(self, m: ChatMessage, index: int) -> str:
        """One message: grouped under its sender's header while the same person writes on
        (within GROUP_S), with their initials beside the group's first; ours tinted, an
        internal note on yellow; colours from the palette (light or dark)."""
        when = dt.datetime.fromtimestamp(m.sent_at)
        day = ""
        if when.date() != self._day:
            self._day = when.date()
            day = (f'<p align="center" style="color:{self._muted}">— '
                   f'{self._day.strftime("%d.%m.%Y")} —</p>')
        prev = self.messages[index - 1] if index > 0 else None
        grouped = (not day and prev is not None and _writer(prev) == _writer(m)
                   and prev.note == m.note and 0 <= m.sent_at - prev.sent_at < GROUP_S)
        name = self.you if m.outgoing else m.author or self.their_name
        mark = MARKS.get(m.state, "") if m.outgoing else ""
        body = self._file(m.body) if LINK.fullmatch(m.body) else linked(m.body)
        quote = ""
        if m.quote:
            quoted = html.escape(m.quote).replace("\n", "<br>")
            # A quote of a message this conversation does not have cannot be checked.
            unsure = "" if m.reply_to or m.outgoing else (
                '<i style="color:#a05a00">'
                + html.escape(self.tr("(quoted message not found here)")) + "</i> ")
            quote = (f'<span style="color:{self._bar}">▍</span>{unsure}'
                     f'<span style="color:{self._muted}">❝ {quoted}</span>')
        edited = (f' <span style="color:{self._muted}">✎ '
                  + html.escape(self.tr("(edited)")) + "</span>" if m.edited else "")
        note = ""
        if m.note:  # the team's words: apart from the conversation with the client
            note = (f' <span style="color:{self._muted}">🔒 '
                    + html.escape(self.tr("internal note, colleagues only")) + "</span>")
        clock = f'<span style="color:{self._muted}">{when.strftime("%H:%M")}</span>'
        head = "" if grouped else f"{clock} <b>{html.escape(name)}</b> {mark}{note}{edited}"
        if grouped and (mark or note or edited):
            head = f"{clock} {mark}{note}{edited}"
        ground = self._note if m.note else self._own if m.outgoing else self._theirs
        # Paragraphs on a ground, not tables: a page of 200 laid out in a third of the time.
        indent = OWN_INDENT if m.outgoing else 4
        face = "" if grouped or m.outgoing else (
            f'<img src="avatar:{html.escape(name, quote=True)}" width="22" height="22"> ')
        box = (f"background-color:{ground}; margin-left:{indent}px; margin-right:4px;"
               f" margin-bottom:0px")
        first = f'style="{box}; margin-top:{2 if grouped else 8}px"'
        rest = f'style="{box}; margin-top:0px"'
        parts = []
        if head:
            parts.append(f"<p {first}>{face}{head}</p>")
        if quote:
            parts.append(f"<p {rest if parts else first}>{quote}</p>")
        parts.append(f"<p {rest if parts else first}>{body}</p>")
        parts[0] = parts[0].replace(">", f'><a name="m{index}"></a>', 1)
        return day + "".join(parts)

    def _colours(self) -> None:
        """The grounds of the bubbles from the palette (the light or dark one in use)."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Highlight)
        text = palette.color(QPalette.ColorRole.Text)
        self._own = _mix(base, accent, 0.16)
        self._theirs = _mix(base, text, 0.06)
        self._bar = _mix(base, accent, 0.7)
        self._muted = _mix(base, text, 0.65)
        self._note = _mix(base, QColor(NOTE_YELLOW), 0.2)  # pale in light, olive in dark

    def _file(self, url: str) -> str:
        """A file's link alone: its picture (a click shows it whole) or its name and size."""
        facts = self.files(url)
        link = html.escape(url, quote=True)
        name = html.escape(facts.name if facts is not None else file_name(url))
        size = f" · {html.escape(size_text(facts.size))}" if facts and facts.size >= 0 else ""
        if facts is not None and facts.thumb is not None:
            key = f"thumb{len(self._thumbs)}"
            self._thumbs[key] = facts.thumb
            return (f'<a href="{link}"><img src="thumb:{key}" width="{facts.thumb.width()}" '
                    f'height="{facts.thumb.height()}"></a><br>'
                    f'<span style="color:#888">{name}{size}</span>')
        return f'📎 <a href="{link}">{name}</a><span style="color:#888">{size}</span>'

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Light or dark: the bubbles follow the palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.messages:
            self._render(self.from_bottom())

    def file_known(self, url: str) -> None:
        """A link's facts came: its message is laid out again (with the next flush)."""
        if any(m.body == url for m in self.messages[:self._laid_out]):
            self._full = True
            if not self._flush_timer.isActive():
                self._flush_timer.start()

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt's
        url = QUrl(name)
        if url.scheme() == "thumb":
            return self._thumbs.get(url.path())
        if url.scheme() == "avatar":  # the initials on the colour they have everywhere
            return _face(url.path(), self.devicePixelRatioF())
        return super().loadResource(kind, name)

    def _scrolled(self, value: int) -> None:
        self._from_bottom = self.verticalScrollBar().maximum() - value
        if value == 0 and self.messages and not self._rebuilding:
            self.reached_top.emit()

    def _keep_place(self, _minimum: int, maximum: int) -> None:
        """A long document is laid out in steps after setHtml, and a resize reflows it: the
        range grows under the reader, who stays as far from the newest message as before.
        The scroll bar's signals stay on: the view scrolls its picture through them (blocking
        them left a stale picture on screen, #15.4)."""
        place = self._from_bottom
        self._rebuilding = True
        try:
            self.verticalScrollBar().setValue(maximum - place)
        finally:
            self._rebuilding = False
        self._from_bottom = place
