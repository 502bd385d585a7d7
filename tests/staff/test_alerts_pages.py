"""The safeguarding lead's alert pages: scope, roles, order, highlights, actions, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import make_consultation
from tests.staff.conftest import make_organisation, make_staff, signed_in
from voices.alerts import outbox
from voices.models import Answer, AuditEvent, Organisation, Response, SafeguardingAlert, utcnow
from voices.staff.alerts import view

WORDS = "مرحبا 😢 he hits me"


def add_alert(session, consultation, tier="alert", text=WORDS, created=None, status="open"):
    response = Response(
        consultation_id=consultation.id,
        start_key=f"k{utcnow().timestamp()}{tier}{status}{text[:3]}",
        token_hash=f"t{utcnow().timestamp()}{tier}{status}{text[:3]}",
        version="12-17",
        locale="en",
    )
    session.add(response)
    session.flush()
    answer = Answer(
        response_id=response.id,
        question_id="anything-else",
        value={"text": text},
        updated_at=utcnow() - timedelta(hours=2),
    )
    session.add(answer)
    session.flush()
    start = text.find("hits")
    alert = SafeguardingAlert(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        response_id=response.id,
        answer_id=answer.id,
        question_id="anything-else",
        tier=tier,
        reasons=[{"field": "text", "category": "abuse-physical", "start": start, "end": start + 4}],
        status=status,
        created_at=created or utcnow() - timedelta(hours=1),
    )
    session.add(alert)
    session.commit()
    return alert


@pytest.fixture
def setup(session):
    consultation = make_consultation(session)
    own = session.get(Organisation, consultation.organisation_id)
    other = make_organisation(session, "other-council")
    other_consultation = make_consultation(session, "ZZ9ZZZ")
    return own, other, consultation, other_consultation


@pytest.mark.parametrize("role", ["safeguarding", "admin", "worker", "viewer"])
def test_every_alert_route_is_for_the_lead_only(client, session, setup, role):
    own, _, consultation, other_consultation = setup
    alert = add_alert(session, consultation)
    foreign = add_alert(session, other_consultation)
    signed_in(client, make_staff(session, own, role))
    base = f"/staff/o/{own.slug}/alerts"
    expected = 200 if role == "safeguarding" else 403
    assert client.get(base).status_code == expected
    assert client.get(f"{base}/{alert.id}").status_code == expected
    posted = client.post(f"{base}/{alert.id}/acknowledge", follow_redirects=False)
    assert posted.status_code == (303 if role == "safeguarding" else 403)
    if role == "safeguarding":
        assert client.get(f"{base}/{foreign.id}").status_code == 404
        assert client.post(f"{base}/{foreign.id}/acknowledge").status_code == 404
        assert client.get(f"/staff/o/{setup[1].slug}/alerts").status_code == 404


def test_queue_order_and_open_count(client, session, setup):
    own, _, consultation, _ = setup
    now = utcnow()
    check = add_alert(session, consultation, "check", "a", now - timedelta(hours=5))
    unscreened = add_alert(session, consultation, "unscreened", "b", now - timedelta(hours=4))
    new_alert = add_alert(session, consultation, "alert", "c", now - timedelta(hours=1))
    old_alert = add_alert(session, consultation, "alert", "d", now - timedelta(hours=3))
    closed = add_alert(session, consultation, "alert", "e", now - timedelta(hours=9), "closed")
    signed_in(client, make_staff(session, own, "safeguarding"))
    page = client.get(f"/staff/o/{own.slug}/alerts?status=all").text
    order = [old_alert, new_alert, unscreened, check, closed]
    positions = [page.index(f'/alerts/{a.id}"') for a in order]
    assert positions == sorted(positions)
    assert "4 open" in client.get(f"/staff/o/{own.slug}").text


def test_highlights_on_arabic_and_emoji_and_the_view_is_audited_without_words(
    client, session, setup
):
    own, _, consultation, _ = setup
    alert = add_alert(session, consultation)
    signed_in(client, make_staff(session, own, "safeguarding"))
    page = client.get(f"/staff/o/{own.slug}/alerts/{alert.id}").text
    assert "<mark>hits</mark>" in page and "مرحبا 😢 he " in page
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "alert.view")).all()
    assert event.target_id == str(alert.id) and "hits" not in repr(event.detail)


def test_segments_count_characters():
    assert view.segments("😢ab", [{"field": "text", "start": 1, "end": 2}], "text") == [
        ("😢", False),
        ("a", True),
        ("b", False),
    ]


def test_a_changed_answer_has_no_marks(client, session, setup):
    own, _, consultation, _ = setup
    alert = add_alert(session, consultation)
    answer = session.get(Answer, alert.answer_id)
    answer.updated_at = utcnow()
    session.commit()
    signed_in(client, make_staff(session, own, "safeguarding"))
    page = client.get(f"/staff/o/{own.slug}/alerts/{alert.id}").text
    assert "<mark>" not in page and "changed this answer" in page


def test_acknowledge_stops_escalation_close_needs_a_note_and_notes_append(client, session, setup):
    own, _, consultation, _ = setup
    alert = add_alert(session, consultation, created=utcnow() - timedelta(hours=2))
    signed_in(client, make_staff(session, own, "safeguarding"))
    base = f"/staff/o/{own.slug}/alerts/{alert.id}"
    client.post(f"{base}/acknowledge")
    assert outbox.queue_escalations(session, utcnow(), 30, "http://x") == 0
    client.post(f"{base}/note", data={"note": "Rang the social\x00 worker"})
    client.post(f"{base}/note", data={"note": "Met the child"})
    client.post(f"{base}/close", data={"outcome": "concern"})
    session.expire_all()
    fresh = session.get(SafeguardingAlert, alert.id)
    assert fresh.status == "acknowledged"
    assert "Rang the social worker" in fresh.action_taken and "Met the child" in fresh.action_taken
    client.post(f"{base}/close", data={"outcome": "false_alarm", "note": "Misread"})
    session.expire_all()
    fresh = session.get(SafeguardingAlert, alert.id)
    assert (fresh.status, fresh.outcome) == ("closed", "false_alarm")
    actions = session.exec(select(AuditEvent.action, AuditEvent.detail)).all()
    assert {"alert.acknowledge", "alert.note", "alert.close"} <= {a for a, _ in actions}
    assert "worker" not in repr(actions) and "hits" not in repr(actions)


def test_lead_reads_questions_and_other_answers_in_words_not_ids(client, session, setup):
    own, _, consultation, _ = setup
    alert = add_alert(session, consultation)
    response_id = alert.response_id
    session.add_all(
        [
            Answer(response_id=response_id, question_id="where-live", value={"option": "foster"}),
            Answer(response_id=response_id, question_id="likes", value={"options": ["sport"]}),
            Answer(response_id=response_id, question_id="feel-safe", value=None, skipped=True),
        ]
    )
    session.commit()
    signed_in(client, make_staff(session, own, "safeguarding"))
    queue = client.get(f"/staff/o/{own.slug}/alerts").text
    assert "Is there anything else you want to tell us?" in queue
    page = client.get(f"/staff/o/{own.slug}/alerts/{alert.id}").text
    assert "With foster carers" in page and "Sport" in page and "Skipped" in page
    assert ">foster<" not in page and ">sport<" not in page
