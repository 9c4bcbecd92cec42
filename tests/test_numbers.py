"""What the dialer accepts, and the reasons and messages for what it refuses."""

from __future__ import annotations

import pytest

from desktop.telephony.numbers import NumberError, NumberProblem, display_of, parse
from desktop.ui.number_problems import number_problem_text


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


@pytest.mark.parametrize(("text", "problem", "message"), [
    ("", NumberProblem.EMPTY, "Type a number"),
    ("+7 916 ABC-45-67", NumberProblem.BAD_CHARACTERS, "remove “A” “B” “C”."),
    ("call me", NumberProblem.BAD_CHARACTERS, "remove “c” “a” “l” “m” “e”."),
    ("+7 916", NumberProblem.WRONG_LENGTH, "too few or too many digits"),
    ("sip:bad address@x", NumberProblem.BAD_SIP_ADDRESS, "not a valid SIP address"),
    ("12345678901234567890", NumberProblem.WRONG_LENGTH, "too few or too many digits"),
])
def test_refused_with_a_reason_and_words_for_it(text: str, problem: NumberProblem,
                                                message: str) -> None:
    with pytest.raises(NumberError) as refused:
        parse(text)
    assert refused.value.problem is problem
    assert message in number_problem_text(refused.value)


def test_uri_uses_the_pbx_domain_and_display_is_readable() -> None:
    number = parse("+79161234567")
    assert number.uri("pbx.example.com") == "sip:+79161234567@pbx.example.com"
    assert number.display == "+7 916 123-45-67"
    assert display_of("ivan") == "ivan"
