"""A few submitted answers for the demo, so the review screen has something to show.

Invented words, written like the real ones children give (short, plain, sometimes
textspeak); none of them is a safeguarding disclosure. Fixed start keys keep it idempotent.
"""

from __future__ import annotations

from sqlmodel import Session, select

from voices.models import Answer, Consultation, Response, utcnow
from voices.review import coding

FRAMEWORKS = ["shanarri", "promise"]
# (version, {question id: words})
SAMPLES = (
    (
        "12-17",
        {
            "one-change": "I want to see my brother more, we only get an hour a month",
            "anything-else": "My carers are kind and I feel at home",
        },
    ),
    (
        "12-17",
        {
            "one-change": "Having the same social worker for more than a few months",
            "anything-else": "school is ok but maths is hard and nobody helps me",
        },
    ),
    (
        "8-11",
        {
            "one-change": "More football after school with my mates",
            "anything-else": "I like my room",
        },
    ),
    ("12-17", {"one-change": "Being asked before they decide things about me at my review"}),
    ("5-7", {"one-change": "my dog to live with me"}),
    ("12-17", {"anything-else": "I get lonely at weekends and I don't have anyone to talk to"}),
)


def add_sample_answers(session: Session, consultation: Consultation) -> int:
    """Adds the samples once (found again by their start keys) and codes them; returns how
    many responses were added. Commits."""
    added = 0
    for n, (version, answers) in enumerate(SAMPLES):
        key = f"demo-{consultation.join_code}-{n}"
        if session.exec(select(Response).where(Response.start_key == key)).first():
            continue
        response = Response(
            consultation_id=consultation.id,
            start_key=key,
            token_hash=f"{key}-token",
            version=version,
            locale="en",
            status="submitted",
            submitted_at=utcnow(),
        )
        session.add(response)
        session.flush()
        for question_id, words in answers.items():
            session.add(
                Answer(response_id=response.id, question_id=question_id, value={"text": words})
            )
        added += 1
    session.commit()
    coding.code_missing(session, consultation)
    return added
