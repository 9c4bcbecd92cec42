"""Sound devices from the real PulseAudio of the rig: names people know, hot-plug, fallback."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.audio.devices import DeviceList, DeviceService
from desktop.bus import Bus, ErrorRaised, NoticeKind
from desktop.gui_thread import GuiThread
from desktop.settings import Settings

PLANTRONICS = ("device.description='Plantronics Blackwire 3220' device.bus=usb "
               "device.form_factor=headset")


@pytest.fixture
def service(qtbot: QtBot, pulse_server: str) -> Iterator[tuple[DeviceService, Settings, Bus]]:
    bus, settings = Bus(), Settings(None)
    devices = DeviceService(bus, settings, GuiThread())
    devices.start()
    qtbot.waitUntil(lambda: devices.devices is not None, timeout=5000)
    yield devices, settings, bus
    devices.stop()


def pactl(*args: str) -> str:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, check=True
                          ).stdout.strip()


def names(devices: DeviceList | None) -> tuple[dict[str, str], dict[str, str]]:
    assert devices is not None
    return ({d.name: d.description for d in devices.sinks},
            {d.name: d.description for d in devices.sources})


def test_lists_devices_by_the_names_people_know(service: tuple[DeviceService, Settings, Bus]
                                                ) -> None:
    sinks, sources = names(service[0].devices)
    assert sinks["headset"] == "Jabra Evolve2 40"
    assert sinks["speakers"] == "Built-in Speakers"
    assert sources["headset_mic"] == "Jabra Evolve2 40 Microphone"
    assert sources["virtual_mic"] == "Virtual Microphone"
    assert not [n for n in sources if n.endswith(".monitor")]
    assert service[0].devices is not None
    assert [d.name for d in service[0].devices.sinks if d.headset] == ["headset"]


def test_hotplug_is_noticed_within_2_s_and_a_headset_taken(
        qtbot: QtBot, service: tuple[DeviceService, Settings, Bus]) -> None:
    devices, settings, bus = service
    messages: list[ErrorRaised] = []
    bus.error.connect(messages.append)
    modules = []
    plugged_at = time.monotonic()
    modules.append(pactl("load-module", "module-null-sink", "sink_name=blackwire",
                         "norewinds=1", f'sink_properties="{PLANTRONICS}"'))
    try:
        qtbot.waitUntil(lambda: "blackwire" in names(devices.devices)[0], timeout=2000)
        assert time.monotonic() - plugged_at < 2.0
        assert names(devices.devices)[0]["blackwire"] == "Plantronics Blackwire 3220"
        qtbot.waitUntil(lambda: settings.get("audio.speaker") == "blackwire", timeout=2000)
        assert messages[-1] == ErrorRaised(NoticeKind.HEADSET_TAKEN,
                                           "Plantronics Blackwire 3220")
        settings.set("audio.ring_devices", "blackwire,speakers")
    finally:
        unplugged_at = time.monotonic()
        subprocess.run(["pactl", "unload-module", modules[0]], check=True)
    qtbot.waitUntil(lambda: "blackwire" not in names(devices.devices)[0], timeout=2000)
    assert time.monotonic() - unplugged_at < 2.0
    assert settings.get("audio.speaker") == ""  # back to the system default
    assert settings.get("audio.ring_devices") == "speakers"
    assert messages[-1] == ErrorRaised(NoticeKind.DEVICE_UNPLUGGED, "Plantronics Blackwire 3220")


def test_no_headset_taken_when_the_user_said_no(
        qtbot: QtBot, service: tuple[DeviceService, Settings, Bus]) -> None:
    devices, settings, _bus = service
    settings.set("audio.prefer_headset", False)
    module = pactl("load-module", "module-null-sink", "sink_name=blackwire", "norewinds=1",
                   f'sink_properties="{PLANTRONICS}"')
    try:
        qtbot.waitUntil(lambda: "blackwire" in names(devices.devices)[0], timeout=2000)
        qtbot.wait(200)
        assert settings.get("audio.speaker") == ""
    finally:
        subprocess.run(["pactl", "unload-module", module], check=True)
