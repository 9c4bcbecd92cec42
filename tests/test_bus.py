"""The bus and the one way back to the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from desktop.bus import Bus, ChatLinkChanged, LinkProblem, LinkState
from desktop.gui_thread import GuiThread, assert_gui_thread, is_gui_thread


def test_emit_from_a_worker_thread_arrives_in_the_gui_thread(qtbot: QtBot) -> None:
    bus = Bus()
    received: list[tuple[ChatLinkChanged, bool]] = []

    def on_link(event: ChatLinkChanged) -> None:
        received.append((event, is_gui_thread()))

    bus.chat_link.connect(on_link)
    event = ChatLinkChanged(LinkState.ONLINE, "anna@deskline.lab")
    worker = threading.Thread(target=bus.chat_link.emit, args=(event,))
    with qtbot.waitSignal(bus.chat_link, timeout=2000):
        worker.start()
        worker.join()
        assert received == []  # queued: not delivered in the worker's thread
    assert received == [(event, True)]


def test_gui_thread_call_runs_in_order_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = GuiThread()
    seen: list[tuple[int, QThread]] = []
    done = threading.Event()

    def work() -> None:
        for i in range(100):
            gui.call(lambda n: seen.append((n, QThread.currentThread())), i)
        done.set()

    threading.Thread(target=work).start()
    qtbot.waitUntil(lambda: len(seen) == 100, timeout=2000)
    assert [n for n, _ in seen] == list(range(100))
    assert all(t is gui.thread() for _, t in seen)


def test_assert_gui_thread_fails_off_the_gui_thread(qtbot: QtBot) -> None:
    assert_gui_thread()
    errors: list[BaseException] = []

    def off_thread() -> None:
        try:
            assert_gui_thread()
        except AssertionError as exc:
            errors.append(exc)

    worker = threading.Thread(target=off_thread)
    worker.start()
    worker.join()
    assert len(errors) == 1
    with pytest.raises(AssertionError):
        raise errors[0]


def test_payloads_are_frozen() -> None:
    event = ChatLinkChanged(LinkState.FAILED, "a@b", LinkProblem.WRONG_PASSWORD)
    with pytest.raises(AttributeError):
        event.state = LinkState.ONLINE  # type: ignore[misc]
