"""Learning from people: retrain a framework's coder from an organisation's reviewed codes.

`learn` gathers the agreed review of every reviewed item, measures what learning changes
by cross-validation (voices.coding.crossval), stores a LearnedModel, and re-codes the items
nobody has reviewed yet with it. Reviewed items keep the suggestions their reviewers saw:
rewriting them would make accepted/rejected meaningless. Reads and writes the database;
no HTTP. `learning_summary` is what the review screen and the admin page show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from voices import audit
from voices.alerts.holds import held_answer_ids
from voices.coding.crossval import Example, cross_validate, measures
from voices.findings import facts
from voices.models import (
    Answer,
    AnswerCoding,
    CodeReview,
    Consultation,
    GroupNote,
    LearnedModel,
    Response,
    User,
)
from voices.review import coding

# Fewer than 20 reviewed items make every figure swing by 5 points per answer, and a
# classifier trained on them mostly learns noise; with one theme in use it would learn
# that every answer is about that theme. Both refusals say how many there are.
MIN_ITEMS = 20
MIN_THEMES = 2


class CannotLearn(ValueError):
    """Why a framework cannot be learned now; `reason` is "unknown", "items" or "themes"."""

    def __init__(self, framework_id: str, reason: str, items: int = 0, themes: int = 0):
        self.framework_id, self.reason, self.items, self.themes = (
            framework_id,
            reason,
            items,
            themes,
        )
        super().__init__(self.english())

    def english(self) -> str:
        if self.reason == "unknown":
            known = ", ".join(sorted(coding.frameworks()))
            return f"unknown framework {self.framework_id!r} (known: {known})"
        if self.reason == "items":
            return (
                f"{self.framework_id}: {self.items} reviewed items; at least {MIN_ITEMS} are "
                "needed to learn from them and to measure what learning changes"
            )
        return (
            f"{self.framework_id}: reviewers used {self.themes} theme(s) in {self.items} items; "
            f"at least {MIN_THEMES} are needed, or the engine would learn that every answer "
            "is about one theme"
        )


@dataclass(frozen=True)
class Learned:
    model: LearnedModel
    recoded: int  # unreviewed items re-coded with the new model


def consultations_using(db: Session, organisation_id: int, framework_id: str) -> list[Consultation]:
    rows = db.exec(select(Consultation).where(Consultation.organisation_id == organisation_id))
    return [c for c in rows if framework_id in c.frameworks]


def frameworks_in_use(db: Session, organisation_id: int) -> list[str]:
    """Framework ids any of the organisation's consultations chose, or a model was learned for."""
    rows = db.exec(select(Consultation).where(Consultation.organisation_id == organisation_id))
    found = {f for c in rows for f in c.frameworks}
    found |= set(
        db.exec(
            select(LearnedModel.framework).where(LearnedModel.organisation_id == organisation_id)
        )
    )
    return sorted(f for f in found if f in coding.frameworks())


def _agreed(db: Session, consultation_ids: list[int]) -> list[CodeReview]:
    """The first non-blind review of each item: the agreed one (see CodeReview)."""
    rows = db.exec(
        select(CodeReview)
        .where(col(CodeReview.consultation_id).in_(consultation_ids))
        .where(CodeReview.blind == False)  # noqa: E712 (SQL, not Python)
        .order_by(col(CodeReview.id))
    ).all()
    first: dict[tuple[str, int | None], CodeReview] = {}
    for review in rows:
        key = (
            ("a", review.answer_id) if review.answer_id is not None else ("n", review.group_note_id)
        )
        first.setdefault(key, review)
    return sorted(first.values(), key=lambda r: r.id or 0)


def _texts(db: Session, consultations: list[Consultation]) -> dict[tuple[str, int], str]:
    """Texts the engine may learn from: submitted, not held by an open alert; and notes."""
    ids = [c.id for c in consultations]
    held = set().union(*(held_answer_ids(db, c.id) for c in consultations))
    answers = db.exec(
        select(Answer)
        .join(Response, col(Response.id) == Answer.response_id)
        .where(col(Response.consultation_id).in_(ids))
        .where(Response.status == "submitted")
    )
    texts = {("a", a.id): coding.coded_text(a.value) for a in answers if a.id not in held}
    notes = db.exec(select(GroupNote).where(col(GroupNote.consultation_id).in_(ids)))
    texts.update({("n", n.id): n.text for n in notes})
    return {key: text for key, text in texts.items() if text.strip()}


def reviewed_items(db: Session, organisation_id: int, framework_id: str) -> list[Example]:
    """The organisation's agreed reviews for one framework, ordered by review id.

    A review covers every framework its consultation chose, so a framework missing from
    its themes means the reviewer kept none of that framework's themes (a real negative).
    """
    framework = coding.frameworks().get(framework_id)
    if framework is None:
        raise CannotLearn(framework_id, "unknown")
    consultations = consultations_using(db, organisation_id, framework_id)
    if not consultations:
        return []
    texts = _texts(db, consultations)
    known = set(framework.theme_ids)
    found = []
    for review in _agreed(db, [c.id for c in consultations]):
        key = (
            ("a", review.answer_id) if review.answer_id is not None else ("n", review.group_note_id)
        )
        text = texts.get(key)  # type: ignore[arg-type]
        if text is not None and review.id is not None:
            themes = frozenset(review.themes.get(framework_id, [])) & known
            found.append(Example(review.id, text, themes))
    return found


