"""The specialist's guide (F1): the working rules of appeals as Deskline supports them, what
each status does, the keys and the quick replies. Built each time it opens from what the
app itself uses (the shortcut table, the quick replies and their settings, the vendor line),
so it never tells of keys or replies that are not there."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from desktop.bus import Status
from desktop.chat.quick_replies import templates
from desktop.settings import Settings
from desktop.ui.i18n import watch_language
from desktop.ui.shortcuts import shortcut_table
from desktop.ui.status_names import status_name


class HelpWindow(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.settings = settings
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self.resize(720, 640)
        watch_language(self, self.refresh)

    def refresh(self) -> None:
        self.setWindowTitle(self.tr("Deskline: the specialist's guide"))
        self.text.setHtml(self.page())

    def page(self) -> str:
        parts = [f"<h2>{html.escape(self.windowTitle())}</h2>"]
        parts += self._appeals()
        parts.append(f"<h3>{html.escape(self.tr('Statuses'))}</h3>")
        parts.append(_table([(status_name(s), what) for s, what in self._statuses()]))
        parts.append(f"<h3>{html.escape(self.tr('Quick replies'))}</h3>")
        parts.append(_table([(f"Ctrl+{n}", text) for n, text in
                             enumerate(templates(self.settings)[:9], start=1)]))
        fields = self.tr("{first_name}, {patronymic} and {name} become the client's name; "
                         "{my_name}, yours. Settings → Quick replies changes them.")
        parts.append(f"<p>{html.escape(fields)}</p>")
        parts.append(f"<h3>{html.escape(self.tr('Keys'))}</h3>")
        parts.append(_table(shortcut_table()))
        return "".join(parts)

    def _appeals(self) -> list[str]:
        control = self.settings.get_int("chat.control_reply")
        replies = templates(self.settings)
        control_text = replies[control - 1] if 0 < control <= len(replies) else ""
        rules = [
            self.tr("An appeal is offered to you with its line's clock: accept it before the "
                    "clock runs out (it turns amber in the last minute, red when late), or "
                    "it goes to a colleague. Enter on the offer accepts and opens it."),
            self.tr("Acknowledge at once: Ctrl+Shift+A sends quick reply 2, addressed to "
                    "the client by name and patronymic."),
            self.tr("Busy for new appeals: nothing new is offered to you; what you have "
                    "stays yours. Away (also after minutes without input) hands back the "
                    "offers you have not accepted."),
            self.tr("Transfer at most once (Ctrl+Shift+T): each new person makes the client "
                    "explain again. A transfer can carry an internal note for the next one. "
                    "Escalate (Ctrl+Shift+E) goes to a senior of the line who is online."),
            self.tr("Internal notes (🔒 Note, Ctrl+Shift+N) are for colleagues and seniors; "
                    "the client never sees them."),
            self.tr("The control question starts the line's auto-finish clock; the client's "
                    "answer stops it."),
            self.tr("Finish work (Ctrl+Shift+F) asks the client for a rating from 1 to 5; "
                    "it shows in the finished list and on the client's card."),
        ]
        parts = [f"<h3>{html.escape(self.tr('Appeals'))}</h3><ul>"]
        parts += [f"<li>{html.escape(rule)}</li>" for rule in rules]
        parts.append("</ul>")
        if control_text:
            parts.append("<p>" + html.escape(self.tr("Your control question is quick reply "
                                                     "%1:")).replace("%1", str(control))
                         + f" <i>«{html.escape(control_text)}»</i></p>")
        vendor = self.settings.get_str("appeals.vendor_line")
        if vendor:
            parts.append("<p>" + html.escape(self.tr(
                "Menu → Write to Deskline support opens a conversation with the makers of "
                "Deskline: there you are the client.")) + "</p>")
        return parts

    def _statuses(self) -> list[tuple[Status, str]]:
        return [
            (Status.ONLINE, self.tr("Appeals and calls are offered to you.")),
            (Status.BUSY, self.tr("Nothing new is offered; your appeals and calls stay.")),
            (Status.AWAY, self.tr("Offers not yet accepted go to colleagues; set by itself "
                                  "after minutes without input.")),
            (Status.OFFLINE, self.tr("Signed out of the chat: nothing is offered.")),
        ]


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td><b>{html.escape(a)}</b></td><td>{html.escape(b)}</td></tr>"
                    for a, b in rows)
    return f"<table cellpadding='3'>{cells}</table>"
