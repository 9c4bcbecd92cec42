"""USB headset buttons and LEDs through hidapi (hidraw): answer, hang up and mute from the
headset, and its Ring / Off-Hook / Mute LEDs kept in step with the calls.

HeadsetReader (the adapter) reads input reports in its own thread and hands the bytes to the
GUI thread. HeadsetService interprets them with the HeadsetLayout parsed from the device's
own report descriptor, acts through CallService, and writes LED output reports.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.audio.hid_descriptor import (
    LED_HOLD,
    LED_MUTE,
    LED_OFF_HOOK,
    LED_RING,
    DescriptorError,
    HeadsetLayout,
)
from desktop.bus import Bus, CallInfo, CallState
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.tasks import run_background
from desktop.telephony.service import CallService

log = logging.getLogger(__name__)

TELEPHONY_PAGE = 0x0B
LED_ORDER = (LED_RING, LED_OFF_HOOK, LED_MUTE, LED_HOLD)
IN_CALL = (CallState.DIALING, CallState.RINGING, CallState.CONNECTING, CallState.ACTIVE,
           CallState.HELD)


class HidDevice(Protocol):
    """What we use of hidapi's device (and what a test double replays)."""

    def read(self, max_length: int, timeout_ms: int = 0) -> list[int]: ...
    def write(self, data: bytes) -> int: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class HeadsetInfo:
    path: bytes
    name: str  # "Plantronics Blackwire 3220 Series"


def find_headsets() -> tuple[list[HeadsetInfo], str]:
    """USB devices with a HID Telephony collection, and a problem to show ('' if none)."""
    try:
        import hid  # noqa: PLC0415 - only the audio settings and startup need it
    except ImportError as exc:
        return [], QCoreApplication.translate(
            "HeadsetService", "HID support is not available ({0}).").format(exc)
    found = [HeadsetInfo(bytes(d["path"]), f"{d.get('manufacturer_string') or ''} "
                                           f"{d.get('product_string') or ''}".strip())
             for d in hid.enumerate() if d.get("usage_page") == TELEPHONY_PAGE]
    if not found:
        return [], QCoreApplication.translate(
            "HeadsetService", "No headset buttons found: no USB headset with telephony "
            "controls, or no access to /dev/hidraw* (add a udev rule for your headset).")
    return found, ""


def open_headset(info: HeadsetInfo) -> tuple[HidDevice, HeadsetLayout]:
    import hid  # noqa: PLC0415

    device = hid.device()
    try:
        device.open_path(info.path)
        layout = HeadsetLayout.from_descriptor(bytes(device.get_report_descriptor()))
    except (OSError, DescriptorError):
        device.close()
        raise
    return device, layout


def open_first_headset() -> tuple[HidDevice, HeadsetLayout, str] | str:
    """The first headset that opens, with its layout and name; else why there is none."""
    found, problem = find_headsets()
    for info in found:
        try:
            device, layout = open_headset(info)
        except (OSError, DescriptorError) as exc:
            problem = QCoreApplication.translate(
                "HeadsetService", "{0}: cannot be opened ({1}).").format(info.name, exc)
            continue
        return device, layout, info.name
    return problem


class HeadsetReader:
    """The adapter: blocking reads in a thread; each report goes to the GUI thread."""

    def __init__(self, device: HidDevice, gui: GuiThread, report: Any) -> None:
        self.device = device
        self.gui = gui
        self.report = report
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="hid-headset", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.device.read(64, 200)
            except OSError as exc:  # unplugged
                log.info("headset gone: %s", exc)
                self.gui.call(self.report, None)
                return
            if data:
                self.gui.call(self.report, bytes(data))


