"""Store the engine's suggestions for each free-text answer and group note.

Coding happens after a response is submitted (or a note saved) and never blocks it: an
item the engine failed on has no AnswerCoding row, and `code_missing` (which the review
screen calls) codes it later. Suggestions are stored with the engine's version, so a
reviewer knows which engine said what, and a retrained engine does not rewrite history.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from voices import __version__, paths
from voices import safeguarding_triage as triage
from voices.coding.codebook import Framework, load_frameworks
from voices.coding.pipeline import Coder, Coding
from voices.findings import facts
from voices.models import (
    Answer,
    AnswerCoding,
    CodeReview,
    Consultation,
    GroupNote,
    LearnedModel,
    Response,
    utcnow,
)

log = logging.getLogger("voices.review")

ENGINE_VERSION = f"voices-{__version__}"
_lock = threading.Lock()


def coded_text(value: Mapping[str, Any] | None) -> str:
    """The free text of an answer value as the engine reads it (evidence offsets index this)."""
    return "\n".join(text for _, text in triage.free_texts(value))


@functools.lru_cache(maxsize=1)
def frameworks() -> dict[str, Framework]:
    return dict(load_frameworks(paths.FRAMEWORKS).frameworks)


@functools.lru_cache(maxsize=16)
def _shipped(framework_id: str) -> Coder:
    return Coder(frameworks()[framework_id])


# Learned coders by (framework, model id, its examples): a model's examples are fixed when it
# is learned, so they are read from the database once, when its coder is first built, not per
# answer. Erasure (voices.staff.rights) drops examples: the key then changes, so every server
# builds a new coder without the erased words and drops the old one (see coder_for).
_learned: dict[tuple[str, int, int], Coder] = {}
LEARNED_KEPT = 64


def forget_learned() -> None:
    """Forget every coder built from a learned model (after an erasure in this process)."""
    with _lock:
        _learned.clear()


def latest_model(db: Session, organisation_id: int, framework_id: str) -> LearnedModel | None:
    """The newest model in use: one whose cross-validation showed it would make suggestions
    worse is stored (so people see why) but never codes (measures["in_use"] is False)."""
    for model in newest_models(db, organisation_id, framework_id):
        if model.measures.get("in_use", True):
            return model
    return None


def newest_models(db: Session, organisation_id: int, framework_id: str) -> Sequence[LearnedModel]:
    return db.exec(
        select(LearnedModel)
        .where(LearnedModel.organisation_id == organisation_id)
        .where(LearnedModel.framework == framework_id)
        .order_by(col(LearnedModel.id).desc())
    ).all()


def model_examples(db: Session, model: LearnedModel) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(text, themes) for each review a model learned from that still exists (in the order
    it learned them: the cache below keys on them)."""
    reviews = db.exec(
        select(CodeReview)
        .where(col(CodeReview.id).in_(model.examples))
        .order_by(col(CodeReview.id))
    ).all()
    answer_ids = [r.answer_id for r in reviews if r.answer_id is not None]
    note_ids = [r.group_note_id for r in reviews if r.group_note_id is not None]
    answers = {a.id: a for a in db.exec(select(Answer).where(col(Answer.id).in_(answer_ids)))}
    notes = {n.id: n for n in db.exec(select(GroupNote).where(col(GroupNote.id).in_(note_ids)))}
    found: list[tuple[str, tuple[str, ...]]] = []
    for review in reviews:
        if review.answer_id is not None:
            answer = answers.get(review.answer_id)
            text = coded_text(answer.value) if answer else ""
        else:
            note = notes.get(review.group_note_id)
            text = note.text if note else ""
        if text:
            found.append((text, tuple(review.themes.get(model.framework, []))))
    return tuple(found)


def shipped_coder(framework_id: str) -> tuple[Coder, str]:
    """The coder as shipped, learned from no one (what learning is measured against)."""
    with _lock:
        return _shipped(framework_id), ENGINE_VERSION


def coder_for(db: Session, organisation_id: int, framework_id: str) -> tuple[Coder, str]:
    """The coder for one framework in one organisation (its latest learned model, if any),
    and the engine version to store with what it suggests."""
    model = latest_model(db, organisation_id, framework_id)
    if model is None or model.id is None:
        return shipped_coder(framework_id)
    key = (framework_id, model.id, hash(tuple(model.examples)))
    with _lock:
        coder = _learned.get(key)
    if coder is None:
        coder = Coder(frameworks()[framework_id], model_examples(db, model) or None)
        with _lock:
            for stale in [k for k in _learned if k[:2] == key[:2]]:
                del _learned[stale]  # built before an erasure: it may hold erased words
            if len(_learned) >= LEARNED_KEPT:
                _learned.pop(next(iter(_learned)))  # the oldest built
            coder = _learned.setdefault(key, coder)
    return coder, f"{ENGINE_VERSION}+model{model.id}"


Coders = list[tuple[str, Coder, str]]  # (framework id, coder, engine version)


