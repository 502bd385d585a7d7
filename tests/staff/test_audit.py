"""The audit page: scoped to the organisation, filtered, paginated, append-only, no child's words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import make_consultation
from tests.helpers import follow, question_id, soup, start
from tests.staff.conftest import make_staff, signed_in
from tests.staff.test_route_permissions import ROUTES, World, make_live, url_for
from voices import audit
from voices.models import ROLES, Answer, AuditEvent, Response, SafeguardingAlert, utcnow

DISCLOSURE = "my stepdad hits me when he is drunk"


def rows(page) -> list[list[str]]:
    return [
        [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in soup(page).select("table.staff-table tbody tr")
    ]


@pytest.fixture
def admin(client, session, organisation):
    user = make_staff(session, organisation, "admin")
    signed_in(client, user)
    return user


def test_the_log_shows_this_organisation_and_its_members_sign_ins(
    client, session, organisation, other_organisation, admin
):
    outsider = make_staff(session, other_organisation, "admin", email="out@example.org")
    signed_in(
        client.__class__(
            client.app, follow_redirects=False, headers={"Origin": "http://testserver"}
        ),
        outsider,
    )
    audit.record(
        session, "consultation.create", actor_id=outsider.id, organisation_id=other_organisation.id
    )
    audit.record(session, "consultation.create", actor_id=admin.id, organisation_id=organisation.id)
    session.commit()
    page = client.get("/staff/o/test-council/audit")
    assert page.status_code == 200
    found = rows(page)
    assert [r[2] for r in found if r[2].startswith("consultation")] == ["consultation.create"]
    assert any(r[2] == "sign_in" and r[1] == admin.email for r in found)
    assert not any(r[1] == "out@example.org" for r in found)


def test_filters_by_action_person_and_dates(client, session, organisation, admin):
    worker = make_staff(session, organisation, "worker", email="w@example.org")
    audit.record(session, "response.view", actor_id=worker.id, organisation_id=organisation.id)
    old = audit.record(session, "export", actor_id=admin.id, organisation_id=organisation.id)
    old.at = utcnow() - timedelta(days=10)
    session.commit()
    by_action = rows(client.get("/staff/o/test-council/audit?action=response.view"))
    assert [r[2] for r in by_action] == ["response.view"]
    by_person = rows(client.get(f"/staff/o/test-council/audit?person={worker.id}"))
    assert {r[1] for r in by_person} == {"w@example.org"}
    day = (utcnow() - timedelta(days=10)).date().isoformat()
    by_date = rows(client.get(f"/staff/o/test-council/audit?from={day}&to={day}"))
    assert [r[2] for r in by_date] == ["export"]
    recent = rows(client.get(f"/staff/o/test-council/audit?from={utcnow().date().isoformat()}"))
    assert "export" not in [r[2] for r in recent]
    bad = client.get("/staff/o/test-council/audit?from=yesterday")
    assert bad.status_code == 400 and "year-month-day" in bad.text


def test_fifty_events_a_page(client, session, organisation, admin):
    for n in range(60):
        audit.record(session, "response.view", organisation_id=organisation.id, target_id=n)
    session.commit()
    first = client.get("/staff/o/test-council/audit?action=response.view")
    assert len(rows(first)) == 50
    older = soup(first).find("a", string="Older events")["href"]
    assert "page=2" in older and "action=response.view" in older
    second = client.get("/staff/o/test-council/audit" + older)
    assert len(rows(second)) == 10 and soup(second).find("a", string="Newer events")


def test_events_cannot_be_changed_or_deleted(session, organisation):
    event = audit.record(session, "sign_in", organisation_id=organisation.id)
    session.commit()
    event.action = "nothing happened"
    with pytest.raises(audit.AppendOnlyError):
        session.commit()
    session.rollback()
    with pytest.raises(audit.AppendOnlyError):
        session.delete(session.get(AuditEvent, event.id))
        session.commit()
    session.rollback()
    assert not hasattr(audit, "delete") and not hasattr(audit, "update")


def test_no_child_s_words_reach_the_audit_log_after_a_journey_and_every_page(client, session):
    consultation = make_consultation(session)
    page = follow(client, start(client))
    while question_id(page) != "anything-else":
        page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
    assert client.post(str(page.url.path), data={"answer": DISCLOSURE}).status_code == 303
    answer = session.exec(select(Answer).where(Answer.question_id == "anything-else")).one()
    response = session.get(Response, answer.response_id)
    alert = session.exec(select(SafeguardingAlert)).first()
    assert alert is not None  # the disclosure raised one: its pages are visited too

    org = consultation.organisation_id
    from voices.models import FindingAction, Organisation

    organisation = session.get(Organisation, org)
    for role in ROLES:
        staff = make_staff(session, organisation, role, email="all@example.org")
    colleague = make_staff(session, organisation, "worker", email="colleague@example.org")
    signed_in(client, staff)
    live, note = make_live(session, consultation)
    world = World(
        organisation, organisation, consultation, response, answer, alert, colleague, live, note
    )
    world.finding_action = FindingAction(
        organisation_id=org, consultation_id=consultation.id, heard="h", action="a"
    )
    session.add(world.finding_action)
    session.commit()
    for route in ROUTES:
        if route.method == "GET":
            url = url_for(route, world, organisation.slug)
            # The quote page refuses this answer (held by the alert, response not submitted):
            # 409 with the reason and never the words. tests/review/test_quotes.py audits it.
            expected = 409 if "{aid}" in route.path else 200
            assert client.get(url).status_code == expected, url

    for event in session.exec(select(AuditEvent)).all():
        text = " ".join([event.action, event.target_type, event.target_id, repr(event.detail)])
        for word in DISCLOSURE.split():
            if len(word) > 2:
                assert word not in text.lower(), (word, event)
