"""Sample responses for the demo's findings: enough submitted answers, reviewed codes,
approved quotes and "you said, we did" actions for every findings page to show something.

Each demo consultation gets a few dozen invented responses (seeded, so every database gets
the same answers), spread over the last six weeks and across its age versions; "My life in
care" also gets last year's round (a closed consultation its previous_round_id points to),
with slightly lower scores, so "change since last round" shows.

Closed answers are made by the survey's own question.parse (the stored shapes are exactly
those of a form), free text comes from voices/demo_texts.py, coding is the real engine's
(coding.code_missing), the demo worker's reviews, quotes and group notes come from
voices/demo_reviews.py, actions from voices/demo_actions.py, and the fact tables are
rebuilt by voices.findings.facts at the end.

Running it again adds nothing: responses are found by fixed start keys, and reviews, quotes
and actions are only added where none exist yet.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from voices.definitions import Survey
from voices.definitions.questions import Question
from voices.demo_actions import add_actions
from voices.demo_reviews import add_notes, add_quotes, add_reviews
from voices.demo_texts import pool
from voices.findings import facts
from voices.models import (
    Answer,
    ClosedAnswerFact,
    Consultation,
    Response,
    utcnow,
)
from voices.review import coding


@dataclass(frozen=True)
class Round:
    """How many responses one demo consultation gets, and what they are like."""

    count: int
    versions: Mapping[str, int]  # version id -> weight
    days: tuple[int, int] = (1, 42)  # submitted between this many days ago
    mood: float = 0.0  # added to every respondent's mood: last year's round was a bit lower
    names: bool = False  # named mode: a first name on each response
    started: int = 5  # more responses started but never sent (completion below 100%)


ROUNDS: dict[str, Round] = {
    "MYCARE": Round(72, {"5-7": 18, "8-11": 35, "12-17": 47}),
    "MYCAR3": Round(60, {"5-7": 20, "8-11": 35, "12-17": 45}, (335, 370), -0.35),
    "PREP47": Round(48, {"8-11": 40, "12-17": 60}, names=True),
    "TEAM46": Round(60, {"all": 1}),
    # 60: with fewer suggestions to agree with (the theme layer's veto, then its larger share
    # of the blend in session 16), 45 and then 50 left the demo worker's biggest reviewed
    # theme under the public page's 10.
    "CARER9": Round(50, {"carers": 1}),
}
# Last year's round of "My life in care": (join code, days ago it opened, days ago it closed).
PREVIOUS_ROUND = ("MYCAR3", 372, 330)
NAMES = ("Amir", "Bella", "Callum", "Demi", "Ellis", "Freya", "Jayden", "Kacper", "Leah", "Mo")


@dataclass(frozen=True)
class Tune:
    """How one closed question tends to be answered (the rest of the mix is chance)."""

    mean: float = 3.5  # scale: the middle of the answers before mood
    yes: float = 0.75  # yes_no: how likely "yes" is, before mood
    good_is_yes: bool = True  # False: "yes" is the bad answer (bullied, worker changed)
    weights: Mapping[str, float] = field(default_factory=dict)  # choice(s): option -> weight
    skip: float = 0.04  # how often it is skipped


TUNES: dict[str, Tune] = {
    "where-live": Tune(
        weights={
            "foster": 48,
            "family": 20,
            "childrens-home": 18,
            "parents": 7,
            "own-place": 5,
            "other": 2,
        },
        skip=0,
    ),
    "feel-safe": Tune(yes=0.84),
    "social-worker-listens": Tune(mean=3.1),
    "social-worker-changed": Tune(yes=0.5, good_is_yes=False),
    "family-time": Tune(mean=2.9),
    "school": Tune(mean=3.3),
    "bullied": Tune(yes=0.22, good_is_yes=False),
    "have-a-say": Tune(yes=0.62),
    "doing-for-myself": Tune(yes=0.55),
    "same-as-friends": Tune(yes=0.6),
    "fun": Tune(weights={"sport": 0.5, "games": 0.6, "friends": 0.55, "other": 0.05}),
    "attend": Tune(
        weights={"in-person": 40, "part": 25, "advocate-speaks": 15, "written": 20}, skip=0
    ),
    "who-there": Tune(weights={"carer": 0.8, "social-worker": 0.6, "family": 0.5}),
    "advocate-help": Tune(yes=0.45),
    "listened-to": Tune(yes=0.58),
    "most-important": Tune(
        weights={"home": 20, "family": 25, "school": 15, "health": 12, "workers": 18, "money": 10}
    ),
    "carer-type": Tune(
        weights={"foster-la": 50, "foster-ifa": 20, "kinship": 22, "residential": 6, "other": 2},
        skip=0,
    ),
    "supervising-social-worker": Tune(mean=3.7),
    "information": Tune(yes=0.45),
    "training": Tune(weights={"training": 0.6, "support-group": 0.45, "respite": 0.3}),
    "child-heard": Tune(mean=3.2),
}
# A respondent's mood leans with where they live (the breakdown), so the split shows a story.
GROUP_MOOD = {"childrens-home": -0.35, "family": 0.15, "own-place": -0.2, "kinship": -0.3}
# What "something else" says, per question.
OTHER_TEXT = {
    "where-live": "with my uncle",
    "fun": "karate",
    "most-important": "my friends",
    "carer-type": "special guardian",
    "training": "a mentor",
    "who-there": "my youth worker",
}
# Question id -> how likely a respondent is to write something.
TEXT_RATE = {
    "one-change": 0.8,
    "anything-else": 0.45,
    "going-well": 0.75,
    "would-change": 0.7,
    "want-to-say": 0.65,
    "one-thing": 0.85,
    "better": 0.8,
}


def closed_value(question: Question, version: str, mood: float, rng: random.Random) -> Any:
    """A value for one closed question as its form would give it (question.parse)."""
    tune = TUNES.get(question.id, Tune())
    kind = question.type_name
    if kind == "scale":
        point = round(tune.mean + 1.1 * mood + rng.gauss(0, 0.75))
        return question.parse({"answer": [str(min(5, max(1, point)))]})
    if kind == "yes_no":
        lean = 0.2 * mood if tune.good_is_yes else -0.2 * mood
        roll = rng.random()
        chosen = "not_sure" if roll < 0.07 else "yes" if roll < 0.07 + tune.yes + lean else "no"
        return question.parse({"answer": [chosen]})
    offered = [o.id for o in getattr(question, "options", ()) if o.in_version(version)]
    if getattr(question, "other", None):
        offered.append("other")
    if kind == "choice":
        weights = [tune.weights.get(o, 1.0 if not tune.weights else 0.0) for o in offered]
        chosen = rng.choices(offered, weights=[w or 0.5 for w in weights])[0]
        return question.parse({"answer": [chosen], "other_text": _other(question, [chosen])})
    if kind == "choices":
        ticked = [o for o in offered if rng.random() < tune.weights.get(o, 0.3)]
        ticked = ticked or [rng.choice([o for o in offered if o != "other"])]
        return question.parse({"answer": ticked, "other_text": _other(question, ticked)})
    return None


def _other(question: Question, chosen: list[str]) -> list[str]:
    """The words of "something else", when it was chosen."""
    return [OTHER_TEXT.get(question.id, "something else")] if "other" in chosen else []


@dataclass
class _Texts:
    """Each question's texts in a shuffled cycle, so a text repeats only once all were used."""

    rng: random.Random
    cycles: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def next(self, survey_id: str, question_id: str, version: str) -> str | None:
        texts = pool(survey_id, question_id, version)
        if not texts:
            return None
        key = (survey_id, question_id, "young" if version == "5-7" else "all")
        left = self.cycles.setdefault(key, [])
        if not left:
            left.extend(self.rng.sample(texts, len(texts)))
        return left.pop()