class HeadsetService(QObject):
    """Headset buttons -> calls; calls -> headset LEDs. One headset at a time."""

    status_changed = Signal(str)  # for Settings: which headset, or why none

    def __init__(self, bus: Bus, calls: CallService, gui: GuiThread) -> None:
        super().__init__()
        self.bus = bus
        self.calls = calls
        self.gui = gui
        self.device: HidDevice | None = None
        self.layout: HeadsetLayout | None = None
        self.reader: HeadsetReader | None = None
        self.status = QCoreApplication.translate("HeadsetService", "No headset")
        self.hook = 0
        self.leds: dict[int, bool] = {}
        bus.incoming_call.connect(self._sync_leds)
        bus.call_changed.connect(self._sync_leds)

    def attach(self, device: HidDevice, layout: HeadsetLayout, name: str) -> None:
        assert_gui_thread()
        self.detach()
        self.device, self.layout = device, layout
        self.hook = 0
        self.leds = dict.fromkeys(layout.leds, False)
        self.reader = HeadsetReader(device, self.gui, self.on_report)
        self.reader.start()
        self._set_status(QCoreApplication.translate(
            "HeadsetService", "{0}: buttons and lights connected").format(name))

    def detach(self) -> None:
        if self.reader is not None:
            self.reader.stop()
            self.reader = None
        if self.device is not None:
            self.device.close()
            self.device = None
        self.layout = None

    def connect_first(self) -> None:
        """Looks for a headset and attaches the first; says why when there is none. HID
        enumeration and opening run off the GUI thread (they read sysfs and the device)."""
        run_background(self.gui, "headset", open_first_headset, self._opened,
                       self._not_opened)

    def _opened(self, found: tuple[HidDevice, HeadsetLayout, str] | str) -> None:
        if isinstance(found, str):
            self._set_status(found)
        else:
            self.attach(*found)

    def _not_opened(self, exc: Exception) -> None:
        log.warning("headset lookup failed: %s", exc)
        self._set_status(QCoreApplication.translate(
            "HeadsetService", "No headset buttons: the lookup failed ({0}).").format(exc))

    def _set_status(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)

    # --- buttons ------------------------------------------------------------------------------
    def on_report(self, report: bytes | None) -> None:
        assert_gui_thread()
        layout = self.layout
        if report is None:
            self.detach()
            self._set_status(QCoreApplication.translate("HeadsetService",
                                                        "The headset was unplugged."))
            return
        if layout is None:
            return
        hook = layout.hook_switch
        if hook is not None and report[0] == hook.report_id:
            value = hook.read(report)
            if value != self.hook:
                self.hook = value
                self._hook_changed(bool(value))
        mute = layout.phone_mute
        if mute is not None and report[0] == mute.report_id and mute.read(report) \
                and self._calls_in(IN_CALL):
            self.calls.set_mute(not self.calls.muted)
        flash = layout.flash
        if flash is not None and report[0] == flash.report_id and flash.read(report):
            self._flash()

    def _hook_changed(self, off_hook: bool) -> None:
        if off_hook:
            ringing = self._calls_in((CallState.INCOMING,))
            if ringing:
                self.calls.answer(ringing[0].id)
        else:
            talking = self._calls_in((CallState.ACTIVE,)) or self._calls_in(IN_CALL)
            if talking:
                self.calls.hangup(talking[0].id)

    def _flash(self) -> None:
        """Flash: hold the call, or take the held one back."""
        active = self._calls_in((CallState.ACTIVE,))
        held = self._calls_in((CallState.HELD,))
        if active:
            self.calls.hold(active[0].id)
        elif held:
            self.calls.resume(held[0].id)

    def _calls_in(self, states: tuple[CallState, ...]) -> list[CallInfo]:
        return [c for c in self.calls.calls.values() if c.state in states]

    # --- lights -------------------------------------------------------------------------------
    def _sync_leds(self, _call: CallInfo | None = None) -> None:
        if self.device is None or self.layout is None:
            return
        in_call = bool(self._calls_in(IN_CALL))
        wanted = {LED_RING: bool(self._calls_in((CallState.INCOMING,))),
                  LED_OFF_HOOK: in_call,
                  LED_MUTE: in_call and self.calls.muted,
                  LED_HOLD: bool(self._calls_in((CallState.HELD,)))}
        for usage in LED_ORDER:
            if usage in self.leds and self.leds[usage] != wanted[usage]:
                report = self.layout.led_report(usage, wanted[usage])
                if report is not None:
                    self.device.write(report)
                    self.leds[usage] = wanted[usage]
        # Mirror the hook: a call answered on screen is "off hook" for the next button press.
        self.hook = 1 if in_call else 0
