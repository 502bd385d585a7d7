"""A small organisation with named children, for the subject access and erasure tests.

Zoë answered two consultations (once as "zoë " with a reference); Sam answered one; an
anonymous consultation and another organisation's "Zoë" must never be found.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sqlmodel import Session

from tests.staff.conftest import make_organisation, make_staff
from tests.worlds import FREE_TEXT, add_response
from voices.findings import facts
from voices.models import (
    Answer,
    CodeReview,
    Consultation,
    Organisation,
    QuoteApproval,
    Response,
    User,
)
from voices.review import coding

ZOE_WORDS = "zorbs club is where I feel happy"
SAM_WORDS = "my teacher helps me with maths"
OTHER_ORG_WORDS = "somewhere else entirely"
_keys = itertools.count(1)


@dataclass
class RightsWorld:
    organisation: Organisation
    other: Organisation
    reviewer: User
    first: Consultation
    second: Consultation
    anonymous: Consultation
    zoe: list[Response] = field(default_factory=list)  # both of Zoë's responses
    sam: Response | None = None
    foreign_zoe: Response | None = None
    answers: dict[int, list[Answer]] = field(default_factory=dict)  # by response id


def consultation(session: Session, org: Organisation, title: str, anonymous: bool) -> Consultation:
    row = Consultation(
        organisation_id=org.id,
        title=title,
        survey_id="all-types",
        join_code=f"RGT{next(_keys):03d}",
        anonymous=anonymous,
        frameworks=["shanarri"],
        versions=["8-11", "12-17"],
        locales=["en", "cy"],
    )
    session.add(row)
    session.flush()
    return row


def respondent(
    session: Session,
    world: RightsWorld,
    c: Consultation,
    text: str,
    name: str | None = None,
    reference: str | None = None,
    locale: str = "en",
) -> Response:
    values = {
        "where-live": {"option": "foster"},
        "feel-safe": {"value": "yes"},
        FREE_TEXT: {"text": text},
    }
    row, answers = add_response(
        session,
        c,
        values,
        version="8-11",
        locale=locale,
        respondent_name=name,
        reference=reference,
    )
    world.answers[row.id] = answers
    return row


def review_and_quote(session: Session, world: RightsWorld, response: Response) -> None:
    """An agreed review and an approved quote of the response's free-text answer."""
    answer = world.answers[response.id][-1]
    c = session.get(Consultation, response.consultation_id)
    session.add(
        CodeReview(
            consultation_id=c.id,
            answer_id=answer.id,
            reviewer_id=world.reviewer.id,
            themes={"shanarri": ["active", "nurtured"]},
        )
    )
    session.add(
        QuoteApproval(
            organisation_id=c.organisation_id,
            consultation_id=c.id,
            answer_id=answer.id,
            redacted_text=answer.value["text"],
            approved_by_id=world.reviewer.id,
        )
    )
    session.flush()


def build(session: Session) -> RightsWorld:
    org = make_organisation(session, "test-council")
    other = make_organisation(session, "other-council")
    reviewer = make_staff(session, org, "worker", email="reviewer@test-council.example")
    world = RightsWorld(
        org,
        other,
        reviewer,
        consultation(session, org, "Round one", anonymous=False),
        consultation(session, org, "Round two", anonymous=False),
        consultation(session, org, "Anonymous round", anonymous=True),
    )
    world.zoe.append(respondent(session, world, world.first, ZOE_WORDS, name="Zoë"))
    world.sam = respondent(session, world, world.first, SAM_WORDS, name="Sam", reference="SAM-1")
    world.zoe.append(
        respondent(session, world, world.second, "more zorbs please", " zoë ", "AB-123", "cy")
    )
    respondent(session, world, world.anonymous, "nobody knows who I am")
    foreign = consultation(session, other, "Elsewhere", anonymous=False)
    world.foreign_zoe = respondent(session, world, foreign, OTHER_ORG_WORDS, name="Zoë")
    session.commit()
    for c in (world.first, world.second, world.anonymous, foreign):
        coding.code_missing(session, c)
    review_and_quote(session, world, world.zoe[0])
    review_and_quote(session, world, world.sam)
    for c in (world.first, world.second, world.anonymous, foreign):
        facts.rebuild_consultation(session, c.id)
    session.commit()
    return world
