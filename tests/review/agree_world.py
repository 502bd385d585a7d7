"""A consultation two workers reviewed (the first's review agreed, the second's blind), for
the agreement and quote tests, HTTP and browser alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from tests.conftest import make_consultation
from tests.staff.conftest import make_staff
from tests.worlds import free_text
from voices.models import (
    Answer,
    CodeReview,
    Consultation,
    Organisation,
    SafeguardingAlert,
    User,
)

SARAH = "My social worker Sarah Jones never listens to me"
SAFE = "I feel safe at home"
XSS = "I never see my brother <script>alert(1)</script>"
HELD = "he hits me when no one is looking"


@dataclass
class AgreeWorld:
    organisation: Organisation
    consultation: Consultation
    first: User
    second: User
    answers: dict[str, Answer] = field(default_factory=dict)
    reviews: dict[tuple[str, str], CodeReview] = field(default_factory=dict)
    alert: SafeguardingAlert | None = None

    @property
    def base(self) -> str:
        return f"/staff/o/{self.organisation.slug}/consultations/{self.consultation.id}/review"


def add_answer(
    session: Session, consultation: Consultation, key: str, text: str, **overrides: Any
) -> Answer:
    """One free-text answer, its response keyed by `key` (see tests/worlds.add_response)."""
    keys = {"start_key": f"agree-{key}", "token_hash": f"agree-token-{key}"}
    return free_text(session, consultation, text, **keys | overrides)


def review(session, world: AgreeWorld, key: str, who: User, themes: list[str], blind: bool):
    row = CodeReview(
        consultation_id=world.consultation.id,
        answer_id=world.answers[key].id,
        reviewer_id=who.id,
        themes={"shanarri": themes},
        blind=blind,
    )
    session.add(row)
    session.flush()
    world.reviews[(key, "blind" if blind else "agreed")] = row
    return row


def hold(session: Session, world: AgreeWorld, key: str) -> SafeguardingAlert:
    answer = world.answers[key]
    alert = SafeguardingAlert(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        response_id=answer.response_id,
        answer_id=answer.id,
        question_id=answer.question_id,
        tier="alert",
    )
    session.add(alert)
    session.commit()
    return alert


def build(session: Session) -> AgreeWorld:
    consultation = make_consultation(session, frameworks=["shanarri"])
    organisation = session.get(Organisation, consultation.organisation_id)
    first = make_staff(session, organisation, "worker", "first@test.example", name="Ffion First")
    second = make_staff(session, organisation, "worker", "second@test.example", name="Sam Second")
    world = AgreeWorld(organisation, consultation, first, second)
    for key, text in (("sarah", SARAH), ("safe", SAFE), ("xss", XSS), ("held", HELD)):
        world.answers[key] = add_answer(session, consultation, key, text)
    decisions = {
        "sarah": (["respected"], ["respected", "included"]),
        "safe": (["safe"], ["safe"]),
        "xss": (["nurtured"], []),
        "held": (["safe"], []),
    }
    for key, (agreed, blind) in decisions.items():
        review(session, world, key, first, agreed, blind=False)
        review(session, world, key, second, blind, blind=True)
    session.commit()
    world.alert = hold(session, world, "held")
    return world


def disagree(session: Session, world: AgreeWorld, n: int, prefix: str = "more") -> list[str]:
    """n more answers, each one disagreement to settle: the first reviewer left "safe" out,
    the blind reviewer used it. Returns their keys in world.answers, in the page's order."""
    keys = [f"{prefix}{i:03d}" for i in range(n)]
    for key in keys:
        world.answers[key] = add_answer(session, world.consultation, key, f"Answer {key} words")
        review(session, world, key, world.first, [], blind=False)
        review(session, world, key, world.second, ["safe"], blind=True)
    session.commit()
    return keys
