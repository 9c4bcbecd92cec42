"""The demo people of the local lab: one specialist, two colleagues, three clients; and the
vendor's two specialists (the lab's second company, desktop/lab/companies.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Phone:
    kind: str  # "mobile" | "work"
    number: str  # E.164; the lab PBX routes it to the person's SIP account


@dataclass(frozen=True)
class DemoPerson:
    username: str  # the same name on the PBX and on the chat server
    role: str  # "specialist" | "colleague" | "client"
    first_name: str
    patronymic: str
    last_name: str
    position: str
    company: str
    email: str
    phones: tuple[Phone, ...] = field(default_factory=tuple)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


COMPANY = "ООО «Сервис-Партнёр»"  # the partner: it connects clients to the vendor's product
VENDOR = "Deskline"  # the vendor: the makers, whose line stands behind the partner's

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("anna", "specialist", "Анна", "Сергеевна", "Петрова",
               "Специалист поддержки", COMPANY, "anna@deskline.example",
               (Phone("work", "+74950000101"),)),
    DemoPerson("boris", "colleague", "Борис", "Андреевич", "Иванов",
               "Старший специалист поддержки", COMPANY, "boris@deskline.example",
               (Phone("work", "+74950000102"),)),
    DemoPerson("vera", "colleague", "Вера", "Николаевна", "Смирнова",
               "Руководитель группы поддержки", COMPANY, "vera@deskline.example",
               (Phone("work", "+74950000103"),)),
    DemoPerson("ivan", "client", "Иван", "Петрович", "Сидоров",
               "Директор", "ООО «Ромашка»", "sidorov@romashka.example",
               (Phone("mobile", "+79161234567"), Phone("work", "+74951112233"))),
    DemoPerson("maria", "client", "Мария", "Александровна", "Кузнецова",
               "Главный бухгалтер", "АО «Северный ветер»", "kuznetsova@sever.example",
               (Phone("mobile", "+79035556677"),)),
    DemoPerson("oleg", "client", "Олег", "Викторович", "Морозов",
               "Инженер", "ИП Морозов О. В.", "morozov@mail.example",
               (Phone("mobile", "+79267778899"),)),
)


VENDOR_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("elena", "specialist", "Елена", "Игоревна", "Орлова",
               "Специалист поддержки вендора", VENDOR, "orlova@vendor.example",
               (Phone("work", "+74950000301"),)),
    DemoPerson("gleb", "colleague", "Глеб", "Олегович", "Зайцев",
               "Руководитель поддержки вендора", VENDOR, "zaitsev@vendor.example",
               (Phone("work", "+74950000302"),)),
)


def person(username: str) -> DemoPerson:
    for p in (*PEOPLE, *VENDOR_PEOPLE):
        if p.username == username:
            return p
    raise KeyError(username)