def check_enough(framework_id: str, examples: Sequence[Example]) -> None:
    themes = len(set().union(*(e.themes for e in examples))) if examples else 0
    if len(examples) < MIN_ITEMS:
        raise CannotLearn(framework_id, "items", len(examples), themes)
    if themes < MIN_THEMES:
        raise CannotLearn(framework_id, "themes", len(examples), themes)


def measure(framework_id: str, examples: Sequence[Example]) -> dict[str, Any]:
    """Before and after figures by cross-validation (the shipped coder is "before")."""
    base, _ = coding.shipped_coder(framework_id)
    return measures(*cross_validate(base, examples))


def learn(
    db: Session, organisation_id: int, framework_id: str, user_id: int | None = None
) -> Learned:
    """Measure, store a LearnedModel trained on every reviewed item, re-code the unreviewed
    items; audited, committed once (nothing half-written). Raises CannotLearn."""
    examples = reviewed_items(db, organisation_id, framework_id)
    check_enough(framework_id, examples)
    figures = measure(framework_id, examples)
    # A model that made held-out suggestions worse is kept as a record, never used.
    figures["in_use"] = figures["after"]["f1"] >= figures["before"]["f1"]
    model = LearnedModel(
        organisation_id=organisation_id,
        framework=framework_id,
        examples=[e.review_id for e in examples],
        measures=figures,
        created_by_id=user_id,
    )
    db.add(model)
    db.flush()
    recoded = 0
    if figures["in_use"]:
        recoded = recode_unreviewed(db, consultations_using(db, organisation_id, framework_id))
    audit.record(
        db,
        "coding.learn",
        actor_id=user_id,
        organisation_id=organisation_id,
        target_type="learned_model",
        target_id=model.id or "",
        detail={
            "framework": framework_id,
            "items": len(examples),
            "in_use": figures["in_use"],
            "recoded": recoded,
        },
    )
    db.commit()
    return Learned(model, recoded)


def recode_unreviewed(db: Session, consultations: Iterable[Consultation]) -> int:
    """Replace the stored suggestions of items no one has reviewed (blind or not) with the
    latest models' suggestions. Does not commit."""
    count = 0
    for consultation in consultations:
        reviewed = db.exec(
            select(CodeReview.answer_id, CodeReview.group_note_id).where(
                CodeReview.consultation_id == consultation.id
            )
        ).all()
        answers = {a for a, _ in reviewed if a is not None}
        notes = {n for _, n in reviewed if n is not None}
        rows = db.exec(
            select(AnswerCoding).where(AnswerCoding.consultation_id == consultation.id)
        ).all()
        coders = coding.coders_for(db, consultation)
        for row in rows:
            if row.answer_id in answers or row.group_note_id in notes:
                continue
            if _recode(db, consultation, row, coders):
                count += 1
    db.flush()
    return count


def _recode(
    db: Session, consultation: Consultation, row: AnswerCoding, coders: coding.Coders
) -> bool:
    if row.answer_id is not None:
        answer = db.get(Answer, row.answer_id)
        response = db.get(Response, answer.response_id) if answer else None
        text = coding.coded_text(answer.value) if answer else ""
        locale = response.locale if response else None
    else:
        note = db.get(GroupNote, row.group_note_id) if row.group_note_id else None
        text, locale = (note.text if note else ""), None
    if not text:
        return False
    fresh = coding.code_text(db, consultation, text, locale, coders)
    row.suggestions, row.sentiment, row.polarity = (
        fresh.suggestions,
        fresh.sentiment,
        fresh.polarity,
    )
    row.engine_version, row.coded_at = fresh.engine_version, fresh.coded_at
    db.add(row)
    facts.record_item_themes(db, answer_id=row.answer_id, group_note_id=row.group_note_id)
    return True


@dataclass(frozen=True)
class FrameworkLearning:
    """One framework's learning, as the admin page and the review screen show it."""

    framework_id: str
    title: str
    reviewed: int  # reviewed items it could learn from now
    needed: int  # MIN_ITEMS
    model: LearnedModel | None  # the newest model learned, in use or not
    created_by: str  # who trained it ("" when the command line did)
    in_use: LearnedModel | None  # the model coding answers now (None: the shipped engine)

    @property
    def rejected(self) -> bool:
        """The newest model made suggestions worse, so it is not used."""
        return self.model is not None and not self.model.measures.get("in_use", True)

    @property
    def before(self) -> dict[str, Any]:
        return self.model.measures.get("before", {}) if self.model else {}

    @property
    def after(self) -> dict[str, Any]:
        return self.model.measures.get("after", {}) if self.model else {}


def learning_summary(
    db: Session, organisation_id: int, framework_ids: Iterable[str]
) -> list[FrameworkLearning]:
    """For each known framework id: the latest learned model and how many reviewed items
    there are now. Numbers only: never a child's words."""
    found = []
    for framework_id in framework_ids:
        framework = coding.frameworks().get(framework_id)
        if framework is None:
            continue
        newest = coding.newest_models(db, organisation_id, framework_id)
        model = newest[0] if newest else None
        user = db.get(User, model.created_by_id) if model and model.created_by_id else None
        found.append(
            FrameworkLearning(
                framework_id,
                framework.title,
                len(reviewed_items(db, organisation_id, framework_id)),
                MIN_ITEMS,
                model,
                (user.display_name or user.email) if user else "",
                coding.latest_model(db, organisation_id, framework_id),
            )
        )
    return found
