"""`voices demo` fills each demo consultation with enough responses, reviewed codes, quotes
and actions for every findings page to show something, links last year's round, raises no
safeguarding alert, and adds nothing when run again."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from voices import db
from voices.alerts import screening
from voices.coding.codebook import load_frameworks
from voices.definitions import load_catalog
from voices.demo import DEMO_CONSULTATIONS, create_demo
from voices.demo_actions import ACTIONS
from voices.demo_findings import (
    OTHER_TEXT,
    PREVIOUS_ROUND,
    ROUNDS,
    Round,
    _Texts,
    respondent,
)
from voices.demo_reviews import NOTES, reviewed_themes
from voices.demo_texts import TEXTS
from voices.models import (
    ACTION_STATUSES,
    Answer,
    ClosedAnswerFact,
    CodeReview,
    Consultation,
    FindingAction,
    Response,
    SafeguardingAlert,
    ThemeMention,
    utcnow,
)
from voices.paths import FRAMEWORKS
from voices.review import redaction
from voices.review.quotes import approved_quotes
from voices.staff.review.store import load_items

STAFF_THRESHOLD = 5  # Organisation.disclosure_threshold's default
PUBLIC_THRESHOLD = 10  # the public page's rule: no count below 10
CODES = [code for _, code, _, _ in DEMO_CONSULTATIONS]
ALL_CODES = [*CODES, PREVIOUS_ROUND[0]]
BREAKDOWNS = {
    "MYCARE": "where-live",
    "MYCAR3": "where-live",
    "PREP47": "attend",
    "CARER9": "carer-type",
}


def _dump(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.connection.driver_connection.iterdump())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, list[str], list[str]]]:
    """The demo made once, then made again: (engine, dump after the first, after the second)."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    engine = db.make_engine(url)
    catalog = load_catalog()
    create_demo(engine, "http://127.0.0.1", catalog)
    first = _dump(engine)
    create_demo(engine, "http://127.0.0.1", catalog)
    yield engine, first, _dump(engine)
    engine.dispose()


@pytest.fixture
def session(demo) -> Iterator[Session]:
    with Session(demo[0]) as session:
        yield session


def _consultation(session: Session, code: str) -> Consultation:
    return session.exec(select(Consultation).where(Consultation.join_code == code)).one()


def _submitted(session: Session, consultation: Consultation) -> list[Response]:
    return list(
        session.exec(
            select(Response)
            .where(Response.consultation_id == consultation.id)
            .where(Response.status == "submitted")
        )
    )


def test_running_the_demo_again_changes_nothing(demo) -> None:
    _, first, second = demo
    assert first == second
    assert any('INSERT INTO "finding_action"' in line for line in first)


@pytest.mark.parametrize("code", ALL_CODES)
def test_each_consultation_has_enough_responses_for_findings(session: Session, code: str) -> None:
    consultation = _consultation(session, code)
    responses = _submitted(session, consultation)
    assert len(responses) >= ROUNDS[code].count >= 40
    versions = Counter(r.version for r in responses)
    assert set(versions) == set(ROUNDS[code].versions)
    assert min(versions.values()) >= PUBLIC_THRESHOLD  # every age version can be shown
    # Spread over weeks, all inside the consultation's open window.
    dates = sorted(r.submitted_at.replace(tzinfo=UTC) for r in responses)
    assert dates[-1] - dates[0] >= timedelta(days=21)
    assert dates[0] >= consultation.opens_at.replace(tzinfo=UTC)
    if consultation.closes_at is not None:
        assert dates[-1] <= consultation.closes_at.replace(tzinfo=UTC)


@pytest.mark.parametrize("code", ALL_CODES)
def test_closed_answers_are_counted_in_the_facts(session: Session, code: str) -> None:
    consultation = _consultation(session, code)
    counted = session.exec(
        select(
            ClosedAnswerFact.question_id, func.count(func.distinct(ClosedAnswerFact.response_id))
        )
        .where(ClosedAnswerFact.consultation_id == consultation.id)
        .group_by(ClosedAnswerFact.question_id)
    ).all()
    assert counted and all(n >= PUBLIC_THRESHOLD for _, n in counted)
    if code in BREAKDOWNS:
        options = Counter(
            session.exec(
                select(ClosedAnswerFact.option)
                .where(ClosedAnswerFact.consultation_id == consultation.id)
                .where(ClosedAnswerFact.question_id == BREAKDOWNS[code])
            )
        )
        # Groups big enough to show on staff pages and on the public page.
        assert sum(n >= PUBLIC_THRESHOLD for n in options.values()) >= 2
        assert sum(n >= STAFF_THRESHOLD for n in options.values()) >= 3


