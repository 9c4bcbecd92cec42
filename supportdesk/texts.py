"""What the desk says: to clients (they use any XMPP client, so it is plain text) in each
language a line may speak, and to specialists in the staff's language (the app shows its own
wording from the elements; these bodies are for other clients). One place, so a deployment
can replace it.

A client hears their line's language first and English alongside: one message with a
`<body>` per language (RFC 6120 xml:lang), so a client shows the one its user reads."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class Said:
    """A text as sent: `body` in `lang`, and the same in other languages alongside."""

    lang: str
    body: str
    other: tuple[tuple[str, str], ...] = ()  # (language, text)

    def all(self) -> tuple[tuple[str, str], ...]:
        return ((self.lang, self.body), *self.other)


@dataclass(frozen=True)
class Text:
    """One thing the desk says to clients, in each language of LANGUAGES."""

    ru: str
    en: str

    def in_(self, lang: str, **params: object) -> Said:
        """In `lang` (a line's language), with English alongside when that is another."""
        first = getattr(self, lang, self.ru).format(**params)
        if lang == "en":
            return Said("en", first)
        return Said(lang, first, (("en", self.en.format(**params)),))


# --- to clients -------------------------------------------------------------------------------
QUEUED = Text("Все специалисты сейчас заняты. Вы {place}-й в очереди, мы ответим как можно "
              "скорее.",
              "All our specialists are busy. You are number {place} in the queue; we will "
              "answer as soon as we can.")
RECEIVED = Text("Ваше обращение №{appeal} получено. Специалист ответит в ближайшее время.",
                "We have your appeal №{appeal}. A specialist will answer shortly.")
ANSWERING = Text("Вам отвечает {name}.", "{name} is answering you.")
# The rule of a text rating (PROTOCOL.md, "Ratings"): one digit, or a digit, a dash, comma,
# colon or "!" and a comment; the request says so, and names what it rates.
THANKS = Text("Спасибо за обращение №{appeal}! Оцените, пожалуйста, нашу работу: ответьте "
              "одной цифрой от 1 до 5 (5 — отлично). Комментарий можно добавить через тире: "
              "«5 — всё решили быстро».",
              "Thank you for your appeal №{appeal}! Please rate our work: reply with one "
              "digit from 1 to 5 (5 is excellent). To add a comment, put it after a dash: "
              "\"5 — solved quickly\".")
THANKS_CALL = Text("Спасибо за звонок (обращение №{appeal})! Оцените, пожалуйста, разговор: "
                   "ответьте одной цифрой от 1 до 5 (5 — отлично). Комментарий можно добавить "
                   "через тире: «5 — всё решили быстро».",
                   "Thank you for your call (appeal №{appeal})! Please rate it: reply with "
                   "one digit from 1 to 5 (5 is excellent). To add a comment, put it after a "
                   "dash: \"5 — solved quickly\".")
RATED = Text("Спасибо за оценку обращения №{appeal}!",
             "Thank you for rating appeal №{appeal}!")
LINE_QUEUE = Text("В очереди: {n}", "In the queue: {n}")  # a line's presence status
RATING_TITLE = Text("Оценка обращения №{appeal}", "Rating of appeal №{appeal}")
RATING_LABEL = Text("Оценка (5 — отлично)", "Rating (5 is excellent)")
COMMENT_LABEL = Text("Комментарий", "Comment")
# … when the desk refuses a client's stanza (the error's text):
NO_LINE = Text("Здесь нет линии «{line}».", "There is no line '{line}' here.")
NOT_CONNECTED = Text("Линия «{line}» для вас не подключена: обратитесь к администратору вашей "
                     "организации.",
                     "The line '{line}' is not connected for you; ask your organisation's "
                     "administrator.")
TOO_MANY = Text("Слишком много сообщений подряд: это сообщение не доставлено. Отправьте его "
                "снова через {seconds} с.",
                "Too many messages at once: this one was not delivered. Send it again in "
                "{seconds} s.")
TOO_LONG = Text("Сообщение длиннее {limit} символов не доставлено: разделите его на части.",
                "A message over {limit} characters was not delivered: split it into parts.")
NOTHING_TO_RATE = Text("Нет завершённого обращения, которое можно оценить.",
                       "There is no finished appeal to rate.")
NOT_KEPT = Text("Сообщение не сохранено: сервис поддержки сейчас перегружен. Отправьте его "
                "снова через минуту.",
                "Your message was not kept: the support service is overloaded just now. Send "
                "it again in a minute.")
# … when an appeal goes to the partner who connected the client (handovers.py):
RETURNED = Text("Вашим вопросом займётся первая линия поддержки {partner}: «{line}» ({address}). "
                "Нашу переписку они получили и ответят вам оттуда. Обращение №{appeal} здесь "
                "завершено.",
                "The first line of {partner}, '{line}' ({address}), takes your question on. "
                "They have our conversation and will answer you from there. Appeal №{appeal} "
                "is closed here.")
CONTINUED = Text("Продолжаем ваше обращение к «{vendor_line}» ({vendor}, №{theirs}) здесь: "
                 "обращение №{appeal} на линии «{line}». Переписку мы получили, повторять "
                 "ничего не нужно.",
                 "We continue your appeal to '{vendor_line}' ({vendor}, №{theirs}) here, as "
                 "appeal №{appeal} on the line '{line}'. We have the conversation: there is "
                 "no need to repeat anything.")
CALL_BACK = Text("Все заняты: мы вам перезвоним", "Nobody free: we will call you back")

# --- to specialists (bodies for clients other than Deskline) ----------------------------------
OFFER = "Новое обращение №{appeal} на линию «{line}» от {client}:\n{text}"
CALL_OFFER = "Звонок на линию «{line}» от {client} (обращение №{appeal})"
HANDED_OVER = "Обращение №{appeal} передано вам ({by}). Переписка:\n{history}"
TAKEN = "Обращение №{appeal} взято вами из очереди. Переписка:\n{history}"
INVITED = "{by} приглашает вас в обращение №{appeal}. Переписка:\n{history}"
JOINED = "Вы участвуете в обращении №{appeal}. Переписка:\n{history}"
RECEIVED_NOTE = ("Возвращено от {vendor} (линия «{line}», обращение №{theirs}, специалист "
                 "{specialist}).")
RECEIVED_LEFT_OUT = " Ранние сообщения не переданы: {left_out}."
RECEIVED_NOTE_TEXT = " Заметка: {note}"
