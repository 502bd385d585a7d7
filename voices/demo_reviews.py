"""The demo worker's part in the demo findings (voices/demo_findings.py): agreed reviews of
most sample answers, a few approved redacted quotes (quotes.approve), and group notes from
a live session. Nothing here commits; the caller rebuilds the findings facts after."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from voices.models import (
    Answer,
    CodeReview,
    Consultation,
    GroupNote,
    QuoteApproval,
    Response,
    utcnow,
)
from voices.review import coding, quotes, redaction
from voices.review.queue import accepted
from voices.staff.review import store as review_store
from voices.staff.review.view import allowed_themes

# Words in an answer (regular expressions, matched from a word's start) -> themes a reviewer
# adds that the engine may have missed, so reviewed codes differ a little from suggestions.
KEYWORDS: tuple[tuple[str, dict[str, list[str]]], ...] = (
    (
        r"social workers?|key worker|iro\b|workers|answer the phone|on time|people to talk",
        {"shanarri": ["respected"], "promise": ["people"]},
    ),
    (
        r"mum|mummy|dad|brother|sister|gran|nana|family|families|contact",
        {"shanarri": ["nurtured"], "promise": ["family"]},
    ),
    (r"school|college|homework|exam|maths|reading|tutor", {"shanarri": ["achieving"]}),
    (
        r"football|swimming|clubs?\b|drama|park|sport|trips?\b|activities|holidays",
        {"shanarri": ["active"]},
    ),
    (
        r"listen|a say|ask(ed)? us|asked|views|my plan|decision|tell us|explain|promises|"
        r"reviews?\b|meetings?\b",
        {"shanarri": ["respected"], "promise": ["voice"]},
    ),
    (
        r"cook|money|budget|driving|jobs?\b|apprentice|bank|bus pass|leaving care|until 21",
        {"shanarri": ["responsible"], "promise": ["scaffolding"]},
    ),
    (r"feelings|mental health|anxiety|therapy|sleeping", {"shanarri": ["healthy"]}),
    (r"respite|training|support group|supervising", {"promise": ["scaffolding"]}),
)
QUOTES_EACH = 6  # approved quotes per consultation


def reviewed_themes(
    text: str, suggestions: Mapping[str, Any], allowed: Mapping[str, list[str]], drop: bool
) -> dict[str, list[str]]:
    """What the demo worker agreed: the engine's suggestions (drop: less one it over-read),
    plus the themes the answer's words name (KEYWORDS), in codebook order."""
    themes = accepted(suggestions, allowed)
    if drop:
        themes = {fw: ids[:-1] if len(ids) > 1 else ids for fw, ids in themes.items()}
    lower = text.lower()
    for pattern, adds in KEYWORDS:
        if re.search(rf"\b(?:{pattern})", lower):
            for fw, ids in adds.items():
                themes.setdefault(fw, []).extend(i for i in ids if i in allowed.get(fw, ()))
    return {fw: [t for t in allowed[fw] if t in ids] for fw, ids in themes.items() if fw in allowed}


def _demo_numbers(db: Session, consultation: Consultation) -> dict[int, tuple[int, str | None]]:
    """Answer id -> (the demo response's number, its name) for this consultation's samples."""
    prefix = f"demo-{consultation.join_code}-f"
    rows = db.exec(
        select(Answer.id, Response.start_key, Response.respondent_name)
        .join(Response, col(Response.id) == Answer.response_id)
        .where(Response.consultation_id == consultation.id)
        .where(col(Response.start_key).startswith(prefix))
    ).all()
    return {a: (int(key[len(prefix) :]), name) for a, key, name in rows if a is not None}


def add_reviews(db: Session, consultation: Consultation, reviewer_id: int) -> int:
    """The demo worker's agreed (open) review of most sample answers, leaving the oldest
    eight responses and every fourth one to review (so "suggested" shows too, and the review
    screen opens on items still to do). Only items nobody reviewed yet. The rows are those
    the review screen saves; their facts come from the rebuild at the end (saving one by one
    through the screen's store would write each item's facts too: slow on PostgreSQL).
    Does not commit."""
    numbers = _demo_numbers(db, consultation)
    allowed = allowed_themes(consultation.frameworks)
    every = review_store.load_items(db, consultation.id)
    items = [i for i in every if i.key[0] == "answer" and not i.reviews and i.key[1] in numbers]
    items = [i for i in items if numbers[i.key[1]][0] >= 8 and numbers[i.key[1]][0] % 4 != 0]
    notes = [i for i in every if i.key[0] == "note"]
    items += [i for i in notes[:-1] if not i.reviews]  # the newest note is left to review
    texts = review_store.details(db, [i.key for i in items])
    for item in items:
        drop = item.key[0] == "answer" and numbers[item.key[1]][0] % 4 == 3
        kind, item_id = item.key
        db.add(
            CodeReview(
                consultation_id=consultation.id,
                answer_id=item_id if kind == "answer" else None,
                group_note_id=item_id if kind == "note" else None,
                reviewer_id=reviewer_id,
                themes=reviewed_themes(texts[item.key].text, item.suggestions, allowed, drop),
                blind=False,
            )
        )
    return len(items)


def add_quotes(db: Session, consultation: Consultation, reviewer_id: int) -> int:
    """A few approved, redacted quotes, when the consultation has none yet. Does not commit."""
    have = db.exec(
        select(func.count()).where(QuoteApproval.consultation_id == consultation.id)
    ).one()
    if have:
        return 0
    numbers = _demo_numbers(db, consultation)
    picked = sorted((n, a, name) for a, (n, name) in numbers.items() if n % 6 == 1)
    made = 0
    for _, answer_id, name in picked:
        answer = db.get(Answer, answer_id)
        text = coding.coded_text(answer.value) if answer else ""
        if answer is None or len(text) < 20 or made >= QUOTES_EACH:
            continue
        redacted = redaction.suggest(text, own_name=name).text
        approval, _problem = quotes.approve(db, consultation, answer, redacted, reviewer_id)
        made += approval is not None
    return made


# Points a worker typed up from the demo group session's discussion: (text, people, ages).
NOTES: dict[str, tuple[tuple[str, int, int, int], ...]] = {
    "TEAM46": (
        (
            "Most of the group said they want the same social worker for longer, and to be told "
            "before a worker leaves.",
            8,
            12,
            17,
        ),
        ("The younger ones talked about wanting more trips and clubs in the holidays.", 6, 9, 12),
        (
            "Several said their review meetings are too big and full of jargon.",
            7,
            13,
            17,
        ),
    ),
}


def add_notes(
    db: Session, consultation: Consultation, live_session_id: int | None, reviewer_id: int
) -> int:
    """The demo group session's notes, when the consultation has none yet; coded like a
    saved note (coding.code_missing codes them). Does not commit."""
    planned = NOTES.get(consultation.join_code, ())
    have = db.exec(select(func.count()).where(GroupNote.consultation_id == consultation.id)).one()
    if have or not planned:
        return 0
    when = utcnow() - timedelta(days=14)
    for text, people, youngest, oldest in planned:
        db.add(
            GroupNote(
                organisation_id=consultation.organisation_id,
                consultation_id=consultation.id,
                live_session_id=live_session_id,
                text=text,
                participants=people,
                age_min=youngest,
                age_max=oldest,
                created_by_id=reviewer_id,
                created_at=when,
                updated_at=when,
            )
        )
    db.flush()
    return len(planned)
