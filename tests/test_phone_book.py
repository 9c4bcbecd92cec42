"""Who is calling, when anyone can publish any number on their own card."""

from __future__ import annotations

from desktop.bus import ContactInfo, Status
from desktop.chat.phone_book import PhoneBook
from desktop.values import PhoneNumber, Profile


def person(user: str, name: str, number: str, group: str = "Клиенты") -> ContactInfo:
    card = Profile(first_name=name, phones=(PhoneNumber("mobile", number),))
    return ContactInfo(f"{user}@deskline.lab", name, Status.ONLINE, groups=(group,),
                       profile=card)


def test_a_number_on_one_card_names_its_owner() -> None:
    ivan = person("ivan", "Иван", "+7 916 123-45-67")
    book = PhoneBook({ivan.jid: ivan}, "Коллеги")
    assert book.find("+79161234567") == ivan
    assert book.find("89161234567") == ivan


def test_a_number_two_clients_claim_names_nobody() -> None:
    ivan = person("ivan", "Иван", "+79161234567")
    oleg = person("oleg", "Олег", "+79161234567")  # his own card claims ivan's number
    book = PhoneBook({c.jid: c for c in (ivan, oleg)}, "Коллеги")
    assert book.find("+79161234567") is None  # ambiguous: the number is shown instead


def test_a_colleagues_number_outranks_a_clients_claim() -> None:
    boris = person("boris", "Борис", "+74950000102", group="Коллеги")
    maria = person("maria", "Мария", "+74950000102")
    book = PhoneBook({c.jid: c for c in (maria, boris)}, "Коллеги")
    assert book.find("+74950000102") == boris
    book.trusted_group = ""  # no company directory: nobody wins
    book.forget()
    assert book.find("+74950000102") is None


def test_a_sip_user_is_the_chat_user() -> None:
    ivan = person("ivan", "Иван", "+79161234567")
    assert PhoneBook({ivan.jid: ivan}).find("sip:ivan@pbx.example") == ivan
