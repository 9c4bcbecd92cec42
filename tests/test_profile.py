"""The profile and its photo: edited, cropped and published by one client, seen by another;
images that must not be used are refused with a message."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from slixmpp import JID, ClientXMPP

from desktop.chat.photo import PhotoError, load_photo
from desktop.lab.lab import Lab, LabInfo
from desktop.lab.process import free_port
from desktop.store import Store
from desktop.ui.contacts import ICON, ContactsPanel
from desktop.ui.profile_dialog import ProfileDialog
from desktop.values import PhoneNumber, Profile
from tests.apps import answer_file_dialog, card_loaded, close_app, make_app
from tests.peers.xmpp_peer import XmppPeer
from tests.test_chat import Side


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb(path: Path, side: int = 60000) -> Path:
    """A 200-byte PNG that claims to be 60000 × 60000 pixels (3.6 gigapixels)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
                     + png_chunk(b"IEND", b""))
    return path


@pytest.fixture
def own_lab(tmp_path: Path) -> Iterator[LabInfo]:
    """A lab of its own: publishing changes anna's card, which other tests read."""
    with Lab(tmp_path / "lab", free_port(), free_port()) as info:
        yield info


def test_profile_and_cropped_photo_reach_a_colleague(qtbot: QtBot, own_lab: LabInfo,
                                                     tmp_path: Path) -> None:
    anna, vera = Side(own_lab, Store(":memory:")), Side(own_lab, Store(":memory:"), "vera")
    anna.sign_in(qtbot)
    vera.sign_in(qtbot)
    try:
        qtbot.waitUntil(lambda: bool(anna.session.profile.first_name), timeout=5000)
        photo = QImage(800, 600, QImage.Format.Format_RGB32)
        photo.fill(QColor("#2060c0"))
        photo.save(str(tmp_path / "me.png"))
        dialog = ProfileDialog(anna.session)
        qtbot.addWidget(dialog)
        # "Choose photo…" pressed, the file picked in the dialog as a person does it; it
        # opened in Pictures (or home), not the folder the program was started in.
        pictures = tmp_path / "Картинки"  # (as xdg-user-dirs names it in Russian)
        pictures.mkdir()
        (Path(os.environ["XDG_CONFIG_HOME"]) / "user-dirs.dirs").write_text(
            f'XDG_PICTURES_DIR="{pictures}"\n')
        opened_in: list[str] = []
        answer_file_dialog(qtbot, tmp_path / "me.png", opened_in=opened_in)
        qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
        assert opened_in == [str(pictures)]
        assert dialog.crop.isVisibleTo(dialog), dialog.message.text()  # the photo is in
        dialog.crop.set_side_percent(50)  # a 300 px square out of 800 × 600
        dialog.fields["position"].setText("Ведущий специалист поддержки")
        dialog.fields["email"].setText("anna.petrova@support.romashka-holding.ru")
        dialog.show()
        qtbot.waitExposed(dialog)
        for key in ("position", "email"):  # shown whole, not clipped
            field = dialog.fields[key]
            field.setCursorPosition(0)
            assert field.fontMetrics().horizontalAdvance(field.text()) < \
                field.contentsRect().width() - 8, key
        dialog.fields["mobile"].setText("+79990001122")
        with qtbot.waitSignal(anna.session.profile_published, timeout=10000) as published:
            dialog.save()
        assert published.args == [None]
        anna_jid = f"anna@{own_lab.domain}"

        def vera_sees() -> bool:
            card = vera.session.contacts.get(anna_jid)
            return bool(card and card.profile and card.profile.photo
                        and card.profile.position == "Ведущий специалист поддержки")

        qtbot.waitUntil(vera_sees, timeout=10000)
        card = vera.session.contacts[anna_jid].profile
        assert card is not None
        seen = QImage.fromData(card.photo)
        assert (seen.width(), seen.height()) == (256, 256)  # square, scaled
        assert seen.pixelColor(128, 128) == QColor("#2060c0")
        assert [p.number for p in card.phones if p.kind == "mobile"] == ["+79990001122"]
        assert card.email == "anna.petrova@support.romashka-holding.ru"
        assert anna.session.profile.photo == card.photo  # and our own header shows it
        panel = ContactsPanel(vera.session, vera.chats, vera.bus)  # vera's contact list
        qtbot.addWidget(panel)
        panel.refresh()
        row = next(panel.list.item(i) for i in range(panel.list.count())
                   if panel.list.item(i).data(Qt.ItemDataRole.UserRole) == anna_jid)
        shown = row.icon().pixmap(ICON, ICON).toImage()
        assert shown.pixelColor(ICON // 2, ICON // 2) == QColor("#2060c0")  # her photo
    finally:
        anna.session.sign_out()
        vera.session.sign_out()


def test_images_that_must_not_be_used_are_refused(qtbot: QtBot, tmp_path: Path) -> None:
    big = QImage(8000, 5000, QImage.Format.Format_RGB32)  # 40 megapixels
    big.fill(QColor("white"))
    big.save(str(tmp_path / "camera.png"))
    del big
    (tmp_path / "notes.png").write_text("not a picture at all")
    small = QImage(300, 200, QImage.Format.Format_RGB32)
    small.fill(QColor("red"))
    small.save(str(tmp_path / "whole.png"))
    (tmp_path / "broken.png").write_bytes((tmp_path / "whole.png").read_bytes()[:60])
    cases = {"camera.png": "megapixels", "notes.png": "not an image",
             bomb(tmp_path / "bomb.png").name: "megapixels", "broken.png": "cannot be read"}
    for name, message in cases.items():
        with pytest.raises(PhotoError, match=message):
            load_photo(tmp_path / name)


VCARD4 = "{urn:ietf:params:xml:ns:vcard-4.0}"
# RFC 6350 §6.4.1 (TEL) and §5.6 (TYPE): the values a vCard4 reader may expect.
TYPES = {"work", "home", "text", "voice", "fax", "cell", "video", "pager", "textphone"}


async def _vcard4_of(lab: LabInfo, user: str) -> ET.Element:
    """The user's card as Prosody's vCard4 mirror keeps it (XEP-0292, PEP node)."""
    client = ClientXMPP(f"vera@{lab.domain}", lab.passwords["vera"])
    client.ca_certs = Path(lab.ca_file)
    client.enable_plaintext = False
    client.register_plugin("xep_0060")
    got: asyncio.Future[ET.Element] = asyncio.get_running_loop().create_future()

    async def started(_event: object) -> None:
        items = await client.plugin["xep_0060"].get_items(
            JID(f"{user}@{lab.domain}"), "urn:xmpp:vcard4", timeout=5)
        got.set_result(items.xml)

    client.add_event_handler("session_start", started)
    client.connect("127.0.0.1", lab.xmpp_port)
    try:
        return await asyncio.wait_for(got, 15)
    finally:
        await client.disconnect(wait=1)


def test_our_card_reads_back_through_vcard4_with_valid_types(qtbot: QtBot, own_lab: LabInfo
                                                             ) -> None:
    """EMAIL with only INTERNET and TEL with only CELL became an empty <type/> in Prosody's
    vCard4 mirror; Gajim rejects that and, saving its own card, drops the e-mail and mobile."""
    anna = Side(own_lab, Store(":memory:"))
    anna.sign_in(qtbot)
    try:
        qtbot.waitUntil(lambda: bool(anna.session.profile.first_name), timeout=5000)
        card = dataclasses.replace(anna.session.profile, email="anna@romashka.example",
                                   phones=(PhoneNumber("mobile", "+79161110000"),
                                           PhoneNumber("work", "+74950000101")))
        with qtbot.waitSignal(anna.session.profile_published, timeout=10000) as published:
            anna.session.publish_profile(card)
        assert published.args == [None]
    finally:
        anna.session.sign_out()
    vcard = asyncio.run(_vcard4_of(own_lab, "anna"))
    types = list(vcard.iter(f"{VCARD4}type"))
    assert types  # the e-mail and both numbers carry a type
    for element in types:
        values = [t.text for t in element.iter(f"{VCARD4}text")]
        assert values, "an empty <type/>"
        assert set(values) <= TYPES, values
    emails = [e.findtext(f"{VCARD4}text") for e in vcard.iter(f"{VCARD4}email")]
    assert emails == ["anna@romashka.example"]
    tels = [t.findtext(f"{VCARD4}uri") for t in vcard.iter(f"{VCARD4}tel")]
    assert tels == ["tel:+79161110000", "tel:+74950000101"]


def test_a_photo_published_the_xep_0084_way_shows_without_a_presence_change(
        qtbot: QtBot, own_lab: LabInfo, tmp_path: Path) -> None:
    """Gajim publishes avatars as XEP-0084 data and metadata and sends no new presence hash:
    the card's photo must follow the metadata notification (it followed presence only)."""
    anna = Side(own_lab, Store(":memory:"))
    anna.sign_in(qtbot)
    ivan_jid = f"ivan@{own_lab.domain}"
    try:
        with XmppPeer(own_lab, "ivan") as ivan:
            qtbot.waitUntil(lambda: bool(anna.session.contacts.get(ivan_jid)
                                         and anna.session.contacts[ivan_jid].profile),
                            timeout=10000)
            profile = anna.session.contacts[ivan_jid].profile
            assert profile is not None
            assert not profile.photo
            photo = QImage(64, 64, QImage.Format.Format_RGB32)
            photo.fill(QColor("#c03020"))
            photo.save(str(tmp_path / "ivan.png"))
            ivan.publish_avatar((tmp_path / "ivan.png").read_bytes())

            def has_photo() -> bool:
                card = anna.session.contacts[ivan_jid].profile
                return bool(card and card.photo)

            qtbot.waitUntil(has_photo, timeout=10000)
    finally:
        anna.session.sign_out()


def test_markup_in_a_clients_card_number_stays_text_in_the_dialer(
        qtbot: QtBot, qapp: QApplication, own_lab: LabInfo, tmp_path: Path) -> None:
    """A client's own card may carry anything as a number; one click on it and Enter must
    not render his markup (styles, images from files) in the dialer's message."""
    hostile = 'sip:<b style="color:red">SAFE-CALL</b><img src="file:///etc/hostname">'
    with XmppPeer(own_lab, "ivan") as ivan:
        ivan.publish_card(Profile(first_name="Иван", last_name="Сидоров",
                                  phones=(PhoneNumber("mobile", hostile),)))
    app = make_app(qapp, own_lab, tmp_path / "app")
    try:
        ivan_jid = f"ivan@{own_lab.domain}"
        card_loaded(qtbot, app, ivan_jid)
        app.window.open_chat(ivan_jid)
        [number] = [b for b in app.window.curtain.phone_buttons
                    if b.objectName().startswith("cardPhone")]
        qtbot.mouseClick(number, Qt.MouseButton.LeftButton)
        dialer = app.window.dialer
        assert dialer.number.text() == hostile
        qtbot.keyClick(dialer.number, Qt.Key.Key_Return)
        assert dialer.message.isVisible()
        assert hostile in dialer.message.text()  # "… is not a valid SIP address"
        assert QtGui.Qt.mightBeRichText(dialer.message.text())  # markup a label could render…
        assert dialer.message.textFormat() is Qt.TextFormat.PlainText  # …shown as text
    finally:
        close_app(app)