@pytest.mark.parametrize("code", ALL_CODES)
def test_themes_show_both_reviewed_and_suggested(session: Session, code: str) -> None:
    consultation = _consultation(session, code)
    rows = session.exec(
        select(
            ThemeMention.framework,
            ThemeMention.theme,
            ThemeMention.reviewed,
            func.count(func.distinct(ThemeMention.response_id)),
        )
        .where(ThemeMention.consultation_id == consultation.id)
        .group_by(ThemeMention.framework, ThemeMention.theme, ThemeMention.reviewed)
    ).all()
    assert {reviewed for _, _, reviewed, _ in rows} == {True, False}
    assert max(n for *_, reviewed, n in rows if reviewed) >= PUBLIC_THRESHOLD
    assert {framework for framework, *_ in rows} == set(consultation.frameworks)
    sentiments = session.exec(
        select(ThemeMention.sentiment).where(ThemeMention.consultation_id == consultation.id)
    ).all()
    assert len(set(sentiments)) >= 2
    reviewers = session.exec(
        select(func.count()).where(CodeReview.consultation_id == consultation.id)
    ).one()
    assert reviewers >= 20


def test_the_review_screen_still_opens_on_answers_to_review(session: Session) -> None:
    """The oldest answers are left unreviewed, so the review screen starts on work to do."""
    items = load_items(session, _consultation(session, "MYCARE").id)
    assert len(items) > 40
    assert all(not item.reviews for item in items[:6])
    assert any(item.reviews for item in items)


def test_last_years_round_is_linked_and_closed(session: Session) -> None:
    current, earlier = _consultation(session, "MYCARE"), _consultation(session, PREVIOUS_ROUND[0])
    assert current.previous_round_id == earlier.id
    assert earlier.survey_id == current.survey_id
    assert earlier.closes_at is not None
    assert earlier.closes_at.replace(tzinfo=UTC) < utcnow()
    assert earlier.frameworks == current.frameworks

    def mean(consultation: Consultation) -> float:
        return session.exec(
            select(func.avg(ClosedAnswerFact.number))
            .where(ClosedAnswerFact.consultation_id == consultation.id)
            .where(col(ClosedAnswerFact.number).is_not(None))
        ).one()

    assert mean(current) > mean(earlier)  # things got a bit better: the change shows


@pytest.mark.parametrize("code", ALL_CODES)
def test_quotes_are_approved_and_redacted(session: Session, code: str) -> None:
    found = approved_quotes(session, _consultation(session, code).id)
    assert len(found) >= 3
    assert all(redaction.check(quote.text) is None for quote in found)


def test_named_mode_quotes_leave_the_name_out(session: Session) -> None:
    consultation = _consultation(session, "PREP47")
    names = {r.respondent_name for r in _submitted(session, consultation)}
    assert None not in names
    for quote in approved_quotes(session, consultation.id):
        assert not any(name in quote.text for name in names if name)


@pytest.mark.parametrize("code", ALL_CODES)
def test_actions_have_a_mix_of_statuses(session: Session, code: str) -> None:
    consultation = _consultation(session, code)
    actions = session.exec(
        select(FindingAction).where(FindingAction.consultation_id == consultation.id)
    ).all()
    assert len(actions) == len(ACTIONS[code]) >= 2
    themes = load_frameworks(FRAMEWORKS).frameworks
    for action in actions:
        assert action.status in ACTION_STATUSES
        assert action.heard and action.action and action.owner and action.due_on
        assert action.organisation_id == consultation.organisation_id
        if action.framework is not None:
            assert action.framework in consultation.frameworks
            assert action.theme in themes[action.framework].theme_ids
    if code in CODES:
        assert any(a.public for a in actions)
        assert any(a.progress for a in actions)


