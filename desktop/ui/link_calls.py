"""A phone link handed to Deskline (a later start, `deskline call`, a tel:/sip:/callto:
link opened in another app): the window comes to the front with the number in the dialer,
checked like a typed one, and is called after one confirmation (or at once, when
Settings → Interface says so)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.instance import Request
from desktop.links import number_of
from desktop.settings import Settings
from desktop.telephony.numbers import NumberError, parse
from desktop.ui.dialer import DialerPanel
from desktop.ui.number_problems import number_problem_text

log = logging.getLogger(__name__)


class LinkCalls(QObject):
    def __init__(self, window: QWidget, bring_up: Callable[[], None], dialer: DialerPanel,
                 settings: Settings, pbx_domain: Callable[[], str],
                 name_of: Callable[[str], str] = lambda _number: "") -> None:
        """`name_of`: whose number it is (the phone book), named in the question."""
        super().__init__(window)
        self.window = window
        self.bring_up = bring_up
        self.dialer = dialer
        self.settings = settings
        self.pbx_domain = pbx_domain
        self.name_of = name_of
        self.confirm: QMessageBox | None = None

    def handle(self, request: Request) -> None:
        self.bring_up()
        if not request.link:
            return
        try:
            number = number_of(request.link, self.pbx_domain())
        except NumberError as exc:
            self.dialer.set_number("")
            self.dialer.show_message(number_problem_text(exc))
            return
        try:
            display = parse(number).display
        except NumberError:
            display = ""
        self.dialer.set_number(display or number)
        log.info("a link's number in the dialer: %s", number)
        if not display:
            self.dialer.call()  # says what is wrong with it, beside the number
            return
        if self.settings.get_bool("calls.links_at_once"):
            self.dialer.call()
            return
        name = self.name_of(number)
        self._ask(f"{name}, {display}" if name else display)

    def _ask(self, display: str) -> None:
        if self.confirm is not None:
            self.confirm.close()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Call"),
                          self.tr("Call %1?").replace("%1", display),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("linkConfirm")
        call = box.addButton(self.tr("Call"), QMessageBox.ButtonRole.AcceptRole)
        call.setObjectName("linkCall")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(call)
        call.clicked.connect(self.dialer.call)
        self.confirm = box
        box.open()
