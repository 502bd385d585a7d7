"""Learning from an organisation's reviewed codes: what is learned from, what is stored, what
is re-coded, and what is refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.review.reviewed import add_answer, add_review, make_reviewed, zorbs_text
from tests.staff.conftest import make_staff
from voices.coding.labelled import read_labelled
from voices.models import (
    AnswerCoding,
    AuditEvent,
    CodeReview,
    GroupNote,
    LearnedModel,
    SafeguardingAlert,
)
from voices.paths import CODING_DATA
from voices.review import coding
from voices.review.learn import (
    MIN_ITEMS,
    CannotLearn,
    learn,
    learning_summary,
    reviewed_items,
)

DATA = CODING_DATA


def test_learning_stores_a_model_with_its_examples_measures_and_author(session):
    world = make_reviewed(session)
    learned = learn(session, world.organisation.id, "shanarri", world.reviewer.id)
    model = session.exec(select(LearnedModel)).one()
    assert model.id == learned.model.id and model.created_by_id == world.reviewer.id
    assert model.examples == [r.id for r in world.reviews]
    assert model.measures["method"] == "leave-one-out" and model.measures["items"] == 24
    assert model.measures["before"]["recall"] == 0.5
    assert model.measures["after"]["recall"] == 1.0
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "coding.learn")).one()
    assert event.actor_id == world.reviewer.id and event.detail["items"] == 24
    assert "zorbs" not in str(event.detail)  # numbers only, never a child's words


def test_too_few_reviewed_items_is_refused_with_the_count(session):
    world = make_reviewed(session, items=MIN_ITEMS - 1)
    with pytest.raises(CannotLearn) as refused:
        learn(session, world.organisation.id, "shanarri")
    assert refused.value.reason == "items" and refused.value.items == MIN_ITEMS - 1
    assert f"{MIN_ITEMS - 1} reviewed items; at least {MIN_ITEMS}" in str(refused.value)
    assert session.exec(select(LearnedModel)).first() is None


def test_one_theme_only_is_refused(session):
    world = make_reviewed(session)
    for review in world.reviews:
        review.themes = {"shanarri": ["active"]}
        session.add(review)
    session.commit()
    with pytest.raises(CannotLearn) as refused:
        learn(session, world.organisation.id, "shanarri")
    assert refused.value.reason == "themes" and refused.value.themes == 1


def test_an_unknown_framework_is_refused(session):
    world = make_reviewed(session)
    with pytest.raises(CannotLearn, match="unknown framework 'nope'"):
        learn(session, world.organisation.id, "nope")


def test_held_answers_are_never_learned_from_until_their_alert_closes(session):
    world = make_reviewed(session)
    held = world.answers[0]
    alert = SafeguardingAlert(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        response_id=held.response_id,
        answer_id=held.id,
        question_id="anything-else",
        tier="alert",
    )
    session.add(alert)
    session.commit()
    ids = [e.review_id for e in reviewed_items(session, world.organisation.id, "shanarri")]
    assert world.reviews[0].id not in ids and len(ids) == 23
    alert.status = "closed"
    session.add(alert)
    session.commit()
    assert len(reviewed_items(session, world.organisation.id, "shanarri")) == 24


def test_blind_reviews_and_unsubmitted_answers_are_not_learned_from(session):
    world = make_reviewed(session)
    consultation, reviewer = world.consultation, world.reviewer
    blind_only = add_answer(session, consultation, zorbs_text(1), "blind")
    add_review(session, consultation, blind_only, reviewer, ["safe"], blind=True)
    unfinished = add_answer(session, consultation, zorbs_text(2), "wip", status="in_progress")
    add_review(session, consultation, unfinished, reviewer, ["active"])
    # A blind second opinion on a reviewed item does not replace the agreed review.
    add_review(
        session,
        consultation,
        world.answers[1],
        make_staff(session, world.organisation, "worker", "second@x.example"),
        ["safe"],
        True,
    )
    session.commit()
    items = reviewed_items(session, world.organisation.id, "shanarri")
    assert len(items) == 24
    assert items[1].themes == frozenset({"achieving"})


def test_a_group_note_review_is_learned_from(session):
    world = make_reviewed(session, items=MIN_ITEMS)
    note = GroupNote(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        text="They love zorbs on Fridays",
        participants=6,
        age_min=12,
        age_max=15,
    )
    session.add(note)
    session.flush()
    review = CodeReview(
        consultation_id=world.consultation.id,
        group_note_id=note.id,
        reviewer_id=world.reviewer.id,
        themes={"shanarri": ["active"]},
    )
    session.add(review)
    session.commit()
    items = reviewed_items(session, world.organisation.id, "shanarri")
    assert items[-1].text == "They love zorbs on Fridays" and len(items) == MIN_ITEMS + 1


def test_unreviewed_items_are_recoded_and_reviewed_ones_keep_what_reviewers_saw(session):
    world = make_reviewed(session)
    assert coding.code_missing(session, world.consultation) == 24
    fresh = add_answer(session, world.consultation, zorbs_text(3), "fresh")
    session.commit()
    coding.code_missing(session, world.consultation)
    rows = {r.answer_id: r for r in session.exec(select(AnswerCoding))}
    assert rows[fresh.id].suggestions["shanarri"] == []  # the shipped engine: no zorbs
    learned = learn(session, world.organisation.id, "shanarri", world.reviewer.id)
    assert learned.recoded == 1
    session.expire_all()
    rows = {r.answer_id: r for r in session.exec(select(AnswerCoding))}
    assert [s["theme"] for s in rows[fresh.id].suggestions["shanarri"]] == ["active"]
    assert rows[fresh.id].engine_version == f"{coding.ENGINE_VERSION}+model{learned.model.id}"
    reviewed = rows[world.answers[0].id]
    assert reviewed.suggestions["shanarri"] == [] and "+model" not in reviewed.engine_version


def test_coder_for_picks_up_a_new_model_at_once(session):
    world = make_reviewed(session)
    org = world.organisation.id
    shipped, version = coding.coder_for(session, org, "shanarri")
    assert shipped is coding.shipped_coder("shanarri")[0] and version == coding.ENGINE_VERSION
    first = learn(session, org, "shanarri").model
    coder, version = coding.coder_for(session, org, "shanarri")
    assert coder.classifier is not None and version.endswith(f"+model{first.id}")
    assert coding.coder_for(session, org, "shanarri")[0] is coder  # cached
    second = learn(session, org, "shanarri").model
    newer, version = coding.coder_for(session, org, "shanarri")
    assert newer is not coder and version.endswith(f"+model{second.id}")


def test_engine_version_names_every_model_that_coded_an_item():
    v = coding.ENGINE_VERSION
    assert coding.engine_version([v, f"{v}+model7", f"{v}+model3"]) == f"{v}+model3+model7"
    assert coding.engine_version([v, v]) == v


def test_learning_summary_shows_counts_and_the_latest_model(session):
    world = make_reviewed(session)
    before = learning_summary(session, world.organisation.id, ["shanarri", "nope"])
    assert [(s.framework_id, s.reviewed, s.model) for s in before] == [("shanarri", 24, None)]
    learn(session, world.organisation.id, "shanarri", world.reviewer.id)
    (summary,) = learning_summary(session, world.organisation.id, ["shanarri"])
    assert summary.model is not None and summary.created_by == world.reviewer.email
    assert summary.before["precision"] == 1.0 and summary.after["recall"] == 1.0


def _dev_pairs(count: int) -> list[tuple[str, list[str]]]:
    items = read_labelled(DATA / "dev.jsonl", "shanarri")[:count]
    return [(item.text, sorted(item.themes)) for item in items]


def test_a_model_that_makes_suggestions_worse_is_stored_but_never_used(session):
    # On the first 40 of the development set, reviewers agree with the lexicon already:
    # held-out, the learned model does worse, so it must not code anything.
    world = make_reviewed(session, pairs=_dev_pairs(40))
    coding.code_missing(session, world.consultation)
    before = {r.id: r.engine_version for r in session.exec(select(AnswerCoding))}
    learned = learn(session, world.organisation.id, "shanarri", world.reviewer.id)
    figures = learned.model.measures
    assert figures["in_use"] is False and figures["after"]["f1"] < figures["before"]["f1"]
    assert coding.latest_model(session, world.organisation.id, "shanarri") is None
    in_use = coding.coder_for(session, world.organisation.id, "shanarri")[0]
    assert in_use is coding.shipped_coder("shanarri")[0]
    (summary,) = learning_summary(session, world.organisation.id, ["shanarri"])
    assert summary.rejected and summary.in_use is None and summary.model.id == learned.model.id
    session.expire_all()
    assert {r.id: r.engine_version for r in session.exec(select(AnswerCoding))} == before


def test_a_learned_models_examples_are_read_once_not_per_answer(session, monkeypatch):
    world = make_reviewed(session)
    learn(session, world.organisation.id, "shanarri")
    coder, _ = coding.coder_for(session, world.organisation.id, "shanarri")

    def read_again(*args, **kwargs):
        raise AssertionError("examples read again")

    monkeypatch.setattr(coding, "model_examples", read_again)
    coders = coding.coders_for(session, world.consultation)
    assert coders == [("shanarri", coder, coders[0][2])]
    assert coding.code_missing(session, world.consultation) == 24  # each coded, none re-read
