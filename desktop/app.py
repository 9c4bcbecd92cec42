"""The composition root: builds bus, settings, store, secrets, services and the main window."""

from __future__ import annotations

import functools
import gc
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from desktop import xdg
from desktop.accounts import (
    SavedSettings,
    sip_account,
    sip_secret_name,
    xmpp_account,
    xmpp_secret_name,
)
from desktop.appeals.monitor import MonitorService
from desktop.appeals.reports import ReportService
from desktop.appeals.service import AppealService
from desktop.audio.devices import DeviceService
from desktop.audio.headset import HeadsetService
from desktop.audio.hotkeys import HotkeyService
from desktop.audio.player import SoundPlayer
from desktop.audio.pulse import prepare_environment
from desktop.audio.ringer import Ringer
from desktop.audio.sounds import EventSounds, SoundLibrary
from desktop.bus import (
    AppealState,
    Bus,
    ChatLinkChanged,
    ErrorRaised,
    LinkProblem,
    LinkState,
    NoticeKind,
    SettingChanged,
)
from desktop.chat.account import XmppAccount
from desktop.chat.auto_away import AutoAway
from desktop.chat.conversations import ChatService
from desktop.chat.files import FileService
from desktop.chat.search import Search
from desktop.chat.session import ChatSession
from desktop.chat.spelling import Speller
from desktop.gui_thread import GuiThread
from desktop.idle import IdleClock
from desktop.instance import Instance, Request, hand_over
from desktop.lab.accounts import person
from desktop.lab.lab import SPECIALIST, Lab, LabInfo
from desktop.lab.sound import demo_sound
from desktop.notifications import NotificationClient
from desktop.paths import Paths
from desktop.remote.share_service import RemoteShare
from desktop.secrets import Secrets
from desktop.settings import Settings
from desktop.store import Store, StoreError
from desktop.tasks import run_background
from desktop.telephony.protocol import SipAccountConfig
from desktop.telephony.service import CallService
from desktop.ui import shortcuts
from desktop.ui.alerts import Alerts
from desktop.ui.audio_page import AudioPage
from desktop.ui.i18n import Translators
from desktop.ui.link_calls import LinkCalls
from desktop.ui.link_problems import notice_text
from desktop.ui.main_window import MainWindow
from desktop.ui.monitor_window import MonitorWindow
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.quick_replies_page import QuickRepliesPage
from desktop.ui.remote_consent import RemoteShareUi
from desktop.ui.settings_dialog import SettingsDialog, SettingsPage
from desktop.ui.sounds_page import SoundsPage
from desktop.ui.theme import apply_theme
from desktop.ui.tray import Tray, app_icon

if TYPE_CHECKING:
    from desktop.ui.reports_dialog import ReportsDialog

log = logging.getLogger(__name__)
LAB_START_WAIT_S = 20.0
QUIT_WAIT_S = 3.0
AccountFactory = Callable[[Settings, str], Any]


