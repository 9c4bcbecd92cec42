"""Headset buttons and LEDs: the parser on real descriptors, and a device object that replays
report bytes laid out as the real Plantronics Blackwire 3220 sends them, on a real lab call.

There is no /dev/uhid here to make a virtual headset, so the device object stands in for
hidapi's; everything past it (layout from the real descriptor, HeadsetService, CallService,
the engine, Kamailio, the peer) is real.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.audio.headset import HeadsetService
from desktop.audio.hid_descriptor import (
    FLASH,
    HOOK_SWITCH,
    LED,
    LED_MUTE,
    LED_OFF_HOOK,
    LED_RING,
    PHONE_MUTE,
    TELEPHONY,
    HeadsetLayout,
    load_hex,
    parse,
)
from desktop.bus import Bus, CallState
from desktop.gui_thread import GuiThread
from desktop.lab.lab import LabInfo
from desktop.telephony.service import CallService
from tests.apps import signed_in
from tests.peers.client import PeerProcess

DATA = Path(__file__).parent / "data" / "hid"
TELEPHONY_DESC = load_hex((DATA / "plantronics_blackwire3220_0005_000B.hex").read_text())
CONSUMER_DESC = load_hex((DATA / "plantronics_blackwire3220_0001_000C.hex").read_text())


def test_telephony_collection_report_ids_and_bits() -> None:
    layout = HeadsetLayout.from_descriptor(TELEPHONY_DESC)
    assert layout.is_telephony_headset
    assert layout.phone_mute is not None
    assert (layout.phone_mute.report_id, layout.phone_mute.bit) == (0x08, 0)
    assert layout.phone_mute.relative  # a toggle: each press flips mute
    assert layout.hook_switch is not None
    assert (layout.hook_switch.report_id, layout.hook_switch.bit) == (0x08, 1)
    assert not layout.hook_switch.relative  # a state: off-hook while 1
    assert layout.flash is not None
    assert (layout.flash.report_id, layout.flash.bit) == (0x08, 2)
    assert {u: (c.report_id, c.bit) for u, c in layout.leds.items()} == {
        LED_MUTE: (0x09, 0), LED_OFF_HOOK: (0x17, 0), LED_RING: (0x18, 0), 0x20: (0x20, 0)}
    assert layout.input_length[0x08] == 1
    assert layout.led_report(LED_RING, True) == bytes([0x18, 0x01])
    assert layout.led_report(LED_MUTE, False) == bytes([0x09, 0x00])


def test_consumer_collection_has_no_telephony_controls() -> None:
    fields = parse(CONSUMER_DESC)
    assert {(f.kind, f.report_id) for f in fields} >= {("input", 1), ("output", 4)}
    assert [(f.page, f.usage, f.bit) for f in fields if f.report_id == 1] == [
        (0x0C, 0xE9, 0), (0x0C, 0xEA, 1)]  # volume up, volume down
    assert not HeadsetLayout.from_descriptor(CONSUMER_DESC).is_telephony_headset
    assert not [f for f in fields if f.page in (TELEPHONY, LED)]
    assert {HOOK_SWITCH, FLASH, PHONE_MUTE}.isdisjoint({f.usage for f in fields
                                                        if f.page == TELEPHONY})


def test_truncated_descriptor_is_an_error() -> None:
    with pytest.raises(ValueError, match="runs past the end"):
        parse(TELEPHONY_DESC[:4] + b"\x26\x01")  # a 2-byte item with 1 byte left


class ReplayHeadset:
    """hidapi's device interface: input reports from a queue, output reports recorded."""

    def __init__(self) -> None:
        self.inputs: queue.Queue[bytes] = queue.Queue()
        self.written: list[bytes] = []
        self.closed = False

    def press(self, *report: int) -> None:
        self.inputs.put(bytes(report))

    def read(self, max_length: int, timeout_ms: int = 0) -> list[int]:
        try:
            return list(self.inputs.get(timeout=timeout_ms / 1000)[:max_length])
        except queue.Empty:
            return []

    def write(self, data: bytes) -> int:
        self.written.append(bytes(data))
        return len(data)

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def headset_phone(qtbot: QtBot, lab: LabInfo, pulse_server: str
                  ) -> Iterator[tuple[CallService, ReplayHeadset]]:
    bus = Bus()
    calls = signed_in(qtbot, lab, bus)
    service = HeadsetService(bus, calls, GuiThread())
    device = ReplayHeadset()
    service.attach(device, HeadsetLayout.from_descriptor(TELEPHONY_DESC), "Blackwire 3220")
    yield calls, device
    service.detach()
    calls.sign_out()


def test_headset_buttons_answer_mute_and_hang_up_a_lab_call(
        qtbot: QtBot, lab: LabInfo, headset_phone: tuple[CallService, ReplayHeadset]) -> None:
    calls, device = headset_phone
    with PeerProcess(lab, "ivan") as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: any(c.state is CallState.INCOMING for c in calls.calls.values()),
                        timeout=5000)
        qtbot.waitUntil(lambda: device.written == [bytes([0x18, 0x01])], timeout=2000)
        device.press(0x08, 0b010)  # hook switch: off hook -> answer
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE for c in calls.calls.values()),
                        timeout=5000)
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        device.press(0x08, 0b011)  # phone mute (toggle) while still off hook
        qtbot.waitUntil(lambda: calls.muted, timeout=2000)
        device.press(0x08, 0b010)  # button released
        device.press(0x08, 0b011)  # pressed again: unmute
        qtbot.waitUntil(lambda: not calls.muted, timeout=2000)
        device.press(0x08, 0b011)  # and mute once more, to see the LED order at hang-up
        qtbot.waitUntil(lambda: calls.muted, timeout=2000)
        device.press(0x08, 0b000)  # on hook -> hang up
        qtbot.waitUntil(lambda: not calls.calls, timeout=5000)
        ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")
    # ring -> off-hook -> mute -> (unmute, mute) -> idle, each LED by its own report id
    assert device.written == [
        bytes([0x18, 0x01]),                        # ringing
        bytes([0x18, 0x00]), bytes([0x17, 0x01]),   # answered: ring off, off-hook on
        bytes([0x09, 0x01]),                        # muted
        bytes([0x09, 0x00]),                        # unmuted
        bytes([0x09, 0x01]),                        # muted
        bytes([0x17, 0x00]), bytes([0x09, 0x00]),   # idle: off-hook off, mute off
    ]
