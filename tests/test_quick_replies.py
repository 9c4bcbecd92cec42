"""Quick replies fill in the client's first name and patronymic (unit tests of our logic)."""

from __future__ import annotations

from desktop.bus import ContactInfo, Status
from desktop.chat.quick_replies import DEFAULTS, render, save_templates, templates
from desktop.settings import Settings
from desktop.values import Profile

ME = Profile(first_name="Анна", last_name="Петрова")


def test_from_the_vcard() -> None:
    ivan = ContactInfo("ivan@x", "Ivan S.", Status.ONLINE,
                       profile=Profile(first_name="Иван", patronymic="Петрович"))
    assert render(DEFAULTS[0], ivan, ME) == ("Здравствуйте, Иван Петрович! Меня зовут Анна, "
                                             "чем могу помочь?")


def test_from_a_three_part_name_and_without_a_patronymic() -> None:
    maria = ContactInfo("m@x", "Кузнецова Мария Александровна", Status.ONLINE)
    assert render(DEFAULTS[3], maria, ME) == ("Спасибо за обращение, Мария Александровна! "
                                              "Всего доброго.")
    john = ContactInfo("j@x", "John", Status.ONLINE, profile=Profile(first_name="John"))
    assert render(DEFAULTS[1], john, ME).startswith("John, ваше обращение принято")
    assert render("Здравствуйте, {name}!", None, ME) == "Здравствуйте!"


def test_templates_are_editable_and_kept() -> None:
    settings = Settings(None)
    assert templates(settings) == list(DEFAULTS)
    save_templates(settings, ["Добрый день, {first_name}!", "  ", "Минуту, пожалуйста."])
    assert templates(settings) == ["Добрый день, {first_name}!", "Минуту, пожалуйста."]


def test_the_settings_page_edits_the_templates(qtbot: object) -> None:
    from desktop.ui.quick_replies_page import QuickRepliesPage  # noqa: PLC0415 - needs qapp

    settings = Settings(None)
    page = QuickRepliesPage(settings)
    assert page.edit.toPlainText().split("\n\n") == list(DEFAULTS)
    page.edit.setPlainText("Добрый день, {name}!\n\nОдну минуту,\nпроверяю.\n\n\n")
    page.save()
    assert templates(settings) == ["Добрый день, {name}!", "Одну минуту, проверяю."]