def respondent(
    survey: Survey, version: str, plan: Round, rng: random.Random, texts: _Texts
) -> dict[str, dict[str, Any] | None]:
    """One invented respondent's answers: {question id: value, or None when skipped}."""
    answers: dict[str, dict[str, Any] | None] = {}
    mood = plan.mood + rng.gauss(0.15, 0.55)
    for question in survey.questions_for(version):
        if not question.answerable or question.show_if is not None:
            continue
        if question.type_name == "text":
            text = texts.next(survey.id, question.id, version)
            if text and rng.random() < TEXT_RATE.get(question.id, 0.5):
                answers[question.id] = question.parse({"answer": [text]})
            continue
        if rng.random() < TUNES.get(question.id, Tune()).skip:
            answers[question.id] = None
            continue
        value = closed_value(question, version, mood, rng)
        answers[question.id] = value
        if question.breakdown and value is not None:
            mood += GROUP_MOOD.get(value.get("option", ""), 0.0)
    return answers


def add_responses(
    db: Session, consultation: Consultation, survey: Survey, now: datetime | None = None
) -> int:
    """The consultation's invented responses, each added once (found by its start key).
    Returns how many were added. Commits, then codes the new free text as a submit would."""
    plan = ROUNDS.get(consultation.join_code)
    if plan is None:
        return 0
    rng = random.Random(f"voices-demo-{consultation.join_code}")  # nosec B311  # demo data, not a secret
    seed = f"voices-demo-texts-{consultation.join_code}"
    texts = _Texts(random.Random(seed))  # nosec B311  # demo data, not a secret
    now = now or utcnow()
    prefix = f"demo-{consultation.join_code}-"
    have = set(
        db.exec(select(Response.start_key).where(col(Response.start_key).startswith(prefix)))
    )
    versions, weights = list(plan.versions), list(plan.versions.values())
    added = 0
    low, high = plan.days
    for n in range(plan.count + plan.started):
        # Every draw happens whether or not the response exists, so each one is the same.
        version = rng.choices(versions, weights=weights)[0]
        answers = respondent(survey, version, plan, rng, texts)
        finished = n < plan.count
        # Spread evenly over the days, oldest first: the review screen lists the oldest first.
        share = (n + rng.random()) / plan.count if finished else rng.random()
        when = now - timedelta(days=high - (high - low) * share)
        key = f"{prefix}{'f' if finished else 'p'}{n:03d}"
        if key in have:
            continue
        if not finished:  # started, answered about half, never sent
            answers = dict(list(answers.items())[: len(answers) // 2])
        name = n if plan.names else None
        _store(db, consultation, key, version, answers, when, name, finished)
        added += 1
    db.commit()
    if added:
        coding.code_missing(db, consultation)
    return added


def _store(
    db: Session,
    consultation: Consultation,
    key: str,
    version: str,
    answers: Mapping[str, dict[str, Any] | None],
    when: datetime,
    name_index: int | None,
    finished: bool,
) -> None:
    """One response (submitted when finished, else still in progress) and its answers."""
    response = Response(
        consultation_id=consultation.id,
        start_key=key,
        token_hash=f"{key}-token",
        version=version,
        locale="en",
        respondent_name=NAMES[name_index % len(NAMES)] if name_index is not None else None,
        status="submitted" if finished else "in_progress",
        created_at=when - timedelta(minutes=12),
        updated_at=when,
        submitted_at=when if finished else None,
    )
    db.add(response)
    db.flush()
    for question_id, value in answers.items():
        db.add(
            Answer(
                response_id=response.id,
                question_id=question_id,
                value=value,
                skipped=value is None,
                updated_at=when,
            )
        )


def fill(
    db: Session,
    consultation: Consultation,
    survey: Survey,
    reviewer_id: int | None,
    live_session_id: int | None = None,
) -> dict[str, int]:
    """Responses, group notes, reviews, quotes, actions and facts for one demo consultation.
    Commits."""
    made = {"responses": add_responses(db, consultation, survey)}
    if reviewer_id is not None:
        made["notes"] = add_notes(db, consultation, live_session_id, reviewer_id)
        if made["notes"]:
            coding.code_missing(db, consultation)
        made["reviews"] = add_reviews(db, consultation, reviewer_id)
        made["quotes"] = add_quotes(db, consultation, reviewer_id)
        made["actions"] = add_actions(db, consultation, reviewer_id)
    no_facts = (
        db.exec(
            select(ClosedAnswerFact.id).where(ClosedAnswerFact.consultation_id == consultation.id)
        ).first()
        is None
    )
    if any(made.values()) or no_facts:
        facts.rebuild_consultation(db, consultation.id)
    db.commit()
    return made
