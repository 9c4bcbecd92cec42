"""HID report descriptors: where a headset keeps its telephony buttons and LEDs.

A small parser for the items USB headsets use (HID 1.11, section 6.2.2): it walks the
descriptor, keeps the global and local state, and for every Input/Output main item records
which report id, bit offset and size each usage has. HeadsetLayout then picks the telephony
controls (page 0x0B) and the LEDs (page 0x08) out of that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

TELEPHONY, LED = 0x0B, 0x08
HOOK_SWITCH, FLASH, PHONE_MUTE = 0x20, 0x21, 0x2F
LED_MUTE, LED_OFF_HOOK, LED_RING, LED_HOLD = 0x09, 0x17, 0x18, 0x20


class DescriptorError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    kind: str  # "input" | "output" | "feature"
    report_id: int  # 0 when the device uses no report ids
    bit: int  # offset within the report's data, after the id byte
    size: int  # bits
    page: int
    usage: int
    relative: bool  # input: a toggle/event rather than a state


@dataclass(frozen=True)
class Control:
    report_id: int
    bit: int
    size: int
    relative: bool = False

    def read(self, report: bytes) -> int:
        data = report[1:] if self.report_id else report
        value = int.from_bytes(data, "little") >> self.bit
        return value & ((1 << self.size) - 1)

    def write(self, value: int, length: int) -> bytes:
        data = ((value & ((1 << self.size) - 1)) << self.bit).to_bytes(length, "little")
        return bytes([self.report_id]) + data if self.report_id else data


def _unsigned(data: bytes) -> int:
    return int.from_bytes(data, "little") if data else 0


class _Parser:
    """Walks the items, keeping HID's global state (with Push/Pop) and local usages."""

    MAIN: ClassVar[dict[int, str]] = {0x8: "input", 0x9: "output", 0xB: "feature"}

    def __init__(self) -> None:
        self.fields: list[Field] = []
        self.page = self.report_id = self.size = self.count = 0
        self.usages: list[int] = []
        self.usage_min: int | None = None
        self.offsets: dict[tuple[str, int], int] = {}
        self.stack: list[tuple[int, int, int, int]] = []

    def item(self, kind: int, tag: int, value: int) -> None:
        if kind == 0:
            self._main(tag, value)
        elif kind == 1:
            self._global(tag, value)
        elif kind == 2:
            self._local(tag, value)

    def _global(self, tag: int, value: int) -> None:
        if tag == 0x0:
            self.page = value
        elif tag == 0x7:
            self.size = value
        elif tag == 0x8:
            self.report_id = value
        elif tag == 0x9:
            self.count = value
        elif tag == 0xA:
            self.stack.append((self.page, self.report_id, self.size, self.count))
        elif tag == 0xB:
            if not self.stack:
                raise DescriptorError("Pop without Push")
            self.page, self.report_id, self.size, self.count = self.stack.pop()

    def _local(self, tag: int, value: int) -> None:
        if tag == 0x0:
            self.usages.append(value)
        elif tag == 0x1:
            self.usage_min = value
        elif tag == 0x2 and self.usage_min is not None:
            self.usages.extend(range(self.usage_min, value + 1))
            self.usage_min = None

    def _main(self, tag: int, value: int) -> None:
        name = self.MAIN.get(tag)
        if name is not None:
            key = (name, self.report_id)
            offset = self.offsets.get(key, 0)
            if not value & 0x01:  # not Constant (padding)
                for n in range(self.count):
                    usage = self.usages[min(n, len(self.usages) - 1)] if self.usages else 0
                    page = usage >> 16 if usage > 0xFFFF else self.page
                    self.fields.append(Field(name, self.report_id, offset + n * self.size,
                                             self.size, page, usage & 0xFFFF,
                                             bool(value & 0x04)))
            self.offsets[key] = offset + self.size * self.count
        self.usages, self.usage_min = [], None  # every main item ends the local state


def parse(descriptor: bytes) -> list[Field]:
    parser = _Parser()
    i = 0
    while i < len(descriptor):
        prefix = descriptor[i]
        if prefix == 0xFE:  # long item: skip it whole
            if i + 2 >= len(descriptor):
                raise DescriptorError("truncated long item")
            i += 3 + descriptor[i + 1]
            continue
        length = (0, 1, 2, 4)[prefix & 0x03]
        if i + 1 + length > len(descriptor):
            raise DescriptorError(f"item at byte {i} runs past the end")
        value = _unsigned(descriptor[i + 1:i + 1 + length])
        parser.item((prefix >> 2) & 0x03, prefix >> 4, value)
        i += 1 + length
    return parser.fields


@dataclass(frozen=True)
class HeadsetLayout:
    hook_switch: Control | None
    phone_mute: Control | None
    flash: Control | None
    leds: dict[int, Control]  # LED usage -> output control
    input_length: dict[int, int]  # report id -> data bytes
    output_length: dict[int, int]

    @classmethod
    def from_descriptor(cls, descriptor: bytes) -> HeadsetLayout:
        fields = parse(descriptor)

        def control(page: int, usage: int, kind: str) -> Control | None:
            for f in fields:
                if (f.kind, f.page, f.usage) == (kind, page, usage):
                    return Control(f.report_id, f.bit, f.size, f.relative)
            return None

        lengths: dict[str, dict[int, int]] = {"input": {}, "output": {}}
        for f in fields:
            if f.kind in lengths:
                end = (f.bit + f.size + 7) // 8
                lengths[f.kind][f.report_id] = max(lengths[f.kind].get(f.report_id, 0), end)
        leds = {usage: c for usage in (LED_MUTE, LED_OFF_HOOK, LED_RING, LED_HOLD)
                if (c := control(LED, usage, "output")) is not None}
        return cls(control(TELEPHONY, HOOK_SWITCH, "input"),
                   control(TELEPHONY, PHONE_MUTE, "input"),
                   control(TELEPHONY, FLASH, "input"), leds,
                   lengths["input"], lengths["output"])

    @property
    def is_telephony_headset(self) -> bool:
        return self.hook_switch is not None or self.phone_mute is not None

    def led_report(self, usage: int, on: bool) -> bytes | None:
        led = self.leds.get(usage)
        if led is None:
            return None
        return led.write(1 if on else 0, self.output_length.get(led.report_id, 1))


def load_hex(text: str) -> bytes:
    """The shared/data/hid files: hex bytes, '#' comment lines."""
    hexes = " ".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return bytes.fromhex(hexes)
