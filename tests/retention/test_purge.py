"""`voices purge` against a real database (SQLite, or PostgreSQL with VOICES_TEST_DATABASE_URL):
exactly the right rows go, a second run removes nothing, a dry run changes nothing, and the
findings facts stay what a rebuild makes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, func, select

from tests.retention import world as worlds
from voices.findings import facts
from voices.models import (
    Answer,
    AnswerCoding,
    AuditEvent,
    CodeReview,
    OutboxEmail,
    RateLimitBucket,
    Response,
    SafeguardingAlert,
    StaffSession,
    StaffToken,
)
from voices.retention import policy, purge

GONE = {"old_unfinished", "old_unfinished_closed_alert", "old_discarded_closed_alert"}
# A concern is a safeguarding record: "old_named_closed_alert" (closed as one) keeps its name.
UNNAMED = {"old_named"}


def _purge(session: Session, w: worlds.World, dry_run: bool = False) -> policy.Counts:
    cut = policy.cutoffs(
        w.now, w.organisation.unfinished_retention_days, w.organisation.named_retention_days
    )
    counts = purge.purge_organisation(session, w.organisation, cut, dry_run=dry_run)
    session.commit()
    session.expire_all()
    return counts


@pytest.fixture
def w(session: Session) -> worlds.World:
    built = worlds.build(session)
    session.commit()
    return built


def test_purge_removes_exactly_what_retention_says(session, w):
    counts = _purge(session, w)
    left = {name for name, rid in w.ids.items() if session.get(Response, rid) is not None}
    assert left == set(w.ids) - GONE
    assert counts.unfinished_responses == 3
    assert counts.answers == 6 and counts.codings == 3 and counts.closed_alerts == 2
    assert counts.held_unfinished == 3  # open, acknowledged and closed as a concern
    gone_ids = [w.ids[n] for n in GONE]
    assert not session.exec(select(Answer).where(col(Answer.response_id).in_(gone_ids))).all()
    assert not session.exec(
        select(SafeguardingAlert).where(col(SafeguardingAlert.response_id).in_(gone_ids))
    ).all()
    for name in left:
        row = session.get(Response, w.ids[name])
        assert len(session.exec(select(Answer).where(Answer.response_id == row.id)).all()) == 2
        if name in UNNAMED:
            assert (row.respondent_name, row.reference) == (None, None)
        elif row.status == "submitted":
            assert (row.respondent_name, row.reference) == ("Sam", "REF-1"), name
    assert counts.names == 1 and counts.held_names == 3


def test_answers_and_reviewed_codes_stay_when_the_name_goes(session, w):
    _purge(session, w)
    row = session.get(Response, w.ids["old_named"])
    assert row.respondent_name is None and row.status == "submitted"
    answers = session.exec(select(Answer.id).where(Answer.response_id == row.id)).all()
    assert session.exec(select(CodeReview).where(col(CodeReview.answer_id).in_(answers))).one()
    assert session.exec(select(AnswerCoding).where(col(AnswerCoding.answer_id).in_(answers))).one()


def test_expired_resume_codes_are_cleared_and_live_ones_kept(session, w):
    counts = _purge(session, w)
    assert counts.resume_codes == 2  # one on a response kept, one on a response that goes
    fresh = session.get(Response, w.ids["fresh_expired_code"])
    assert fresh.resume_code_hash is None and fresh.resume_expires_at is None
    assert fresh.status == "in_progress"
    assert session.get(Response, w.ids["fresh_unfinished"]).resume_code_hash is not None
    kept = session.get(Response, w.ids["old_unfinished_live_code"])  # 40 days, code valid
    assert kept.resume_code_hash is not None and kept.status == "in_progress"


def test_a_second_run_removes_nothing(session, w):
    _purge(session, w)
    again = _purge(session, w)
    assert again.unfinished_responses == again.answers == again.names == again.resume_codes == 0
    assert again.held_unfinished == 3 and again.held_names == 3


def test_a_dry_run_changes_nothing_and_reports_what_a_run_removes(session, w):
    worlds.housekeeping_rows(session, w.now)
    session.commit()
    before = worlds.snapshot(session.connection())
    cut = policy.housekeeping_cutoffs(w.now, timedelta(hours=1), timedelta(hours=12))
    dry_house = purge.housekeeping(session, cut, dry_run=True)  # first, as run_purge does
    dry = _purge(session, w, dry_run=True)
    assert worlds.snapshot(session.connection()) == before
    assert dry_house == purge.housekeeping(session, cut, dry_run=False)
    assert dry == _purge(session, w)


def test_findings_facts_match_a_rebuild_after_purge(session, w):
    _purge(session, w)
    after = worlds.fact_counts(session, w.consultation.id)
    facts.rebuild_consultation(session, w.consultation.id)
    assert worlds.fact_counts(session, w.consultation.id) == after
    assert after[0] > 0 and after[1] > 0  # the submitted answers still count


def test_each_run_is_audited_with_counts_only(session, w):
    counts = _purge(session, w)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "retention.purge")).one()
    assert event.organisation_id == w.organisation.id
    assert event.detail == counts.as_dict()
    assert "Sam" not in str(event.detail) and "words" not in str(event.detail)


def test_another_organisations_settings_and_rows_are_its_own(session, w):
    other = worlds.build(session, slug="keeps-longer")
    other.organisation.unfinished_retention_days = 60
    session.add(other.organisation)
    session.commit()
    _purge(session, w)
    assert all(session.get(Response, rid) for rid in other.ids.values())
    counts = _purge(session, other)
    assert counts.unfinished_responses == 0  # 40 days old, kept for 60
    assert counts.names == 1


def test_housekeeping_removes_dead_rows_only(session, w):
    worlds.housekeeping_rows(session, w.now)
    session.commit()
    cut = policy.housekeeping_cutoffs(w.now, timedelta(hours=1), timedelta(hours=12))
    counts = purge.housekeeping(session, cut, dry_run=False)
    session.commit()
    assert counts.staff_sessions == 1 and counts.staff_tokens == 1
    assert counts.rate_limit_buckets == 1
    # The invitation, 40 days old; the four closed alerts' emails stay with their record.
    assert counts.sent_emails == 1
    alert_emails = select(OutboxEmail).where(col(OutboxEmail.kind) == "alert")
    assert len(session.exec(alert_emails.where(col(OutboxEmail.sent_at).is_not(None))).all()) == 4

    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model)).one()

    assert count(StaffSession) == 1 and count(StaffToken) == 1 and count(RateLimitBucket) == 1
    unsent = session.exec(select(OutboxEmail).where(col(OutboxEmail.sent_at).is_(None))).all()
    assert len(unsent) == 5  # unsent never go: four alerts not closed, one invitation
    assert purge.housekeeping(session, cut, dry_run=False) == policy.HousekeepingCounts()
