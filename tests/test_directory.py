"""The short memory of consultations: fast repeat lookups, changes seen after the TTL."""

from __future__ import annotations

from tests.conftest import make_consultation
from voices.respond.directory import ConsultationDirectory


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_remembers_for_the_ttl_then_reads_again(session):
    consultation = make_consultation(session, "TQ4RTX")
    clock = Clock()
    directory = ConsultationDirectory(ttl=5, clock=clock)
    first, organisation = directory.lookup(session, "TQ4RTX")
    assert first.id == consultation.id and organisation.name == "Test Council"

    consultation.title = "Renamed by staff"
    session.add(consultation)
    session.commit()
    assert directory.lookup(session, "TQ4RTX")[0].title == "Every kind of question"
    clock.now += 5.1
    assert directory.lookup(session, "TQ4RTX")[0].title == "Renamed by staff"


def test_unknown_codes_are_not_remembered(session):
    directory = ConsultationDirectory(ttl=60, clock=Clock())
    assert directory.lookup(session, "KMWX47") is None
    make_consultation(session, "KMWX47")
    assert directory.lookup(session, "KMWX47") is not None


def test_forget_drops_an_entry_at_once(session):
    consultation = make_consultation(session, "TQ4RTX")
    directory = ConsultationDirectory(ttl=60, clock=Clock())
    directory.lookup(session, "TQ4RTX")
    consultation.title = "Changed"
    session.add(consultation)
    session.commit()
    directory.forget("TQ4RTX")
    assert directory.lookup(session, "TQ4RTX")[0].title == "Changed"
