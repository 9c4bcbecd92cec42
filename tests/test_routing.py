"""Who gets an appeal (supportdesk/routing.py): our own logic on a fake clock."""

from __future__ import annotations

from supportdesk.routing import (
    Availability,
    LineRules,
    Missed,
    Offered,
    Queued,
    Router,
)

FREE, BUSY, AWAY, OFFLINE = (Availability.FREE, Availability.BUSY, Availability.AWAY,
                             Availability.OFFLINE)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def desk(capacity: int = 2, accept_s: float = 300.0) -> tuple[Router, Clock]:
    clock = Clock()
    router = Router({"support": LineRules(("anna", "boris", "vera"), capacity, accept_s)},
                    clock)
    return router, clock


def test_busy_for_new_and_away_take_nothing_new() -> None:
    router, _ = desk()
    router.presence_changed("anna", BUSY)
    router.presence_changed("boris", AWAY)
    router.presence_changed("vera", FREE)
    assert router.arrived(1, "support") == [Offered(1, "support", "vera")]


def test_fewest_open_then_longest_since_the_last_offer() -> None:
    router, clock = desk()
    for member in ("anna", "boris", "vera"):
        router.presence_changed(member, FREE)
    first = router.arrived(1, "support")[0]
    assert isinstance(first, Offered)
    clock.now += 1
    second = router.arrived(2, "support")[0]
    clock.now += 1
    third = router.arrived(3, "support")[0]
    assert isinstance(second, Offered)
    assert isinstance(third, Offered)
    assert len({first.to, second.to, third.to}) == 3  # one each before anyone gets two
    router.finished(2)
    assert router.arrived(4, "support") == [Offered(4, "support", second.to)]


def test_capacity_full_means_the_queue_and_the_client_hears_its_place() -> None:
    router, _ = desk(capacity=1)
    router.presence_changed("anna", FREE)
    assert router.arrived(1, "support") == [Offered(1, "support", "anna")]
    router.accepted(1, "anna")
    assert router.arrived(2, "support") == [Queued(2, "support", 1)]
    assert router.arrived(3, "support") == [Queued(3, "support", 2)]
    assert router.place(3) == 2
    # anna finishes: the oldest waiting goes to her, the other is told its new place.
    assert router.finished(1) == [Offered(2, "support", "anna"), Queued(3, "support", 1)]


def test_an_offer_not_accepted_in_time_is_missed_and_goes_to_the_next() -> None:
    router, clock = desk(accept_s=300)
    router.presence_changed("anna", FREE)
    router.presence_changed("boris", FREE)
    offer = router.arrived(1, "support")[0]
    assert isinstance(offer, Offered)
    clock.now += 299
    assert router.tick() == []
    clock.now += 1
    missed, again = router.tick()
    assert missed == Missed(1, offer.to)
    assert isinstance(again, Offered)
    assert again.to != offer.to


def test_a_specialist_going_offline_hands_back_the_offer_at_once() -> None:
    router, _ = desk()
    router.presence_changed("anna", FREE)
    assert router.arrived(1, "support") == [Offered(1, "support", "anna")]
    router.presence_changed("boris", FREE)
    assert router.presence_changed("anna", OFFLINE) == [
        Missed(1, "anna"), Offered(1, "support", "boris")]


def test_someone_becoming_free_takes_the_queue_the_moment_it_happens() -> None:
    router, _ = desk()
    router.presence_changed("anna", BUSY)
    assert router.arrived(1, "support") == [Queued(1, "support", 1)]
    assert router.presence_changed("anna", FREE) == [Offered(1, "support", "anna")]


def test_a_decline_goes_to_someone_else() -> None:
    router, _ = desk()
    router.presence_changed("anna", FREE)
    router.presence_changed("boris", FREE)
    offer = router.arrived(1, "support")[0]
    assert isinstance(offer, Offered)
    other = router.declined(1, offer.to)
    assert len(other) == 1
    assert isinstance(other[0], Offered)
    assert other[0].to != offer.to


def test_a_declined_appeal_goes_to_someone_else_or_waits_not_back_to_the_decliner() -> None:
    router, clock = desk(accept_s=60)
    router.presence_changed("anna", FREE)
    assert router.arrived(1, "support") == [Offered(1, "support", "anna")]
    assert router.declined(1, "anna") == [Queued(1, "support", 1)]  # nobody else is there
    assert router.arrived(2, "support") == [Offered(2, "support", "anna")]  # not held up
    router.accepted(2, "anna")
    clock.now += 30
    assert router.presence_changed("boris", FREE) == [Offered(1, "support", "boris")]
    assert router.declined(1, "boris") == [Queued(1, "support", 1)]
    clock.now += 31  # anna's refusal is a minute old: she may be offered it again
    assert router.tick() == [Offered(1, "support", "anna")]


def test_going_away_hands_back_the_offer_and_busy_for_new_keeps_it() -> None:
    router, _ = desk()
    router.presence_changed("anna", FREE)
    router.presence_changed("boris", FREE)
    offer = router.arrived(1, "support")[0]
    assert isinstance(offer, Offered)
    other = "boris" if offer.to == "anna" else "anna"
    assert router.presence_changed(offer.to, BUSY) == []  # still theirs to accept
    assert router.presence_changed(offer.to, AWAY) == [Missed(1, offer.to),
                                                        Offered(1, "support", other)]
