"""Every setting in one schema (type, default, doc), stored as versioned JSON.

Passwords are never settings: they live in the OS keyring (desktop/secrets.py).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.bus import SettingChanged

log = logging.getLogger(__name__)

SettingValue = bool | int | str


@dataclass(frozen=True)
class Setting:
    key: str
    default: SettingValue
    doc: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def check(self, value: object) -> SettingValue:
        """The value if it fits this setting, else ValueError with a readable reason."""
        kind = type(self.default)
        if type(value) is not kind:  # bool is an int subclass: compare exact types
            raise ValueError(f"{self.key}: expected {kind.__name__}, got {value!r}")
        assert isinstance(value, bool | int | str)
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key}: {value!r} is not one of {', '.join(self.choices)}")
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{self.key}: {value} is below {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{self.key}: {value} is above {self.maximum}")
        return value


# Events with a sound and a desktop notification: label, default volume, notify by default.
SOUND_EVENTS: dict[str, tuple[str, int, bool]] = {
    "incoming_call": ("incoming call", 80, True),
    "message": ("new chat message", 60, True),
    "appeal": ("new appeal", 70, True),
    "sent": ("message sent", 30, False),
    "call_ended": ("call ended", 50, False),
    "connection_lost": ("connection lost", 70, True),
}


def _schema(*items: Setting) -> dict[str, Setting]:
    return {s.key: s for s in items}


SCHEMA: dict[str, Setting] = _schema(
    Setting("lab.embedded", True, "Use the built-in local lab (demo PBX and chat server) "
            "instead of the company servers below"),
    Setting("lab.sip_port", 15060, "Port of the built-in lab's PBX", minimum=1, maximum=65535),
    Setting("lab.xmpp_port", 15222, "Port of the built-in lab's chat server",
            minimum=1, maximum=65535),
    Setting("pbx.server", "", "PBX host name or address"),
    Setting("pbx.port", 5060, "PBX port", minimum=1, maximum=65535),
    Setting("pbx.transport", "udp", "SIP transport", choices=("udp", "tcp", "tls")),
    Setting("pbx.user", "", "SIP user (extension)"),
    Setting("pbx.auth_user", "", "Authentication user, when it differs from the SIP user"),
    Setting("pbx.display_name", "", "Name shown to the people you call"),
    Setting("pbx.outbound_proxy", "", "Outbound proxy URI, empty for none"),
    Setting("pbx.srtp", "off", "Media encryption", choices=("off", "optional", "mandatory")),
    Setting("pbx.ca_file", "", "Company CA certificate file for TLS, empty for the system's"),
    Setting("pbx.echo_canceller", False, "Software echo canceller (headsets rarely need it)"),
    Setting("chat.jid", "", "Chat account, user@domain"),
    Setting("chat.server", "", "Chat server host, empty to find it from the domain"),
    Setting("chat.port", 5222, "Chat server port", minimum=1, maximum=65535),
    Setting("chat.ca_file", "", "Company CA certificate file for TLS, empty for the system's"),
    Setting("chat.colleagues_group", "Коллеги", "Roster group of the company's people, offered "
            "for transfers; empty: everyone with a phone"),
    Setting("audio.microphone", "", "Microphone for calls (PulseAudio source name), "
            "empty for the system default"),
    Setting("audio.speaker", "", "Speaker or headset for calls (PulseAudio sink name), "
            "empty for the system default"),
    Setting("audio.ring_devices", "", "Devices that ring, comma-separated sink names, "
            "empty for the system default"),
    Setting("audio.prefer_headset", True, "Use a USB headset for calls as soon as it is "
            "plugged in"),
    Setting("audio.notification_device", "", "Device for notification sounds (sink name), "
            "empty for the system default"),
    *(item for event, (label, volume, notify) in SOUND_EVENTS.items() for item in (
        Setting(f"sounds.{event}.enabled", True, f"Sound for: {label}"),
        Setting(f"sounds.{event}.file", "", f"WAV file for: {label}; empty for the bundled one"),
        Setting(f"sounds.{event}.volume", volume, f"Volume for: {label}, percent",
                minimum=0, maximum=100),
        Setting(f"sounds.{event}.notify", notify, f"Desktop notification for: {label}"),
    )),
    Setting("ui.spell_check", True, "Underline misspellings in the reply box (Russian and "
            "English dictionaries)"),
    Setting("chat.quick_replies", "", "Quick reply templates as a JSON list, empty for the "
            "defaults"),
    Setting("chat.control_reply", 3, "Which quick reply (1-9) is the control question of an "
            "appeal (sending it starts the auto-finish clock), 0 for none",
            minimum=0, maximum=9),
    Setting("appeals.vendor_line", "deskline@desk.{domain}", "Deskline's makers' support "
            "line ({domain}: that of the chat account), empty to hide Menu → Write to "
            "Deskline support"),
    Setting("appeals.finish_calls_on_hangup", True, "Finish a call's appeal when the call is "
            "hung up (off: it stays in work until Finish work)"),
    Setting("hotkeys.enabled", False, "Global hotkeys work even when Deskline is not in front"),
    Setting("hotkeys.answer", "<ctrl>+<alt>+a", "Answer the ringing call (pynput syntax)"),
    Setting("hotkeys.hangup", "<ctrl>+<alt>+h", "Hang up the current call"),
    Setting("hotkeys.mute", "<ctrl>+<alt>+m", "Mute or unmute the microphone"),
    Setting("presence.auto_away_minutes", 5, "Minutes without input before Away, 0 for never",
            minimum=0, maximum=240),
    Setting("ui.language", "system", "Interface language", choices=("system", "en", "ru")),
    Setting("ui.theme", "system", "Light or dark: as the system says, or always one",
            choices=("system", "light", "dark")),
    Setting("ui.curtain_visible", True, "Show the contact card panel"),
    Setting("ui.start_at_login", False, "Start Deskline at login (minimised to the tray)"),
    Setting("calls.links_at_once", False, "Call a phone link opened in another app at once "
            "(off: after one confirmation)"),
    Setting("ui.window_geometry", "", "Main window geometry (Qt saveGeometry, base64)"),
)

VERSION = 1
# Migrations take the stored values of version N and return those of version N + 1.
Migration = Callable[[dict[str, object]], dict[str, object]]
MIGRATIONS: dict[int, Migration] = {}


class SettingsError(RuntimeError):
    pass


class Settings(QObject):
    """Typed access to the schema; `path=None` keeps everything in memory (tests)."""

    changed = Signal(SettingChanged)

    def __init__(self, path: Path | None, schema: Mapping[str, Setting] = SCHEMA,
                 version: int = VERSION, migrations: Mapping[int, Migration] = MIGRATIONS,
                 ) -> None:
        super().__init__()
        self.path = path
        self.schema = schema
        self.version = version
        self.migrations = migrations
        self.read_only_reason = ""  # set when the file must not be overwritten
        self.problems: list[str] = []  # what loading had to repair, for the user
        self._values: dict[str, SettingValue] = {}
        if path is not None:
            self._load(path)

    def get(self, key: str) -> SettingValue:
        setting = self.schema[key]
        return self._values.get(key, setting.default)

    def get_str(self, key: str) -> str:
        value = self.get(key)
        assert isinstance(value, str)
        return value

    def get_int(self, key: str) -> int:
        value = self.get(key)
        assert isinstance(value, int)
        return value

    def get_bool(self, key: str) -> bool:
        value = self.get(key)
        assert isinstance(value, bool)
        return value

    def set(self, key: str, value: SettingValue) -> None:
        value = self.schema[key].check(value)
        if self.get(key) == value:
            return
        self._values[key] = value
        self._save()
        self.changed.emit(SettingChanged(key, value))

    def _load(self, path: Path) -> None:
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
                raise ValueError("not a Deskline settings file")
            version = data.get("version")
            # A whole number from 1 on: not missing, 0, -3, null, [1], true or 1e400.
            if type(version) is not int or version < 1:
                raise ValueError(f"its version is {version!r}, not a number from 1 on")
        except ValueError as exc:
            backup = path.with_name(f"{path.name}.broken-{int(time.time())}")
            path.replace(backup)
            self.problems.append(f"The settings file was damaged ({exc}); it was kept as "
                                 f"{backup} and the defaults are used.")
            return
        values: dict[str, object] = data["values"]
        if version > self.version:
            self.read_only_reason = (f"{path} was written by a newer Deskline (settings "
                                     f"version {version}); changes are not saved to it.")
            self.problems.append(self.read_only_reason)
        else:
            for step in range(version, self.version):
                if step not in self.migrations:
                    raise SettingsError(f"no migration from settings version {step}")
                values = self.migrations[step](dict(values))
        for key, value in values.items():
            if key not in self.schema:
                log.info("dropping unknown setting %s", key)
                continue
            try:
                self._values[key] = self.schema[key].check(value)
            except ValueError as exc:
                self.problems.append(f"{exc}; the default is used.")
        if version < self.version:
            self._save()

    def _save(self) -> None:
        if self.path is None or self.read_only_reason:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"version": self.version, "values": self._values},
                                  ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)  # atomic: a crash leaves the old file or the new one