class Deskline:
    """The object graph of one running app. Everything is built here and injected."""

    def __init__(self, qapp: QApplication, paths: Paths, store: Store,
                 demo: bool = False, lab_user: str = SPECIALIST) -> None:
        self.qapp = qapp
        self.demo = demo  # the embedded lab runs simulated clients (desktop/lab/demo.py)
        self.lab_user = lab_user  # whom the embedded lab signs in: anna, boris or vera
        self.paths = paths
        self.store = store
        self.gui = GuiThread()
        self.bus = Bus()
        self.settings = Settings(paths.config / "settings.json")
        self.settings.changed.connect(self.bus.setting_changed)
        self._look_and_language()
        self.secrets = Secrets()
        self.chats = ChatService(self.bus, store)
        self.chat = ChatSession(self.bus, self.gui, self.chats)
        self._build_appeals()
        self.chat.phone_book.trusted_group = self.settings.get_str("chat.colleagues_group")
        self.idle = IdleClock()
        if self.idle.source != "x11":  # every event through Python: only when needed
            qapp.installEventFilter(self.idle)
        self.auto_away = AutoAway(self.bus, self.settings, self.chat, self.idle)
        self.calls = CallService(self.bus, self.store)
        self._tie_calls_to_appeals()
        self.player = SoundPlayer()
        self.sound_library = SoundLibrary(self.settings)
        self.ringer = Ringer(self.bus, self.settings, self.player, self.sound_library)
        self.sounds = EventSounds(self.bus, self.settings, self.player, self.sound_library,
                                  self._reading)
        self.devices = DeviceService(self.bus, self.settings, self.gui)
        self.headset = HeadsetService(self.bus, self.calls, self.gui)
        self.hotkeys = HotkeyService(self.settings, self.calls, self.gui)
        self._use_audio_settings()
        self.settings.changed.connect(self._on_setting)
        self.window = MainWindow(self.bus, self.settings, self.calls, self.chat,
                                 self.chats, self.appeals, self._build_search(),
                                 self.idle.idle_seconds,
                                 Speller(paths.data / "words.txt"), self.files)
        self.shortcuts = shortcuts.install(self.window, self.settings, self.hotkeys.run, {
            "search": self.window.search_everything, "find": self.window.find_in_chat,
            "comment": self.window.focus_comment,
            "history": self.window.show_history,
            "transfer": self.window.call_panel.transfer,
            "appeals": self.window.show_appeals, "acknowledge": self.window.acknowledge})
        self._connect_menu()
        self.remote_share_ui = RemoteShareUi(self.remote_share, self.window, self._person_name)
        self.notifier = NotificationClient(self.gui, self._notification_clicked, open_label=(
            QCoreApplication.translate("Deskline", "Open")))
        self.alerts = Alerts(self.bus, self.settings, self.window, self.chat, self.chats,
                             self.notifier)
        self.tray = Tray(self.bus, self.chats, self.window, self.appeals.offered)
        self.tray.status_chosen.connect(self.chat.set_status)
        self.tray.show_requested.connect(self.window.bring_up)
        self.tray.quit_requested.connect(self.quit_asked)
        self.window.keep_running = self.tray.can_bring_back
        self.links = LinkCalls(self.window, self.window.bring_up, self.window.dialer,
                               self.settings, self._pbx_domain, lambda number: getattr(
                                   self.chat.phone_book.find(number), "name", ""))
        self.window.hidden_to_tray.connect(self.tray.tell_still_running)
        qapp.setWindowIcon(app_icon())
        self.bus.error.connect(self._show_error)
        self.lab: Lab | None = None  # only when this process started the lab
        self._later: list[QTimer] = []
        self._lab_starting: tuple[Lab, threading.Thread] | None = None
        if self.settings.problems:  # one notice: the status bar shows one message at a time
            self.bus.error.emit(ErrorRaised(NoticeKind.SETTINGS_SET_ASIDE,
                                            detail="; ".join(self.settings.problems)))

    def _reading(self, peer: str) -> bool:
        """The specialist has this conversation in front of them (no sound for it)."""
        return (self.window.isActiveWindow() and not self.window.isMinimized()
                and self.window.chat.peer == peer)

    def _notification_clicked(self, key: str) -> None:
        self.alerts.clicked(key)

    def start(self, minimized: bool = False) -> None:
        """`minimized` (started at login): in the tray only, when there is one."""
        # Which keyring there is asks D-Bus: found off the GUI thread, before it is needed.
        run_background(self.gui, "keyring", self.secrets.detect, _ignore, _log_failure)
        if not minimized:
            self.window.show()
        self.devices.start()
        self.auto_away.start()
        # Sign in once the window is painted: the specialist sees it at once.
        self._later = [self._soon(fn) for fn in (self.tray.show, self.headset.connect_first,
                                                 self.hotkeys.apply, self._sign_in,
                                                 gc.freeze)]
        if minimized:
            self._later.append(self._soon(self._show_without_tray))

    def _show_without_tray(self) -> None:
        """Started minimised, but there is no tray to bring it back from: the window."""
        if not self.tray.can_bring_back():
            self.window.show()
        log.info("started minimised: %s", "in the tray" if self.window.isHidden()
                 else "no tray, the window")

    def _soon(self, fn: Callable[[], None]) -> QTimer:
        """Runs fn from the event loop, unless the app is shut down before."""
        timer = QTimer(self.window)
        timer.setSingleShot(True)
        timer.timeout.connect(fn)
        timer.start(0)
        return timer

    def _sign_in(self) -> None:
        if self.settings.get_bool("lab.embedded"):
            self._start_lab()
        else:
            self._sign_in_company()

    def shutdown(self) -> None:
        for timer in self._later:
            timer.stop()
        self.devices.stop()
        self.auto_away.stop()
        self.idle.close()
        self.headset.detach()
        self.hotkeys.stop()
        self.ringer.stop()
        self.player.stop_all()  # every sound's stream closed: none outlives the window
        self.calls.sign_out()
        self.remote_share.shutdown()  # (x11vnc stops: no screen stays shared)
        self.window.place.close_viewers()
        self.chat.sign_out(wait=QUIT_WAIT_S)  # contacts see us leave, not a dropped link
        if self._lab_starting is not None and self.lab is None:
            lab, thread = self._lab_starting
            thread.join(LAB_START_WAIT_S)
            self.lab = lab  # started or half-started: stop() stops what runs, by PID
        if self.lab is not None:
            self.lab.stop()
        self.notifier.stop()
        self.tray.hide()
        # The widgets go now, in this thread, with what they still had queued (a reload of
        # the history...): not later from a Python GC in a worker thread, not after the store.
        for qt_object in (self.alerts, self.tray, self.window):
            shiboken6.delete(qt_object)
        self.store.close()
        self.translators.remove()

    def _pbx_domain(self) -> str:
        """Where calls go: a sip: link elsewhere would bypass the PBX."""
        account = self.calls.account
        return account.server if account is not None else self.settings.get_str("pbx.server")

    def _look_and_language(self) -> None:
        self.translators = Translators(self.qapp, self.settings.get_str("ui.language"))
        apply_theme(self.qapp, self.settings.get_str("ui.theme"))
        hints = self.qapp.styleHints()
        if hints is not None:  # the desktop switched light/dark: followed when asked to
            hints.colorSchemeChanged.connect(self._system_scheme_changed)

    def _system_scheme_changed(self) -> None:
        if self.settings.get_str("ui.theme") == "system":
            apply_theme(self.qapp, "system")

    def _on_setting(self, event: SettingChanged) -> None:
        if event.key == "ui.theme":
            apply_theme(self.qapp, str(event.value))
        if event.key == "ui.language":
            self.translators.switch(str(event.value))
        if event.key == "ui.start_at_login":
            log.info("start at login: %s", xdg.set_autostart(bool(event.value)) or "unchanged")
        if event.key == "chat.colleagues_group":
            self.chat.phone_book.trusted_group = str(event.value)
            self.chat.phone_book.forget()
        if event.key in ("audio.microphone", "audio.speaker", "pbx.echo_canceller"):
            self._use_audio_settings()
        elif event.key.startswith("hotkeys."):
            self.hotkeys.apply()

    def _use_audio_settings(self) -> None:
        """Calls follow the chosen devices at once, also in the middle of a call."""
        self.calls.set_audio(self.settings.get_str("audio.microphone"),
                             self.settings.get_str("audio.speaker"),
                             self.settings.get_bool("pbx.echo_canceller"))

    # --- accounts -----------------------------------------------------------------------
    def _start_lab(self) -> None:
        run_dir = self.paths.runtime / "lab"
        vendor = LabInfo.load_running(self.paths.runtime / "vendor" / "lab")
        if vendor is not None and self.lab_user in vendor.passwords:  # (deskline lab --vendor)
            self._sign_in_lab(vendor)
            return
        running = LabInfo.load_running(run_dir)
        if running is not None:
            self._sign_in_lab(running)
            return
        lab = Lab(run_dir, self.settings.get_int("lab.sip_port"),
                  self.settings.get_int("lab.xmpp_port"), demo=self.demo)
        self.bus.chat_link.emit(ChatLinkChanged(LinkState.CONNECTING, "",
                                                LinkProblem.LAB_STARTING))

        def started(info: LabInfo) -> None:
            self.lab = lab
            self._sign_in_lab(info)

        def failed(exc: Exception) -> None:
            self.bus.chat_link.emit(ChatLinkChanged(LinkState.FAILED, "", LinkProblem.LAB_FAILED,
                                                    detail=str(exc)))
            self.bus.error.emit(ErrorRaised(NoticeKind.LAB_FAILED, detail=str(exc)))

        # Quitting while the lab starts must not leave it running: shutdown waits for it.
        self._lab_starting = (lab, run_background(self.gui, "lab", lab.start, started, failed))

    def _sign_in_lab(self, info: LabInfo) -> None:
        user = self.lab_user
        me = person(user)
        self.calls.sign_in(SipAccountConfig(
            server=info.sip_domain, port=info.sip_port, user=user,
            password=info.passwords[user], display_name=me.full_name))
        self.chat.sign_in(XmppAccount(f"{user}@{info.domain}", info.passwords[user],
                                      "127.0.0.1", info.xmpp_port, info.ca_file))

    def _sign_in_company(self, pbx: bool = True, chat: bool = True) -> None:
        if pbx:
            self._sign_in_with_keyring(sip_secret_name(self.settings), sip_account,
                                       self.calls.sign_in, self.calls.sign_out)
        if chat:
            self._sign_in_with_keyring(xmpp_secret_name(self.settings), xmpp_account,
                                       self.chat.sign_in, self.chat.sign_out)

    def _sign_in_with_keyring(self, secret_name: str, make_account: AccountFactory,
                              sign_in: Callable[[Any], None],
                              sign_out: Callable[[], None]) -> None:
        if make_account(self.settings, "") is None:
            sign_out()  # not configured (any more)
            return

        def with_password(password: str | None) -> None:
            if password is None:
                password = self._ask_password(secret_name)
            if password is not None:
                sign_in(make_account(self.settings, password))

        def keyring_failed(exc: Exception) -> None:
            self.bus.error.emit(ErrorRaised(NoticeKind.KEYRING_FAILED, detail=str(exc)))
            with_password(None)

        run_background(self.gui, "keyring", functools.partial(self.secrets.get, secret_name),
                       with_password, keyring_failed)

    def _ask_password(self, account: str) -> str | None:
        problem = self.secrets.problem_known
        note = ("" if not problem else
                QCoreApplication.translate(
                    "Deskline", "\n(It cannot be saved: {0}; it is kept until Deskline quits.)")
                .format(problem))
        password, ok = QInputDialog.getText(
            self.window, QCoreApplication.translate("Deskline", "Password"),
            QCoreApplication.translate("Deskline", "Password for {0}:{1}").format(account, note),
            QLineEdit.EchoMode.Password)
        if not ok or not password:
            return None
        self._keep_password(account, password)
        return password

    def _keep_password(self, account: str, password: str) -> None:
        """Usable at once; stored in the keyring off the GUI thread (it may not answer)."""
        self.secrets.remember(account, password)
        if self.secrets.problem_known:
            return  # no keyring that keeps it safe: for this session only

        def stored(_none: None) -> None:
            log.info("password for %s stored in the keyring", account)

        def not_stored(exc: Exception) -> None:
            log.warning("password for %s not stored: %s", account, exc)
            self.bus.error.emit(ErrorRaised(NoticeKind.PASSWORD_NOT_SAVED, account, str(exc)))

        run_background(self.gui, "keyring", functools.partial(self.secrets.set, account,
                                                              password), stored, not_stored)

    def _settings_saved(self, saved: SavedSettings) -> None:
        """Settings → Save: new accounts and passwords take effect now, not at a restart."""
        for account, password in saved.passwords.items():
            self._keep_password(account, password)
        if not (saved.pbx_changed or saved.chat_changed):
            return
        if self.settings.get_bool("lab.embedded"):
            if "lab.embedded" in saved.changed:
                self._start_lab()  # signs both in to the lab
            return
        self._sign_in_company(pbx=saved.pbx_changed, chat=saved.chat_changed)

    # --- dialogs --------------------------------------------------------------------------
    def show_profile(self) -> None:
        ProfileDialog(self.chat, self.window).exec()

    def _tie_calls_to_appeals(self) -> None:
        self.calls.history_changed.connect(self.appeals.on_call_comment)  # the appeal's too
        # Any call (a client called back, a colleague): the monitor shows "on a call".
        self.bus.call_changed.connect(
            lambda _call: self.appeals.phone_busy(bool(self.calls.calls)))

    def _build_search(self) -> Search:
        self.search = Search(self.store, lambda: self.chats.account,
                             self.chat.contacts.values, self.appeals.appeals.values,
                             lambda jid: self._person_name(jid) or jid.partition("@")[0])
        return self.search

    def _person_name(self, jid: str) -> str:
        """A colleague's name as their card has it; mine from my profile."""
        if jid == self.chat.account:
            return self.chat.profile.full_name
        return getattr(self.chat.contacts.get(jid), "name", "")

    def _build_appeals(self) -> None:
        self.appeals = AppealService(
            self.bus, finish_calls=lambda: self.settings.get_bool(
                "appeals.finish_calls_on_hangup"),
            colleague_of=lambda number: getattr(self.chat.phone_book.find(number), "jid", ""),
            desk_seen=self.chats.desk_identity)
        self.chat.worker_users.append(self.appeals.use_worker)
        self.files = FileService(self.chats, self.paths.runtime / "uploads")
        self.chat.worker_users.append(self.files.use_worker)
        self.chats.history_elsewhere = self.appeals.history_of  # (the desk keeps appeals)
        self.remote_share = RemoteShare(self.gui, self.paths.runtime / "remote")
        self.chat.worker_users.append(self._share_through)
        self.reports = ReportService(self.appeals)
        self.reports_dialog: ReportsDialog | None = None
        self.monitor = MonitorService(self.appeals)
        self.monitor_window: MonitorWindow | None = None

    def _share_through(self, worker: Any) -> None:
        """The new connection's remote share feature; requests from our own desk's lines
        and the makers' line are shown (no other sender may ask for the screen)."""
        if worker is None:
            self.remote_share.attach(None, "")
            return
        domain = self.chat.account.partition("@")[2]
        vendor = self.settings.get_str("appeals.vendor_line").replace("{domain}", domain)
        worker.remote_share.report_to(self.remote_share, frozenset({vendor} - {""}))
        self.remote_share.attach(worker.remote_share, self.chat.ca_file)

    def _connect_menu(self) -> None:
        self.devices.changed.connect(self.window.status.on_devices)  # (no sound: said there)
        self.window.profile_requested.connect(self.show_profile)
        self.window.settings_requested.connect(self.show_settings)
        self.window.reports_requested.connect(self.show_reports)
        self.window.monitor_requested.connect(self.show_monitor)
        self.window.quit_requested.connect(self.quit_asked)

    def quit_asked(self) -> None:
        """Menu → Quit, Ctrl+Q, the tray's Quit: with appeals in my work, asked first."""
        in_work = sum(a.state is AppealState.IN_WORK for a in self.appeals.mine())
        if in_work and not self.window.confirm_quit(in_work):
            return
        self.qapp.quit()

    def show_monitor(self) -> None:
        """One Online monitor window, brought back if open; watched while it is shown."""
        if self.monitor_window is None:
            # A window of its own, not the main window's child: what Open shows in the main
            # window comes in front of it (a child stays above its parent).
            self.monitor_window = MonitorWindow(self.monitor, self._person_name)
            self.monitor_window.opened.connect(self._open_from_monitor)
        self.monitor_window.show()
        self.monitor_window.raise_()

    def _open_from_monitor(self, address: str) -> None:
        self.window.open_chat(address)
        self.window.bring_up()

    def show_reports(self) -> None:
        """One Reports window, brought back if open; it asks for today at once."""
        if self.reports_dialog is None:
            # Qt's charts load with the first report, not with every start (~15 MB).
            from desktop.ui.reports_dialog import ReportsDialog  # noqa: PLC0415

            self.reports_dialog = ReportsDialog(self.reports, self._person_name,
                                                parent=self.window)
        self.reports_dialog.show()
        self.reports_dialog.raise_()
        self.reports_dialog.ask()

    def show_settings(self) -> None:
        dialog = self.settings_dialog()
        # Gone once closed: each opening builds its pages anew (kept, every one stayed as
        # the window's child, with its device lists and words of its time).
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()

    def settings_dialog(self) -> SettingsDialog:
        pages: list[tuple[str, SettingsPage]] = [
            (QCoreApplication.translate("Deskline", "Audio"),
             AudioPage(self.settings, self.devices, self.player, self.sound_library,
                       self.headset.status, self.hotkeys.status)),
            (QCoreApplication.translate("Deskline", "Sounds and notifications"),
             SoundsPage(self.settings, self.sounds)),
            (QCoreApplication.translate("Deskline", "Quick replies"),
             QuickRepliesPage(self.settings))]
        dialog = SettingsDialog(self.settings, self.secrets, pages, self.window)
        dialog.saved.connect(self._settings_saved)
        return dialog

    def _show_error(self, event: ErrorRaised) -> None:
        self.window.statusBar().showMessage(notice_text(event), 15000)


