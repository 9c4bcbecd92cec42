"""Settings → Sounds and notifications: per event a sound, its volume, on/off, a desktop
notification, and a preview. A file is checked before it is taken; a bad one changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QWidget,
)

from desktop.audio.sounds import EventSounds
from desktop.audio.wav import SoundFileError, load_wav
from desktop.settings import SOUND_EVENTS, Settings
from desktop.ui.settings_dialog import SettingsPage


class SoundsPage(SettingsPage):
    def __init__(self, settings: Settings, sounds: EventSounds,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("soundsPage")
        self.settings = settings
        self.sounds = sounds
        self.files: dict[str, str] = {}
        self.rows: dict[str, tuple[QCheckBox, QLabel, QSlider, QCheckBox]] = {}
        grid = QGridLayout(self)
        for col, title in enumerate((self.tr("Event"), self.tr("Sound"), "", self.tr("Volume"),
                                     self.tr("Notification"), "")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        for row, (event, (label, _volume, _notify)) in enumerate(SOUND_EVENTS.items(), 1):
            enabled = QCheckBox(self.event_name(event, label))
            enabled.setObjectName(f"{event}.enabled")
            enabled.setChecked(settings.get_bool(f"sounds.{event}.enabled"))
            self.files[event] = settings.get_str(f"sounds.{event}.file")
            file_label = QLabel()
            file_label.setObjectName(f"{event}.file")
            choose = QPushButton(self.tr("Choose…"))
            choose.setObjectName(f"{event}.choose")
            choose.clicked.connect(lambda _=False, e=event: self.choose(e))
            volume = QSlider(Qt.Orientation.Horizontal)
            volume.setObjectName(f"{event}.volume")
            volume.setRange(0, 100)
            volume.setValue(settings.get_int(f"sounds.{event}.volume"))
            notify = QCheckBox()
            notify.setObjectName(f"{event}.notify")
            notify.setChecked(settings.get_bool(f"sounds.{event}.notify"))
            preview = QPushButton(self.tr("▶ Preview"))
            preview.setObjectName(f"{event}.preview")
            preview.clicked.connect(lambda _=False, e=event: self.preview(e))
            for col, widget in enumerate((enabled, file_label, choose, volume, notify, preview)):
                grid.addWidget(widget, row, col)
            self.rows[event] = (enabled, file_label, volume, notify)
            self._show_file(event)
        grid.setRowStretch(len(SOUND_EVENTS) + 1, 1)  # rows stay at the top
        grid.setColumnStretch(3, 1)

    def _show_file(self, event: str) -> None:
        path = self.files[event]
        self.rows[event][1].setText(Path(path).name if path else self.tr("bundled"))

    def choose(self, event: str, path: str | None = None) -> bool:
        """Takes a WAV for the event after checking it; `path` skips the file dialog."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a sound"), "",
                                                  self.tr("WAV sounds (*.wav)"))
            if not path:
                return False
        try:
            load_wav(Path(path))
        except SoundFileError as exc:
            QMessageBox.warning(self, self.tr("This file cannot be used"), str(exc))
            return False
        self.files[event] = path
        self._show_file(event)
        return True

    def preview(self, event: str) -> int | None:
        self.save()
        return self.sounds.play(event, force=True)

    def event_name(self, event: str, label: str) -> str:
        """The events of settings.SOUND_EVENTS, as the specialist reads them."""
        return {"incoming_call": self.tr("Incoming call"), "message": self.tr("New chat message"),
                "appeal": self.tr("New appeal"), "sent": self.tr("Message sent"),
                "call_ended": self.tr("Call ended"),
                "connection_lost": self.tr("Connection lost")}.get(event, label)

    def save(self) -> None:
        for event, (enabled, _label, volume, notify) in self.rows.items():
            self.settings.set(f"sounds.{event}.enabled", enabled.isChecked())
            self.settings.set(f"sounds.{event}.file", self.files[event])
            self.settings.set(f"sounds.{event}.volume", volume.value())
            self.settings.set(f"sounds.{event}.notify", notify.isChecked())
