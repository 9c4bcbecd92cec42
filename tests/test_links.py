"""Phone links from other apps (desktop/links.py): what each asks to call, checked then
like a typed number; a SIP address elsewhere is refused (it would bypass the PBX)."""

from __future__ import annotations

import pytest

from desktop.links import is_link, number_of
from desktop.telephony.numbers import NumberError, NumberProblem, parse

PBX = "pbx.example.com"


@pytest.mark.parametrize(("link", "number"), [
    ("tel:+7-916-123-45-67", "+79161234567"),
    ("tel:+7(916)123.45.67", "+79161234567"),
    ("tel:%2B7%20916%201234567", "+79161234567"),  # as a browser escapes it
    ("tel:1234567;phone-context=+7-916", "+79161234567"),  # a local number in its context
    ("tel:101;phone-context=pbx.example.com", "101"),  # a domain context: as it is
    ("TEL:+79161234567;ext=12", "+79161234567"),
    ("callto://+79161234567", "+79161234567"),
    ("sip:+79161234567@pbx.example.com;user=phone", "+79161234567"),
    ("sip:101@PBX.example.com:5060", "101"),
    ("+7 916 123-45-67", "+7 916 123-45-67"),  # not a link: given to the dialer as typed
])
def test_a_link_gives_the_number_to_call(link: str, number: str) -> None:
    assert number_of(link, PBX) == number


@pytest.mark.parametrize("link", ["sip:boss@evil.example.org", "sip:101@pbx.example.com.evil",
                                  "sips:+79161234567@10.0.0.1", "sip:nobody"])
def test_a_sip_address_elsewhere_is_refused(link: str) -> None:
    with pytest.raises(NumberError) as refused:
        number_of(link, PBX)
    assert refused.value.problem is NumberProblem.ELSEWHERE


def test_letters_in_a_links_number_are_refused_as_typed_ones() -> None:
    number = number_of("tel:+7916CALLME", PBX)
    with pytest.raises(NumberError) as refused:
        parse(number)
    assert refused.value.problem is NumberProblem.BAD_CHARACTERS


def test_what_counts_as_a_link() -> None:
    assert is_link("tel:+7")
    assert is_link("SIP:a@b")
    assert is_link("callto:x")
    assert not is_link("+79161234567")
    assert not is_link("http://x")
    assert not is_link("call")
