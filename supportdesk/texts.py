"""What the desk says to clients (they use any XMPP client, so it is plain text), in the
lab's language. One place, so a deployment can replace it."""

from __future__ import annotations

QUEUED = "Все специалисты сейчас заняты. Вы {place}-й в очереди, мы ответим как можно скорее."
THANKS = ("Спасибо за обращение! Оцените, пожалуйста, нашу работу от 1 до 5 "
          "(можно добавить комментарий).")
RATED = "Спасибо за оценку!"
RECEIVED = "Ваше обращение №{appeal} получено. Специалист ответит в ближайшее время."
ANSWERING = "Вам отвечает {name}."
LINE_QUEUE = "В очереди: {n}"  # a line's presence status while appeals wait
OFFER = "Новое обращение №{appeal} на линию «{line}» от {client}:\n{text}"
CALL_OFFER = "Звонок на линию «{line}» от {client} (обращение №{appeal})"
HANDED_OVER = "Обращение №{appeal} передано вам ({by}). Переписка:\n{history}"
TAKEN = "Обращение №{appeal} взято вами из очереди. Переписка:\n{history}"
INVITED = "{by} приглашает вас в обращение №{appeal}. Переписка:\n{history}"
JOINED = "Вы участвуете в обращении №{appeal}. Переписка:\n{history}"
RATING_TITLE = "Оценка обращения"
RATING_LABEL = "Оценка (5 — отлично)"
COMMENT_LABEL = "Комментарий"