def test_actions_across_the_demo_use_every_status_and_translations(session: Session) -> None:
    actions = session.exec(select(FindingAction)).all()
    assert {a.status for a in actions} == set(ACTION_STATUSES)
    assert any(not a.public for a in actions)  # a draft, not on the public page
    translated = [a for a in actions if a.translations]
    assert translated
    for action in translated:
        for locale, words in action.translations.items():
            assert locale in ("cy", "pl", "ar")
            assert set(words) <= {"heard", "action", "progress"} and words["heard"]


def test_no_sample_answer_raises_a_safeguarding_alert(session: Session) -> None:
    assert session.exec(select(func.count()).select_from(SafeguardingAlert)).one() == 0
    texts = [t for pools in TEXTS.values() for ts in pools.values() for t in ts]
    texts += list(OTHER_TEXT.values())
    texts += [note[0] for notes in NOTES.values() for note in notes]
    flagged = [t for t in texts if screening.screen_answer({"text": t}, "en") is not None]
    assert flagged == []
    # And the stored answers are those texts (nothing else reached the database).
    stored = session.exec(select(Answer.value)).all()
    words = {v.get("text") for v in stored if v and v.get("text")}
    assert words and words <= set(texts) | _earlier_samples()


def _earlier_samples() -> set[str]:
    from voices.demo_answers import SAMPLES

    return {text for _, answers in SAMPLES for text in answers.values()}


def test_respondents_are_the_same_for_the_same_seed() -> None:
    survey = load_catalog().get("my-life-in-care")
    assert survey is not None
    plan = Round(1, {"12-17": 1})

    def made(seed: int) -> list[dict]:
        rng, texts = random.Random(seed), _Texts(random.Random(seed))
        return [respondent(survey, "12-17", plan, rng, texts) for _ in range(20)]

    assert made(1) == made(1)
    assert made(1) != made(2)
    answered = made(1)
    assert all(a["where-live"] is not None for a in answered)
    assert any(a.get("one-change") for a in answered)


def test_the_demo_reviewer_adds_what_the_words_name_and_drops_an_over_read() -> None:
    allowed = {"shanarri": ["safe", "achieving", "nurtured"], "promise": ["family", "voice"]}
    suggestions = {
        "shanarri": [{"theme": "safe", "score": 0.9}, {"theme": "nurtured", "score": 0.5}],
        "promise": [],
    }
    kept = reviewed_themes("I want to see my sister", suggestions, allowed, drop=False)
    assert kept == {"shanarri": ["safe", "nurtured"], "promise": ["family"]}
    dropped = reviewed_themes("maths is hard", suggestions, allowed, drop=True)
    assert dropped == {"shanarri": ["safe", "achieving"], "promise": []}


def test_the_group_session_has_notes_counted_as_groups(session: Session) -> None:
    consultation = _consultation(session, "TEAM46")
    rows = session.exec(
        select(ThemeMention.group_note_id, ThemeMention.reviewed)
        .where(ThemeMention.consultation_id == consultation.id)
        .where(col(ThemeMention.group_note_id).is_not(None))
    ).all()
    assert {note for note, _ in rows} and {reviewed for _, reviewed in rows} == {True, False}
    assert all(
        r is None
        for r in session.exec(
            select(ThemeMention.response_id).where(col(ThemeMention.group_note_id).is_not(None))
        )
    )


@pytest.mark.parametrize("code", ALL_CODES)
def test_some_responses_were_started_and_never_sent(session: Session, code: str) -> None:
    """So completion shows below 100%; unsent answers never reach the facts."""
    consultation = _consultation(session, code)
    started = session.exec(
        select(Response)
        .where(Response.consultation_id == consultation.id)
        .where(Response.status == "in_progress")
    ).all()
    assert len(started) == ROUNDS[code].started > 0
    assert all(r.submitted_at is None for r in started)
    counted = session.exec(
        select(func.count()).where(col(ClosedAnswerFact.response_id).in_([r.id for r in started]))
    ).one()
    assert counted == 0
