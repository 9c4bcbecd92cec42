"""Above an appeal's conversation: its line, client, organisation, transfers and clock (to
accept, or the auto-finish countdown after the control question), and what can be done
with it: accept, transfer, escalate, invite, comment, finish (or leave, when invited)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.appeals.remote import RemotePhase, RemoteSession
from desktop.appeals.service import AppealService
from desktop.bus import (
    AppealFailed,
    AppealInfo,
    AppealProblem,
    AppealState,
    Bus,
    ChatMessage,
    ContactInfo,
)
from desktop.ui.appeal_clock import accept_clock, countdown, transfers
from desktop.ui.flow_layout import FlowLayout, flow_policy
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.remote_phase import phase_text
from desktop.ui.shortcuts import on_button
from desktop.ui.transfer_dialog import TransferDialog


class AppealBar(QWidget):
    note_requested = Signal()  # an internal note is to be written in the composer

    def __init__(self, appeals: AppealService, bus: Bus,
                 colleagues: Callable[[str], list[ContactInfo]],
                 client_name: Callable[[str], str],
                 control_text: Callable[[str], str],
                 clock: Callable[[], float] = time.time, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("appealBar")
        self.appeals = appeals
        self.colleagues = colleagues
        self.client_name = client_name
        self.control_text = control_text  # the control question as sent to this appeal
        self.clock = clock
        self.address = ""
        # (appeal, kind, target, note)
        self._transferring: tuple[int, str, str, str] | None = None
        self.summary = QLabel()
        self.summary.setObjectName("appealSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("appealClock")
        self.clock_label.setStyleSheet("font-weight: 600;")
        self.accept_button = self._button("appealAccept", self._accept)
        self.transfer_button = self._button("appealTransfer", self.transfer, "Ctrl+Shift+T")
        self.escalate_button = self._button("appealEscalate", self.escalate, "Ctrl+Shift+E")
        self.invite_button = self._button("appealInvite", self.invite)
        self.note_button = self._button("appealNote", self.note_requested.emit)
        self.finish_button = self._button("appealFinish", self.finish,
                                          "Ctrl+Shift+F")
        self.leave_button = self._button("appealLeave", self._leave)
        self.join_button = self._button("appealJoin", self._join)
        self.remote_button = self._button("appealRemote", self.remote, "Ctrl+Shift+R")
        for button, what in ((self.accept_button, "accept"), (self.transfer_button, "hand_on"),
                             (self.escalate_button, "escalate"),
                             (self.invite_button, "invite"), (self.note_button, "note"),
                             (self.finish_button, "finish"), (self.leave_button, "leave"),
                             (self.join_button, "join"), (self.remote_button, "remote")):
            set_icon(button, what)
        self.remote_label = _remote_label()
        self.remote_sessions: dict[int, RemoteSession] = {}  # appeal -> its session's last word
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.clock_label)
        buttons = QWidget()  # they wrap onto a second line rather than squeeze the card
        flow_policy(buttons)
        row = FlowLayout(buttons)
        for button in (self.accept_button, self.transfer_button, self.escalate_button,
                       self.invite_button, self.note_button, self.remote_button,
                       self.leave_button, self.join_button, self.finish_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(buttons)
        layout.addWidget(self.remote_label)
        self._style()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._show)
        bus.appeal.connect(self._on_appeal)
        bus.appeal_failed.connect(self._on_failed)
        bus.message.connect(self._on_message)
        appeals.remote_changed.connect(self._on_remote)
        self.hide()
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.accept_button.setText(self.tr("Accept"))
        self.transfer_button.setText(self.tr("Transfer…"))
        self.escalate_button.setText(self.tr("Escalate"))
        self.invite_button.setText(self.tr("Invite…"))
        self.note_button.setText(self.tr("Note"))
        self.finish_button.setText(self.tr("Finish work"))
        self.leave_button.setText(self.tr("Leave"))
        self.join_button.setText(self.tr("Join"))
        self.remote_button.setText(self.tr("Remote session…"))
        self.note_button.setToolTip(self.tr("An internal note in the conversation: colleagues "
                                            "and seniors see it, the client never does "
                                            "(Ctrl+Shift+N)"))
        self._show()

    def _style(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#appealBar { background: palette(alternate-base); "
                           "border-radius: 4px; }")

    def _button(self, name: str, slot: Callable[[], None], keys: str = "") -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(slot)
        if keys:
            on_button(button, keys)
        return button

    def show_for(self, address: str) -> None:
        """The conversation now open: its bar when it is an appeal, else none."""
        self.address = address
        appeal = self.appeals.by_address(address)
        self.setVisible(appeal is not None)
        if appeal is not None:
            self.appeals.ask_card(appeal.id)  # the lines connected for the client
        self._show()

    @property
    def appeal(self) -> AppealInfo | None:
        return self.appeals.by_address(self.address) if self.address else None

    # --- actions --------------------------------------------------------------------------
    def _accept(self) -> None:
        if (appeal := self.appeal) is not None:
            self.appeals.accept(appeal.id)

    def remote(self) -> None:
        """Ask the client for their screen (or join the session a colleague runs)."""
        appeal = self.appeal
        if appeal is not None and appeal.state in (AppealState.IN_WORK,
                                                   AppealState.TAKING_PART):
            self.appeals.remote(appeal.id)

    def _on_remote(self, session: RemoteSession) -> None:
        if session.phase is RemotePhase.WATCHING:
            return  # (the viewer's window says who else watches; the phase stays)
        self.remote_sessions[session.appeal] = session
        self._show()

    def _join(self) -> None:
        if (appeal := self.appeal) is not None and appeal.state is AppealState.READING:
            self.appeals.join(appeal.id)

    def _leave(self) -> None:
        if (appeal := self.appeal) is not None:
            self.appeals.leave(appeal.id)

    def finish(self) -> None:
        appeal = self.appeal
        if appeal is not None and appeal.state is AppealState.IN_WORK:
            self.appeals.finish(appeal.id)

    def escalate(self) -> None:
        appeal = self.appeal
        if appeal is not None and appeal.state is AppealState.IN_WORK:
            self.appeals.escalate(appeal.id)

    def transfer(self) -> None:
        """Online colleagues first (offline ones cannot be chosen), or a line connected for
        the client; the second transfer asks first (at most one is recommended)."""
        appeal = self.appeal
        if appeal is None or appeal.state is not AppealState.IN_WORK:
            return
        card = self.appeals.cards.get(appeal.id)
        lines = None if card is None else [(i, n) for i, n in card.lines if i != appeal.line]
        dialog = TransferDialog(self.tr("Transfer appeal №%1").replace("%1", str(appeal.id)),
                                self.colleagues(appeal.client), lines, self, with_note=True,
                                partner=None if card is None or not card.first_line
                                else card.first_line)
        if dialog.exec() != QDialog.DialogCode.Accepted or (choice := dialog.choice()) is None:
            return
        if choice[0] == "partner":  # (not a transfer here: the partner's desk takes it on)
            self.appeals.return_to_partner(appeal.id, dialog.note())
            return
        if appeal.transfers >= 1 and not self._confirm_again():
            return
        self._hand(appeal.id, *choice, confirm=appeal.transfers >= 1, note=dialog.note())

    def invite(self) -> None:
        appeal = self.appeal
        if appeal is None or appeal.state is not AppealState.IN_WORK:
            return
        dialog = TransferDialog(self.tr("Invite a colleague to appeal №%1").replace(
            "%1", str(appeal.id)), self.colleagues(appeal.client), None, self)
        choice = dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if choice is not None:
            self.appeals.invite(appeal.id, choice[1])

    def _confirm_again(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Transfer again?"), self.tr(
            "This appeal was transferred already. At most one transfer is recommended: "
            "the client explains again to each new person. Transfer anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("transferAgainBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _hand(self, appeal: int, kind: str, target: str, confirm: bool, note: str = ""
              ) -> None:
        self._transferring = (appeal, kind, target, note)
        if kind == "to":
            self.appeals.transfer_to_colleague(appeal, target, confirm, note)
        else:
            self.appeals.transfer_to_line(appeal, target, confirm, note)

    def _on_failed(self, failed: AppealFailed) -> None:
        """The desk counts transfers too: when it asks for the confirmation we did not
        know was needed, the question comes now and the same transfer goes again."""
        pending, self._transferring = self._transferring, None
        if failed.action == "transfer" and failed.problem is AppealProblem.CONFIRM and \
                pending is not None and pending[0] == failed.appeal and self._confirm_again():
            appeal, kind, target, note = pending
            self._hand(appeal, kind, target, True, note)

    # --- what it shows -----------------------------------------------------------------------
    def _on_appeal(self, appeal: AppealInfo) -> None:
        if appeal.address == self.address:
            self._show()

    def _on_message(self, message: ChatMessage) -> None:
        """The control question sent to an appeal in my work (typed or a quick reply): the
        desk starts its auto-finish clock."""
        appeal = self.appeals.by_address(message.peer)
        if appeal is None or not message.outgoing or message.state != "queued" \
                or appeal.state is not AppealState.IN_WORK:
            return  # (a sent message comes again as sent, then delivered: asked once)
        control = self.control_text(message.peer)
        if control and message.body.strip() == control.strip():
            self.appeals.control_question(appeal.id)

    def _show(self) -> None:
        appeal = self.appeal
        if appeal is None:
            self.ticker.stop()
            return
        parts = [appeal.organisation] if appeal.organisation else []  # the title has the rest
        if appeal.transfers:
            parts.append(transfers(appeal.transfers))
        self.summary.setText(" · ".join(parts))
        text, colour = self._clock(appeal)
        self.clock_label.setText(text)
        self.clock_label.setStyleSheet("font-weight: 600;" + (
            f" color: {colour.name()};" if colour is not None else ""))
        state = appeal.state
        self.accept_button.setVisible(state is AppealState.OFFERED)
        for button in (self.transfer_button, self.escalate_button, self.invite_button,
                       self.finish_button):
            button.setVisible(state not in (AppealState.TAKING_PART, AppealState.READING))
            button.setEnabled(state is AppealState.IN_WORK)
        self.note_button.setVisible(state in (AppealState.IN_WORK, AppealState.TAKING_PART))
        self.leave_button.setVisible(state is AppealState.TAKING_PART)
        self.join_button.setVisible(state is AppealState.READING)
        self.remote_button.setVisible(state in (AppealState.IN_WORK, AppealState.TAKING_PART))
        remote = self.remote_sessions.get(appeal.id)
        self.remote_label.setVisible(remote is not None)
        self.remote_label.setText(phase_text(self, remote.phase, remote.reason, remote.code)
                                  if remote is not None else "")
        if state is AppealState.OFFERED or appeal.control_until:
            self.ticker.start()
        else:
            self.ticker.stop()

    def _clock(self, appeal: AppealInfo) -> tuple[str, QColor | None]:
        now = self.clock()
        if appeal.state is AppealState.OFFERED:
            return accept_clock(appeal, now)
        if appeal.state is AppealState.IN_WORK and appeal.control_until:
            return countdown(appeal, now), None
        if appeal.state is AppealState.FINISHED:
            return (self.tr("Finished") + (f" · ★ {appeal.score}" if appeal.score else ""),
                    None)
        if appeal.state is AppealState.HANDED_ON:
            return self.tr("Handed on"), None
        if appeal.state is AppealState.READING:
            return self.tr("Reading: a colleague's appeal"), None
        return "", None


def _remote_label() -> QLabel:
    """Where the bar says how the remote session stands (its code selectable: copied into
    a message to a client of another chat program)."""
    label = QLabel()
    label.setObjectName("appealRemoteState")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