def coders_for(db: Session, consultation: Consultation) -> Coders:
    """The coder for each framework the consultation codes against, found once for a batch.
    With none chosen, SHANARRI's, whose sentiment still helps a reviewer (its themes are
    not stored)."""
    chosen = [f for f in consultation.frameworks if f in frameworks()]
    return [(f, *coder_for(db, consultation.organisation_id, f)) for f in chosen or ["shanarri"]]


def engine_version(versions: Iterable[str]) -> str:
    """One version for an item coded against several frameworks: the engine's, then every
    learned model that coded it ("voices-1.2+model3+model7"; model ids are unique)."""
    models = sorted({v[len(ENGINE_VERSION) :] for v in versions if v != ENGINE_VERSION})
    return (ENGINE_VERSION + "".join(models))[:80]


def suggestions_json(coding: Coding) -> list[dict[str, Any]]:
    return [
        {
            "theme": theme,
            "score": coding.scores[theme],
            "evidence": [[e.start, e.end, e.words] for e in coding.evidence.get(theme, ())],
        }
        for theme in coding.themes
    ]


def code_text(
    db: Session,
    consultation: Consultation,
    text: str,
    locale: str | None = None,
    coders: Coders | None = None,
) -> AnswerCoding:
    """An unsaved AnswerCoding for text, with every framework chosen for the consultation
    (`coders`, from coders_for, when coding a batch)."""
    suggestions: dict[str, Any] = {}
    codings = [
        (framework_id, coder.code(text, locale), version)
        for framework_id, coder, version in coders or coders_for(db, consultation)
    ]
    for framework_id, coding, _ in codings:
        if framework_id in consultation.frameworks:
            suggestions[framework_id] = suggestions_json(coding)
    sentiment = codings[-1][1].sentiment  # the same whichever framework coded it
    return AnswerCoding(
        consultation_id=consultation.id,
        suggestions=suggestions,
        sentiment=sentiment.label,
        polarity=sentiment.polarity,
        engine_version=engine_version(version for _, _, version in codings),
        coded_at=utcnow(),
    )


def _uncoded_answers(
    db: Session, consultation_id: int, response_ids: Iterable[int] | None
) -> Sequence[tuple[Answer, Response]]:
    query = (
        select(Answer, Response)
        .join(Response, col(Response.id) == Answer.response_id)
        .outerjoin(AnswerCoding, col(AnswerCoding.answer_id) == Answer.id)
        .where(Response.consultation_id == consultation_id)
        .where(Response.status == "submitted")
        .where(col(AnswerCoding.id).is_(None))
    )
    if response_ids is not None:
        query = query.where(col(Response.id).in_(list(response_ids)))
    return db.exec(query).all()


def code_missing(
    db: Session, consultation: Consultation, response_ids: Iterable[int] | None = None
) -> int:
    """Code every submitted free-text answer and note of a consultation that has no stored
    coding yet; returns how many were coded. Commits."""
    coders = coders_for(db, consultation)
    coded: list[AnswerCoding] = []
    for answer, response in _uncoded_answers(db, consultation.id, response_ids):
        text = coded_text(answer.value)
        if not text:
            continue
        row = code_text(db, consultation, text, response.locale, coders)
        row.answer_id = answer.id
        coded.append(row)
    if response_ids is None:
        notes = db.exec(
            select(GroupNote)
            .outerjoin(AnswerCoding, col(AnswerCoding.group_note_id) == GroupNote.id)
            .where(GroupNote.consultation_id == consultation.id)
            .where(col(AnswerCoding.id).is_(None))
        ).all()
        coded += [code_note_row(db, consultation, note, coders) for note in notes]
    db.add_all(coded)
    db.flush()
    facts.record_items(
        db,
        answer_ids=[r.answer_id for r in coded if r.answer_id is not None],
        note_ids=[r.group_note_id for r in coded if r.group_note_id is not None],
    )
    db.commit()
    return len(coded)


def code_note_row(
    db: Session, consultation: Consultation, note: GroupNote, coders: Coders | None = None
) -> AnswerCoding:
    row = code_text(db, consultation, note.text, None, coders)
    row.group_note_id = note.id
    return row


def code_note(db: Session, consultation: Consultation, note: GroupNote) -> None:
    """(Re)code a saved group note; an edited note's old suggestions are replaced. Commits."""
    old = db.exec(select(AnswerCoding).where(AnswerCoding.group_note_id == note.id)).first()
    if old is not None:
        db.delete(old)
        db.flush()
    db.add(code_note_row(db, consultation, note))
    db.flush()
    facts.record_item_themes(db, group_note_id=note.id)
    db.commit()


def code_submitted(db: Session, consultation: Consultation, response: Response) -> None:
    """Called after a submission commits. Never raises: a failure is coded later."""
    try:
        code_missing(db, consultation, [response.id])
    except Exception as exc:
        db.rollback()
        log.error("coding after submit failed (%s): coded when reviewed", type(exc).__name__)


def warm(framework_ids: Iterable[str] = ()) -> None:
    """Build the shipped coders now, so the first submission does not wait for them."""
    for framework_id in framework_ids or frameworks():
        shipped_coder(framework_id)
