"""The in-call panel: every live call with its timer, and the actions on the current one."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import Bus, CallAction, CallFailed, CallInfo, CallState
from desktop.telephony.numbers import Dialable, NumberError, display_of, parse
from desktop.telephony.quality import LineQuality
from desktop.telephony.service import CallService
from desktop.ui.call_failures import failure_text
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.number_problems import number_problem_text

PROBLEM_SHOWN_MS = 15000
HANGUP_STYLE = ("QPushButton { background: #c8393b; color: white; font-weight: 600; "
                "border-radius: 4px; padding: 6px; }")


def state_text(call: CallInfo) -> str:
    if call.state is CallState.ACTIVE and call.remote_hold:
        return QCoreApplication.translate("call", "on hold by the other side")
    if call.state is CallState.ACTIVE:
        return (QCoreApplication.translate("call", "in conference") if call.conference
                else QCoreApplication.translate("call", "talking"))
    return {CallState.DIALING: QCoreApplication.translate("call", "calling…"),
            CallState.RINGING: QCoreApplication.translate("call", "ringing…"),
            CallState.INCOMING: QCoreApplication.translate("call", "incoming call"),
            CallState.CONNECTING: QCoreApplication.translate("call", "connecting…"),
            CallState.HELD: QCoreApplication.translate("call", "on hold"),
            CallState.ENDED: QCoreApplication.translate("call", "ended")}[call.state]


def duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    return (f"{hours}:" if hours else "") + f"{rest // 60:02d}:{rest % 60:02d}"


class CallPanel(QWidget):
    def __init__(self, calls: CallService, bus: Bus,
                 who: Callable[[str], str] = lambda _number: "",
                 targets: Callable[[CallInfo | None], list[tuple[str, str]]] = (
                     lambda _call: []),
                 refusal: Callable[[CallInfo, str, bool], str] = lambda _c, _n, _a: "",
                 appeal_text: Callable[[int], str] = lambda _appeal: "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.who = who  # a number -> the contact's name, when the number is on a card
        # (label, number) to offer for passing this call on, best first
        self.targets = targets
        # why this call may not go to that number ("" when it may); True: a consult
        self.refusal = refusal
        self.appeal_text = appeal_text  # a line's call: its line and appeal, "" otherwise
        self.setObjectName("callPanel")
        self.calls = calls
        self.current: int | None = None
        self.current_history = 0  # the call-history row the comment field belongs to
        self.list = QListWidget()
        self.list.setObjectName("callList")
        self.list.setMaximumHeight(90)
        self.list.currentItemChanged.connect(self._picked)
        self.title = self._label("callTitle", "font-size: 15px; font-weight: 600;")
        self.status = self._label("callStatus")
        self.problem = self._problem_label()
        self.digits = self._label("callDigits")  # the tones of this call, both ways
        self.line = self._label("callLine")  # the line's quality, from RTCP
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, name in enumerate(("hold", "mute", "transfer", "consult", "complete",
                                  "conference")):
            button = QPushButton()
            button.setObjectName(f"{name}Button")
            set_icon(button, name)
            button.clicked.connect(getattr(self, f"_{name}"))
            self.buttons[name] = button
            grid.addWidget(button, i // 2, i % 2)
        self.buttons["mute"].setCheckable(True)
        self.hangup_button = QPushButton()
        self.hangup_button.setObjectName("hangupButton")
        self.hangup_button.setStyleSheet(HANGUP_STYLE)
        set_icon(self.hangup_button, "hangup", "#ffffff")
        self.hangup_button.clicked.connect(self._hangup)
        self.comment = QLineEdit()
        self.comment.setObjectName("callComment")
        self.comment.editingFinished.connect(self._save_comment)
        self._lay_out(grid)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._refresh)
        bus.call_changed.connect(self.on_call)
        bus.incoming_call.connect(self.on_call)
        bus.call_failed.connect(self.on_failed)
        self.setVisible(False)
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        for name, text in (("hold", self.tr("Hold")), ("mute", self.tr("Mute")),
                           ("transfer", self.tr("Transfer…")),
                           ("consult", self.tr("Consult…")),
                           ("complete", self.tr("Complete transfer")),
                           ("conference", self.tr("Conference"))):
            self.buttons[name].setText(text)
        self.hangup_button.setText(self.tr("Hang up"))
        self.comment.setPlaceholderText(self.tr("Comment: what was done, what was agreed"))
        self._refresh()

    # --- events -----------------------------------------------------------------------------
    def on_call(self, call: CallInfo) -> None:
        if call.state is CallState.ENDED:
            if self.current == call.id:
                self._save_comment()
                self.current, self.current_history = None, 0
                self.comment.clear()
        elif call.state is not CallState.INCOMING and (
                self.current is None or call.state is CallState.ACTIVE) and self.current != call.id:
            self._switch_to(call.id)
        live = [c for c in self.calls.calls.values() if c.state is not CallState.INCOMING]
        if self.current is None and live:
            self._switch_to(live[0].id)
        self.setVisible(bool(live))
        if live:
            self.timer.start()
        else:
            self.timer.stop()
        self._refresh()

    @staticmethod
    def _label(name: str, style: str = "") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names and numbers from the network
        if style:
            label.setStyleSheet(style)
        return label

    def _problem_label(self) -> QLabel:
        """The last action that failed, and why; shown for a while."""
        label = self._label("callProblem", "color: #c8393b;")  # it may quote a number
        label.setWordWrap(True)
        label.hide()
        self.problem_timer = QTimer(self)
        self.problem_timer.setSingleShot(True)
        self.problem_timer.setInterval(PROBLEM_SHOWN_MS)
        self.problem_timer.timeout.connect(label.hide)
        return label

    def on_failed(self, event: CallFailed) -> None:
        """Says what did not happen; a dial from the dialer is the dialer's to say."""
        if event.action is CallAction.DIAL and not self.isVisible():
            return
        self.show_problem(failure_text(event))

    def _lay_out(self, grid: QGridLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(self.digits)
        layout.addWidget(self.line)
        layout.addWidget(self.list)
        layout.addLayout(grid)
        layout.addWidget(self.comment)
        layout.addWidget(self.hangup_button)

    def _show_line(self, call: CallInfo) -> None:
        """How the line sounds (MOS, loss, jitter); a poor one says what to do."""
        if not call.mos or call.state is not CallState.ACTIVE:
            self.line.hide()
            return
        figures = self.tr("MOS %1 · loss %2% · jitter %3 ms").replace(
            "%1", f"{call.mos:.1f}").replace("%2", f"{call.loss_pct:g}").replace(
            "%3", f"{call.jitter_ms:.0f}")
        poor = LineQuality(call.mos, call.loss_pct, call.jitter_ms, 0.0).poor
        if poor:
            self.line.setText("⚠ " + self.tr("The line is poor: offer to call the client "
                                             "back.") + f" ({figures})")
            self.line.setStyleSheet("color: #c62828;")
        else:
            self.line.setText(self.tr("Line: good") + f" ({figures})")
            self.line.setStyleSheet("color: palette(placeholder-text);")
        self.line.setToolTip(self.tr("Estimated from the call's RTCP reports: MOS 4.5 is as "
                                     "good as a phone call gets, below 3.6 people repeat "
                                     "themselves"))
        self.line.show()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.problem_timer.start()

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            cid = int(item.data(Qt.ItemDataRole.UserRole))
            if cid != self.current:
                self._switch_to(cid)
                self._refresh()

    def _refresh(self) -> None:
        calls = [c for c in self.calls.calls.values() if c.state is not CallState.INCOMING]
        self.list.blockSignals(True)
        self.list.clear()
        for each in calls:
            item = QListWidgetItem(f"{self._name(each)} — "
                                   f"{state_text(each)} {self._elapsed(each)}")
            item.setData(Qt.ItemDataRole.UserRole, each.id)
            self.list.addItem(item)
            if each.id == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.list.setVisible(len(calls) > 1)
        call = self._current_call()
        if call is None:
            return
        self.title.setText(self._name(call))
        appeal = self.appeal_text(call.appeal) if call.appeal else ""
        self.status.setText((f"{appeal} · " if appeal else "")
                            + f"{state_text(call)}  {self._elapsed(call)}".strip())
        tones = [text.format(" ".join(digits)) for text, digits in (
            (self.tr("Tones sent: {0}"), call.digits_sent),
            (self.tr("Tones received: {0}"), call.digits_received)) if digits]
        self.digits.setText("    ".join(tones))
        self.digits.setVisible(bool(tones))
        self._show_line(call)
        held = call.state is CallState.HELD
        self.buttons["hold"].setText(self.tr("Resume") if held else self.tr("Hold"))
        set_icon(self.buttons["hold"], "resume" if held else "hold")
        self.buttons["hold"].setEnabled(call.state in (CallState.ACTIVE, CallState.HELD))
        self.buttons["mute"].setChecked(self.calls.muted)
        talking = call.state is CallState.ACTIVE
        self.buttons["transfer"].setEnabled(talking or held)
        self.buttons["consult"].setEnabled(talking or held)
        self.buttons["complete"].setVisible(self._waiting_client(call) is not None)
        self.buttons["conference"].setEnabled(len(calls) == 2 and not all(
            c.conference for c in calls))

    def _name(self, call: CallInfo) -> str:
        """The card's name when the number is on one; the caller's own words otherwise."""
        return self.who(call.number) or call.name or display_of(call.number)

    @staticmethod
    def _elapsed(call: CallInfo) -> str:
        return duration(time.time() - call.answered_at) if call.answered_at else ""

    def _waiting_client(self, call: CallInfo) -> int | None:
        """For a consult call: the client call to pass on once the colleague agreed."""
        client = call.consult_for
        return client if client is not None and client in self.calls.calls else None

    # --- actions on the current call ------------------------------------------------------------
    def _current_call(self) -> CallInfo | None:
        # Not `current or -1`: pjsua numbers calls from 0.
        return self.calls.calls.get(self.current) if self.current is not None else None

    def _hold(self) -> None:
        call = self._current_call()
        if call is None:
            return
        if call.state is CallState.HELD:
            self.calls.resume(call.id)
        else:
            self.calls.hold(call.id)

    def _mute(self) -> None:
        self.calls.set_mute(self.buttons["mute"].isChecked())

    def _ask_target(self, title: str) -> str | None:
        """A colleague from the list (online ones first), or any number typed in."""
        offered = dict(self.targets(self._current_call()))
        text, ok = QInputDialog.getItem(self, title, self.tr("Colleague, number or SIP address:"),
                                        list(offered), 0, True)
        text = offered.get(text, text)
        return text if ok and text.strip() else None

    def transfer(self) -> None:
        """Blind transfer of the current call (Ctrl+Alt+T)."""
        self._transfer()

    def _transfer(self) -> None:
        if self.current is None or (text := self._ask_target(self.tr("Transfer"))) is None:
            return
        if (target := self._allowed(text, consult=False)) is not None:
            self.calls.transfer(self.current, target)

    def _consult(self) -> None:
        """Attended transfer, step one: the client waits on hold while we call a colleague."""
        client = self.current
        if client is None or (text := self._ask_target(self.tr("Consult a colleague"))) is None:
            return
        if (target := self._allowed(text, consult=True)) is not None:
            self.calls.consult(client, target)

    def _allowed(self, text: str, consult: bool) -> Dialable | None:
        """The number typed or picked, unless it is no number or this call may not go
        there (an appeal's call: an offline colleague); then the panel says why."""
        try:
            target = parse(text)
        except NumberError as exc:
            self.show_problem(number_problem_text(exc))
            return None
        call = self._current_call()
        refused = self.refusal(call, target.target, consult) if call is not None else ""
        if refused:
            self.show_problem(refused)
            return None
        return target

    def _complete(self) -> None:
        call = self._current_call()
        if call is not None and (client := self._waiting_client(call)) is not None:
            self.calls.complete_transfer(client, call.id)

    def _conference(self) -> None:
        ids = [c.id for c in self.calls.calls.values() if c.state is not CallState.INCOMING]
        if len(ids) == 2:
            self.calls.conference(ids)

    def _hangup(self) -> None:
        if self.current is not None:
            self._save_comment()
            self.calls.hangup(self.current)

    def _switch_to(self, call_id: int) -> None:
        self._save_comment()
        if call_id != self.current:
            self.problem.hide()
        self.current = call_id
        self.current_history = self.calls.calls[call_id].history_id
        self.comment.clear()

    def _save_comment(self) -> None:
        if self.current_history and self.comment.text().strip():
            self.calls.set_comment(self.current_history, self.comment.text())
