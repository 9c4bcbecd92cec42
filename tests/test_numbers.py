"""What the dialer accepts, and the messages for what it refuses."""

from __future__ import annotations

import pytest

from desktop.telephony.numbers import NumberError, display_of, parse


@pytest.mark.parametrize(("text", "target"), [
    ("+7 (916) 123-45-67", "+79161234567"),
    ("8 916 123 45 67", "+79161234567"),
    ("89161234567", "+79161234567"),
    ("+44 20 7946 0958", "+442079460958"),
    ("101", "101"),
    ("*97", "*97"),
    ("sip:vera@127.0.0.1", "sip:vera@127.0.0.1"),
])
def test_accepted(text: str, target: str) -> None:
    assert parse(text).target == target


@pytest.mark.parametrize(("text", "message"), [
    ("", "Type a number"),
    ("+7 916 ABC-45-67", "remove 'A' 'B' 'C'"),
    ("call me", "remove"),
    ("+7 916", "too few or too many digits"),
    ("sip:bad address@x", "not a valid SIP address"),
    ("12345678901234567890", "too few or too many digits"),
])
def test_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(NumberError, match=message):
        parse(text)


def test_uri_uses_the_pbx_domain_and_display_is_readable() -> None:
    number = parse("+79161234567")
    assert number.uri("pbx.example.com") == "sip:+79161234567@pbx.example.com"
    assert number.display == "+7 916 123-45-67"
    assert display_of("ivan") == "ivan"
