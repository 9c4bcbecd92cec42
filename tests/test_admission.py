"""Which INVITEs may ring (desktop/telephony/admission.py): our own logic, no network."""

from __future__ import annotations

from desktop.telephony.admission import Admission, Refusal


def door() -> Admission:
    return Admission(pbx={("127.0.0.1", 5060)}, token="c0ffee")


def test_a_call_from_the_pbx_to_our_contact_rings() -> None:
    assert door().judge("127.0.0.1:5060",
                        "INVITE sip:anna@127.0.0.1:40000;ob;dl=c0ffee SIP/2.0") is None


def test_a_stranger_is_refused_whatever_it_sends() -> None:
    admission = door()
    line = "INVITE sip:anna@127.0.0.1:40000;dl=c0ffee SIP/2.0"
    assert admission.judge("127.0.0.1:5999", line) is Refusal.STRANGER
    assert admission.judge("10.0.0.7:5060", line) is Refusal.STRANGER


def test_the_pbx_address_without_our_contact_is_a_forgery() -> None:
    admission = door()
    for line in ("INVITE sip:anna@127.0.0.1:40000 SIP/2.0",
                 "INVITE sip:anna@127.0.0.1:40000;dl=c0ffe SIP/2.0",
                 "INVITE sip:anna@127.0.0.1:40000;dl=c0ffee;x SIP/2.0 extra",
                 "garbage", ""):
        assert admission.judge("127.0.0.1:5060", line) is Refusal.UNKNOWN_CONTACT, line
    assert admission.take_report() == {Refusal.UNKNOWN_CONTACT: 5}
    assert admission.take_report() == {}


def test_each_run_has_its_own_token() -> None:
    assert Admission().token != Admission().token
    assert Admission(token="ab").contact_params == ";dl=ab"
