"""Settings → Audio and Sounds on the rig's PulseAudio: picker, headset test, sound files."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.audio.devices import DeviceService
from desktop.audio.player import SoundPlayer
from desktop.audio.sounds import EventSounds, SoundLibrary
from desktop.audio.wav import SoundFileError, load_wav
from desktop.bus import Bus, CallInfo, CallState
from desktop.gui_thread import GuiThread
from desktop.settings import Settings
from desktop.ui.audio_page import AudioPage
from desktop.ui.sounds_page import SoundsPage
from tests.audio import Listener, ToneSource, analyze, write_wav


class Parts:
    def __init__(self) -> None:
        self.bus = Bus()
        self.settings = Settings(None)
        self.devices = DeviceService(self.bus, self.settings, GuiThread())
        self.player = SoundPlayer()
        self.library = SoundLibrary(self.settings)
        self.sounds = EventSounds(self.bus, self.settings, self.player, self.library)


@pytest.fixture
def parts(qtbot: QtBot, pulse_server: str) -> Iterator[Parts]:
    p = Parts()
    p.devices.start()
    qtbot.waitUntil(lambda: p.devices.devices is not None, timeout=5000)
    yield p
    p.player.stop_all()
    p.devices.stop()


def test_picker_lists_devices_by_description_and_saves_names(qtbot: QtBot, parts: Parts) -> None:
    page = AudioPage(parts.settings, parts.devices, parts.player, parts.library,
                     "No headset", "Global hotkeys are off.")
    qtbot.addWidget(page)
    mics = [page.microphone.itemText(i) for i in range(page.microphone.count())]
    speakers = [page.speaker.itemText(i) for i in range(page.speaker.count())]
    rings = [page.ring.item(i).text() for i in range(page.ring.count())]
    assert mics == ["System default", "Jabra Evolve2 40 Microphone", "Virtual Microphone"]
    assert "Jabra Evolve2 40" in speakers
    assert "Built-in Speakers" in speakers
    assert "Jabra Evolve2 40" in rings
    page.speaker.setCurrentIndex(page.speaker.findText("Jabra Evolve2 40"))
    page.microphone.setCurrentIndex(page.microphone.findText("Jabra Evolve2 40 Microphone"))
    for i in range(page.ring.count()):
        page.ring.item(i).setCheckState(page.ring.item(i).checkState().Checked)
    page.save()
    assert parts.settings.get("audio.speaker") == "headset"
    assert parts.settings.get("audio.microphone") == "headset_mic"
    assert set(parts.settings.get_str("audio.ring_devices").split(",")) >= {"headset",
                                                                             "speakers"}


def test_headset_test_level_meter_test_sound_and_echo(qtbot: QtBot, parts: Parts) -> None:
    page = AudioPage(parts.settings, parts.devices, parts.player, parts.library, "", "")
    qtbot.addWidget(page)
    page.microphone.setCurrentIndex(page.microphone.findData("headset_mic"))
    page.speaker.setCurrentIndex(page.speaker.findData("headset"))
    page.show()
    qtbot.waitExposed(page)
    assert page.level.value() < 10  # quiet room
    with ToneSource("headset_feed", 600), Listener("headset.monitor") as headset:
        qtbot.waitUntil(lambda: page.level.value() > 30, timeout=3000)  # the meter moves
        page.echo_test()  # 3 s recorded, then played back on the headset
        qtbot.waitUntil(lambda: headset.hears(600, 0.3), timeout=10000)
    with Listener("headset.monitor") as headset:
        page.play_test_sound()
        qtbot.waitUntil(lambda: 420 <= analyze(headset.last(0.3))[0] <= 500, timeout=3000)
    page.hide()


def test_sound_files_are_checked_and_a_bad_one_is_refused(
        qtbot: QtBot, parts: Parts, tmp_path: Path) -> None:
    page = SoundsPage(parts.settings, parts.sounds)
    qtbot.addWidget(page)
    good = write_wav(tmp_path / "bell.wav", 1500)
    assert page.choose("message", str(good))
    bad_files = [tmp_path / "photo.wav", tmp_path / "empty.wav", tmp_path / "noise.wav"]
    bad_files[0].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    bad_files[1].write_bytes(b"")
    bad_files[2].write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40))
    messages: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            messages.append(box.text())
            box.accept()

    for bad in bad_files:
        QTimer.singleShot(100, close_box)
        assert not page.choose("message", str(bad))
    assert len(messages) == 3
    assert all("WAV" in m or "sound" in m for m in messages), messages
    page.save()
    assert parts.settings.get("sounds.message.file") == str(good)  # the good one stays


def test_notification_sound_plays_on_the_chosen_device(qtbot: QtBot, parts: Parts,
                                                       tmp_path: Path) -> None:
    parts.settings.set("audio.notification_device", "speakers")
    parts.settings.set("sounds.call_ended.file", str(write_wav(tmp_path / "end.wav", 900, 1.0)))
    with Listener("speakers.monitor") as speakers, Listener("headset.monitor") as headset:
        parts.bus.call_changed.emit(CallInfo(1, "in", "ivan", "", CallState.ENDED, 0.0,
                                             answered_at=1.0, result="answered"))
        qtbot.waitUntil(lambda: speakers.hears(900, 0.3), timeout=3000)
        assert headset.silent(0.5)


def test_a_fifo_as_the_ringtone_is_refused_at_once_and_not_tried_again(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer forever: the file type is checked
    first (stat opens nothing), and a refused file is not read again on the next call."""
    fifo = tmp_path / "ring.wav"
    os.mkfifo(fifo)
    settings = Settings(None)
    settings.set("sounds.incoming_call.file", str(fifo))
    library = SoundLibrary(settings)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(library.load("incoming_call")),
                              daemon=True)  # daemon: without the check it never returns
    worker.start()
    worker.join(2.0)
    assert outcome, "loading a FIFO blocked"
    assert outcome[0] == library.load_bundled("incoming_call")  # it rings all the same
    assert "not a sound file" in library.problems["incoming_call"]
    with pytest.raises(SoundFileError):
        load_wav(fifo)
    library.problems.clear()
    library.load("incoming_call")
    assert not library.problems  # refused once, not read (nor reported) again
