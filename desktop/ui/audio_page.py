"""Settings → Audio: which devices, a headset test, headset buttons and global hotkeys."""

from __future__ import annotations

from array import array

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.audio.devices import AudioDevice, DeviceList, DeviceService
from desktop.audio.meter import RATE, MicMeter
from desktop.audio.player import SoundPlayer
from desktop.audio.sounds import SoundLibrary, device_list
from desktop.settings import Settings
from desktop.ui.settings_dialog import SettingsPage

ECHO_SECONDS = 3


class AudioPage(SettingsPage):
    def __init__(self, settings: Settings, devices: DeviceService, player: SoundPlayer,
                 library: SoundLibrary, headset_status: str, hotkeys_status: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audioPage")
        self.settings = settings
        self.devices = devices
        self.player = player
        self.library = library
        self.meter = MicMeter()
        self._playing: int | None = None  # the test sound or echo now playing
        self.microphone = QComboBox()
        self.microphone.setObjectName("microphone")
        self.speaker = QComboBox()
        self.speaker.setObjectName("speaker")
        self.notification = QComboBox()
        self.notification.setObjectName("notificationDevice")
        self.ring = QListWidget()
        self.ring.setObjectName("ringDevices")
        self.ring.setMaximumHeight(80)
        self.prefer = QCheckBox(self.tr("Use a USB headset for calls as soon as it is plugged in"))
        self.prefer.setObjectName("preferHeadset")
        self.prefer.setChecked(settings.get_bool("audio.prefer_headset"))
        form = QFormLayout()
        form.addRow(self.tr("Microphone"), self.microphone)
        form.addRow(self.tr("Speaker (calls)"), self.speaker)
        form.addRow(self.tr("Ringing on\n(none: the default)"), self.ring)
        form.addRow(self.tr("Notification sounds on"), self.notification)
        form.addRow(self.prefer)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._test_box())
        layout.addWidget(self._headset_box(headset_status, hotkeys_status))
        layout.addStretch(1)
        self.microphone.currentIndexChanged.connect(self._listen)
        devices.changed.connect(self._fill)
        self._fill(devices.devices)
        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._show_level)

    def _test_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Headset test"))
        self.level = QProgressBar()
        self.level.setObjectName("micLevel")
        self.level.setRange(0, 60)
        self.level.setTextVisible(False)
        self.test_sound = QPushButton(self.tr("Play a test sound"))
        self.test_sound.setObjectName("playTestSound")
        self.test_sound.clicked.connect(self.play_test_sound)
        self.echo = QPushButton(self.tr("Echo test"))
        self.echo.setObjectName("echoTest")
        self.echo.clicked.connect(self.echo_test)
        self.test_status = QLabel()
        self.test_status.setObjectName("testStatus")
        self.test_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.test_sound)
        row.addWidget(self.echo)
        inner = QVBoxLayout(box)
        inner.addWidget(QLabel(self.tr("Microphone level")))
        inner.addWidget(self.level)
        inner.addLayout(row)
        inner.addWidget(self.test_status)
        return box

    def _headset_box(self, headset_status: str, hotkeys_status: str) -> QGroupBox:
        box = QGroupBox(self.tr("Headset buttons and global hotkeys"))
        self.headset_status = QLabel(headset_status)
        self.headset_status.setObjectName("headsetStatus")
        self.headset_status.setWordWrap(True)
        self.hotkeys = QCheckBox(self.tr("Global hotkeys (work when Deskline is not in front)"))
        self.hotkeys.setObjectName("hotkeysEnabled")
        self.hotkeys.setChecked(self.settings.get_bool("hotkeys.enabled"))
        self.hotkey_edits: dict[str, QLineEdit] = {}
        outer = QVBoxLayout(box)
        outer.addWidget(self.headset_status)
        outer.addWidget(self.hotkeys)
        form = QFormLayout()
        outer.addLayout(form)
        for action, label in (("answer", self.tr("Answer")), ("hangup", self.tr("Hang up")),
                              ("mute", self.tr("Mute"))):
            edit = QLineEdit(self.settings.get_str(f"hotkeys.{action}"))
            edit.setObjectName(f"hotkey.{action}")
            self.hotkey_edits[action] = edit
            form.addRow(label, edit)
        self.hotkeys_status = QLabel(hotkeys_status)
        self.hotkeys_status.setWordWrap(True)
        outer.addWidget(self.hotkeys_status)
        return box

    # --- devices -----------------------------------------------------------------------------
    def _fill(self, devices: DeviceList | None) -> None:
        sinks = devices.sinks if devices else ()
        sources = devices.sources if devices else ()
        self._fill_combo(self.microphone, sources, self.settings.get_str("audio.microphone"))
        self._fill_combo(self.speaker, sinks, self.settings.get_str("audio.speaker"))
        self._fill_combo(self.notification, sinks,
                         self.settings.get_str("audio.notification_device"))
        ringing = set(device_list(self.settings.get_str("audio.ring_devices")))
        self.ring.clear()
        for dev in sinks:
            item = QListWidgetItem(dev.description)
            item.setData(Qt.ItemDataRole.UserRole, dev.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if dev.name in ringing
                               else Qt.CheckState.Unchecked)
            self.ring.addItem(item)
        if devices is None:
            self.test_status.setText(self.tr("No sound server found: devices cannot be listed."))

    def _fill_combo(self, combo: QComboBox, items: tuple[AudioDevice, ...], chosen: str) -> None:
        current = combo.currentData() if combo.count() else chosen
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("System default"), "")
        for dev in items:
            combo.addItem(dev.description, dev.name)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- headset test ------------------------------------------------------------------------
    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self._listen()
        self.timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        self.meter.stop()
        if self._playing is not None:
            self.player.stop(self._playing)
            self._playing = None

    def _listen(self) -> None:
        if self.isVisible() and not self.meter.start(str(self.microphone.currentData() or "")):
            self.test_status.setText(self.tr("The microphone cannot be opened ({0}).")
                                     .format(self.meter.error))

    def _show_level(self) -> None:
        self.level.setValue(int(max(0.0, self.meter.level_db + 60)))

    def play_test_sound(self) -> None:
        samples, rate = self.library.load("incoming_call")
        self._play(samples[: rate * 2], rate)
        self.test_status.setText(self.tr("Playing a test sound on {0}.")
                                 .format(self.speaker.currentText()))

    def echo_test(self) -> None:
        self.meter.begin_recording()
        self.echo.setEnabled(False)
        self.test_status.setText(self.tr("Say something: recording {0} s…").format(ECHO_SECONDS))
        QTimer.singleShot(ECHO_SECONDS * 1000, self._play_echo)

    def _play_echo(self) -> None:
        recorded = self.meter.end_recording()
        self.echo.setEnabled(True)
        if len(recorded) < RATE // 2:
            self.test_status.setText(self.tr("Nothing was recorded: check the microphone."))
            return
        self._play(recorded, RATE)
        self.test_status.setText(self.tr("Playing back what was recorded."))

    def _play(self, samples: array[int], rate: int) -> None:
        """One test sound at a time: a new one cuts the one before."""
        if self._playing is not None:
            self.player.stop(self._playing)
        self._playing = self.player.play(samples, rate, [str(self.speaker.currentData() or "")])

    # --- saving ---------------------------------------------------------------------------------
    def save(self) -> None:
        self.settings.set("audio.microphone", str(self.microphone.currentData() or ""))
        self.settings.set("audio.speaker", str(self.speaker.currentData() or ""))
        self.settings.set("audio.notification_device",
                          str(self.notification.currentData() or ""))
        ringing = [str(self.ring.item(i).data(Qt.ItemDataRole.UserRole))
                   for i in range(self.ring.count())
                   if self.ring.item(i).checkState() is Qt.CheckState.Checked]
        self.settings.set("audio.ring_devices", ",".join(ringing))
        self.settings.set("audio.prefer_headset", self.prefer.isChecked())
        for action, edit in self.hotkey_edits.items():
            self.settings.set(f"hotkeys.{action}", edit.text().strip())
        self.settings.set("hotkeys.enabled", self.hotkeys.isChecked())