def _ignore(_result: object) -> None:
    pass


def _log_failure(exc: Exception) -> None:
    log.warning("keyring detection failed: %s", exc)


def run(base_dir: Path | None = None, quit_when_shown: bool = False,
        demo: bool = False, link: str = "", minimized: bool = False,
        lab_user: str = SPECIALIST) -> int:
    paths = Paths.default(base_dir)  # (the cli asked a running Deskline first)
    request = Request(link)
    prepare_environment()  # before any thread starts
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("Deskline")
    qapp.setDesktopFileName("deskline")
    instance = Instance(paths.runtime)
    if not instance.listen():  # another started this very moment: it takes the request
        return 0 if hand_over(paths.runtime, request) else 1
    try:
        store = Store(paths.data / "deskline.sqlite3")
    except StoreError as exc:
        QMessageBox.critical(None, "Deskline", str(exc))
        return 2
    # Before the app's threads look for a sound server (PULSE_SERVER is read then).
    sound = demo_sound(paths.runtime / "demo-sound") if demo else None
    try:
        app = Deskline(qapp, paths, store, demo, lab_user)
    except BaseException:
        if sound is not None:
            sound.stop()
        raise
    _QuitOnSignals(qapp)  # parented to qapp: lives as long as the loop
    if quit_when_shown:
        app.window.shown.connect(lambda: _report_shown(qapp))
    instance.requested.connect(app.links.handle)
    app.start(minimized and not link)
    if link:
        app.links.handle(request)
    try:
        return qapp.exec()
    finally:
        instance.close()
        app.shutdown()
        if sound is not None:
            sound.stop()


class _QuitOnSignals(QObject):
    """SIGTERM and Ctrl-C quit through the event loop, so the lab and streams are stopped.

    Python runs signal handlers only when it gets control; the wakeup fd makes Qt's loop
    notice the signal at once.
    """

    def __init__(self, qapp: QApplication) -> None:
        super().__init__(qapp)
        self.qapp = qapp
        self._rsock, self._wsock = socket.socketpair()
        self._rsock.setblocking(False)
        self._wsock.setblocking(False)
        signal.set_wakeup_fd(self._wsock.fileno())
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: None)
        self.notifier = QSocketNotifier(self._rsock.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        self._rsock.recv(64)
        self.qapp.quit()


def _report_shown(qapp: QApplication) -> None:
    """For bench/startup.py: one line once the window is on screen, then quit."""
    rss_kb = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    print(f"DESKLINE_SHOWN rss_kb={rss_kb}", flush=True)  # noqa: T201
    QTimer.singleShot(0, qapp.quit)
