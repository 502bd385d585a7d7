"""A small organisation whose reviewers have coded answers: what learning tests start from.

Half the answers are about "zorbs", a club the lexicon has never heard of, which this
council's reviewers code as "active"; the rest are about school, coded "achieving". The
shipped engine misses zorbs, so learning clearly helps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from tests.staff.conftest import make_organisation, make_staff
from tests.worlds import free_text
from voices.models import Answer, CodeReview, Consultation, Organisation, User

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SUBJECTS = ("maths", "reading", "science", "art", "history", "music")


def zorbs_text(i: int) -> str:
    return f"zorbs on {DAYS[i % 7]} is the best"


def school_text(i: int) -> str:
    return f"My teacher at school helps me with {SUBJECTS[i % 6]} and homework"


@dataclass
class Reviewed:
    organisation: Organisation
    consultation: Consultation
    reviewer: User
    answers: list[Answer] = field(default_factory=list)
    reviews: list[CodeReview] = field(default_factory=list)


def zorbs_and_school(items: int) -> list[tuple[str, list[str]]]:
    return [
        (zorbs_text(i), ["active"]) if i % 2 == 0 else (school_text(i), ["achieving"])
        for i in range(items)
    ]


def make_reviewed(
    session: Session,
    items: int = 24,
    slug: str = "test-council",
    code: str = "LRN42X",
    pairs: list[tuple[str, list[str]]] | None = None,
) -> Reviewed:
    """Submitted answers, each with an agreed review (`items` of zorbs and school, or the
    (text, themes) pairs given); frameworks: shanarri."""
    organisation = make_organisation(session, slug)
    reviewer = make_staff(session, organisation, "worker", email=f"reviewer@{slug}.example")
    consultation = Consultation(
        organisation_id=organisation.id,
        title="Learning",
        survey_id="all-types",
        join_code=code,
        frameworks=["shanarri"],
    )
    session.add(consultation)
    session.flush()
    world = Reviewed(organisation, consultation, reviewer)
    for i, (text, themes) in enumerate(zorbs_and_school(items) if pairs is None else pairs):
        answer = add_answer(session, consultation, text, f"{code}-{i}")
        world.answers.append(answer)
        world.reviews.append(add_review(session, consultation, answer, reviewer, themes))
    session.commit()
    return world


def add_answer(
    session: Session, consultation: Consultation, text: str, key: str, status: str = "submitted"
) -> Answer:
    keys = {"start_key": key, "token_hash": f"hash-{key}"}
    return free_text(session, consultation, text, version="main", status=status, **keys)


def add_review(
    session: Session,
    consultation: Consultation,
    answer: Answer,
    reviewer: User,
    themes: list[str],
    blind: bool = False,
) -> CodeReview:
    review = CodeReview(
        consultation_id=consultation.id,
        answer_id=answer.id,
        reviewer_id=reviewer.id,
        themes={"shanarri": themes},
        blind=blind,
    )
    session.add(review)
    session.flush()
    return review
