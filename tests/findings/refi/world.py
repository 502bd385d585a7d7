"""One consultation with every kind of item a .qdpx export must treat differently."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from itertools import count

from sqlmodel import Session

from tests.worlds import free_text
from voices.models import (
    Answer,
    CodeReview,
    Consultation,
    GroupNote,
    Organisation,
    SafeguardingAlert,
    User,
)
from voices.review import coding

_keys = count()
REVIEWED = "I want to see my brother more often"
BLIND_ONLY = "My social worker keeps changing"
HELD = "Held words that nobody may export"
UNFINISHED = "Unfinished words from a response in progress"
NOTE = "The group said the youth club should stay open"
CONTROL = "Tab\there, a bell \x07 and a form feed \x0c in the text"


@dataclass
class World:
    organisation: Organisation
    consultation: Consultation
    reviewer: User
    reviewed: Answer
    blind: Answer
    held: Answer
    unfinished: Answer
    control: Answer
    note: GroupNote


def make_world(session: Session, organisation: Organisation, reviewer: User) -> World:
    consultation = Consultation(
        organisation_id=organisation.id,
        title="Our lives, 2026",
        survey_id="all-types",
        join_code=f"RF{next(_keys):04d}",
        frameworks=["shanarri", "promise"],
    )
    session.add(consultation)
    session.flush()
    reviewed = free_text(session, consultation, REVIEWED, respondent_name="Jayden")
    blind = free_text(session, consultation, BLIND_ONLY)
    held = free_text(session, consultation, HELD)
    unfinished = free_text(session, consultation, UNFINISHED, status="in_progress")
    control = free_text(session, consultation, CONTROL)
    note = GroupNote(
        organisation_id=organisation.id,
        consultation_id=consultation.id,
        text=NOTE,
        participants=7,
        age_min=12,
        age_max=15,
    )
    session.add(note)
    session.flush()
    session.add(
        SafeguardingAlert(
            organisation_id=organisation.id,
            consultation_id=consultation.id,
            response_id=held.response_id,
            answer_id=held.id,
            question_id="anything-else",
            tier="alert",
        )
    )
    session.commit()
    coding.code_missing(session, consultation)
    for item, blind_review in ((reviewed, False), (blind, True), (held, False)):
        session.add(
            CodeReview(
                consultation_id=consultation.id,
                answer_id=item.id,
                reviewer_id=reviewer.id,
                blind=blind_review,
                themes={"shanarri": ["nurtured", "included"], "promise": ["family"]},
            )
        )
    session.add(
        CodeReview(
            consultation_id=consultation.id,
            group_note_id=note.id,
            reviewer_id=reviewer.id,
            themes={"promise": ["voice"], "shanarri": ["no-longer-a-theme"]},
        )
    )
    session.commit()
    return World(
        organisation, consultation, reviewer, reviewed, blind, held, unfinished, control, note
    )


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
