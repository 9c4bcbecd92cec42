"""Sound devices by the names the system shows, and their comings and goings.

A watcher thread talks to PulseAudio (or PipeWire's pulse server) with pulsectl: it lists
sinks and sources, then waits for change events and lists again. Each list goes to the GUI
thread, where DeviceService keeps plain state and applies the policy: a newly plugged USB
headset is offered (and taken, if the user allows it), and a device in use that disappears
falls back to the system default without dropping the call.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.bus import Bus, ErrorRaised, NoticeKind
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioDevice:
    name: str  # PulseAudio's name: what streams are opened on
    description: str  # what the user sees: "Jabra Evolve2 40"
    kind: str  # "sink" (plays) | "source" (records)
    headset: bool  # a USB headset (device.bus=usb, form factor headset/headphone)


@dataclass(frozen=True)
class DeviceList:
    sinks: tuple[AudioDevice, ...]
    sources: tuple[AudioDevice, ...]
    default_sink: str
    default_source: str
    listed_at: float  # time.monotonic() when PulseAudio answered


def _device(info: Any, kind: str) -> AudioDevice:
    props = dict(info.proplist)
    headset = (props.get("device.bus") == "usb"
               and props.get("device.form_factor") in ("headset", "headphone"))
    return AudioDevice(str(info.name), str(info.description or info.name), kind, headset)


def list_devices(pulse: Any) -> DeviceList:
    sinks = tuple(_device(s, "sink") for s in pulse.sink_list())
    sources = tuple(_device(s, "source") for s in pulse.source_list()
                    if s.monitor_of_sink == 0xFFFFFFFF)  # monitors are not microphones
    info = pulse.server_info()
    return DeviceList(sinks, sources, str(info.default_sink_name or ""),
                      str(info.default_source_name or ""), time.monotonic())


class DeviceWatcher:
    """The adapter: pulsectl in its own thread. Reports DeviceList snapshots."""

    def __init__(self, gui: GuiThread, report: Any) -> None:
        self.gui = gui
        self.report = report
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="pulse-devices", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        import pulsectl  # noqa: PLC0415 - only where there is a pulse server

        while not self._stop.is_set():
            try:
                with pulsectl.Pulse("deskline-devices") as pulse:
                    self._watch(pulse, pulsectl)
            except (pulsectl.PulseError, pulsectl.PulseDisconnected) as exc:
                if self._stop.is_set():
                    return
                log.info("no PulseAudio server (%r); trying again", exc)
                self.gui.call(self.report, None)
                self._stop.wait(2)

    def _watch(self, pulse: Any, pulsectl: Any) -> None:
        changed = threading.Event()

        def on_event(_event: Any) -> None:
            changed.set()
            raise pulsectl.PulseLoopStop

        pulse.event_mask_set("sink", "source", "server")
        pulse.event_callback_set(on_event)
        while not self._stop.is_set():
            self.gui.call(self.report, list_devices(pulse))
            changed.clear()
            while not changed.is_set() and not self._stop.is_set():
                pulse.event_listen(timeout=0.5)
            # A burst of events (a headset brings a sink and a source): list once.
            pulse.event_listen(timeout=0.05)


class DeviceService(QObject):
    """The current devices and what Deskline uses; emits `changed` on every new list."""

    changed = Signal(object)  # DeviceList

    def __init__(self, bus: Bus, settings: Settings, gui: GuiThread) -> None:
        super().__init__()
        self.bus = bus
        self.settings = settings
        self.devices: DeviceList | None = None
        self.available = False
        self.watcher = DeviceWatcher(gui, self.on_devices)

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()

    def on_devices(self, devices: DeviceList | None) -> None:
        assert_gui_thread()
        self.available = devices is not None
        before = self.devices
        self.devices = devices
        if devices is not None and before is not None:
            self._apply_policy(before, devices)
        self.changed.emit(devices)

    def description(self, name: str, devices: DeviceList | None = None) -> str:
        devices = devices or self.devices
        if devices is not None:
            for dev in (*devices.sinks, *devices.sources):
                if dev.name == name:
                    return dev.description
        return name or "System default"

    def _apply_policy(self, before: DeviceList, now: DeviceList) -> None:
        old = {d.name for d in (*before.sinks, *before.sources)}
        new = {d.name for d in (*now.sinks, *now.sources)}
        for key in ("audio.microphone", "audio.speaker"):
            chosen = self.settings.get_str(key)
            if chosen and chosen in old and chosen not in new:
                self.settings.set(key, "")  # the call goes on, on the system default
                self.bus.error.emit(ErrorRaised(NoticeKind.DEVICE_UNPLUGGED,
                                                self.description(chosen, before)))
        ring = [s for s in self.settings.get_str("audio.ring_devices").split(",") if s]
        if any(s not in new for s in ring if s in old):
            self.settings.set("audio.ring_devices", ",".join(s for s in ring if s in new))
        plugged = [d for d in now.sinks if d.headset and d.name not in old]
        if plugged and self.settings.get_bool("audio.prefer_headset"):
            sink = plugged[0]
            mics = [d for d in now.sources if d.headset and d.name not in old]
            self.settings.set("audio.speaker", sink.name)
            if mics:
                self.settings.set("audio.microphone", mics[0].name)
            self.bus.error.emit(ErrorRaised(NoticeKind.HEADSET_TAKEN, sink.description))
