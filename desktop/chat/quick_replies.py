"""Quick replies: the support desk's stock phrases, addressing the client by name and
patronymic. Placeholders: {first_name}, {patronymic}, {name} (both), {my_name}."""

from __future__ import annotations

import json
import re

from desktop.bus import ContactInfo
from desktop.settings import Settings
from desktop.values import Profile

DEFAULTS = (
    "Здравствуйте, {name}! Меня зовут {my_name}, чем могу помочь?",
    "{name}, ваше обращение принято, я отвечу в течение нескольких минут.",
    "Могу ли я вам ещё чем-нибудь помочь?",
    "Спасибо за обращение, {name}! Всего доброго.",
)
_FIELD = re.compile(r"\{(first_name|patronymic|name|my_name)\}")


def templates(settings: Settings) -> list[str]:
    stored = settings.get_str("chat.quick_replies")
    if not stored:
        return list(DEFAULTS)
    try:
        value = json.loads(stored)
    except ValueError:
        return list(DEFAULTS)
    return [str(t) for t in value] if isinstance(value, list) else list(DEFAULTS)


def save_templates(settings: Settings, items: list[str]) -> None:
    items = [t.strip() for t in items if t.strip()]
    settings.set("chat.quick_replies", "" if items == list(DEFAULTS)
                 else json.dumps(items, ensure_ascii=False))


def names_of(contact: ContactInfo | None) -> tuple[str, str]:
    """First name and patronymic: from the vCard, else from "Last First Patronymic"."""
    if contact is None:
        return "", ""
    if contact.profile and contact.profile.first_name:
        return contact.profile.first_name, contact.profile.patronymic
    words = contact.name.split()
    if len(words) == 3:
        return words[1], words[2]
    return (words[0] if words else ""), ""


def render(template: str, contact: ContactInfo | None, me: Profile) -> str:
    first, patronymic = names_of(contact)
    values = {"first_name": first, "patronymic": patronymic,
              "name": " ".join(p for p in (first, patronymic) if p),
              "my_name": me.first_name or me.full_name}
    text = _FIELD.sub(lambda m: values[m.group(1)], template)
    # Tidy what an empty name leaves behind: "Здравствуйте, !" and ", ваше обращение".
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r",\s*([!?.])", r"\1", text)
    text = re.sub(r"\s+([,!?.])", r"\1", text)
    text = re.sub(r"^[\s,]+", "", text).strip()
    return text[:1].upper() + text[1:]
