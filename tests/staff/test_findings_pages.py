"""The findings pages over HTTP: who may see them, filters by GET, differencing, the report."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.findings import facts_helpers as facts
from tests.helpers import soup
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, Organisation


@pytest.fixture
def world(session, organisation):
    c = facts.consultation(session, organisation)
    for _ in range(10):
        facts.respondent(
            session,
            c,
            version="8-11",
            closed={"where-live": "foster", "home-feel": "4"},
            themes=[("shanarri", "safe", True, "positive")],
        )
    for _ in range(3):
        facts.respondent(
            session,
            c,
            version="12-17",
            closed={"where-live": "family", "home-feel": "2"},
            themes=[("shanarri", "safe", False, "negative")],
        )
    session.commit()
    return c


def _url(org, c, tail=""):
    return f"/staff/o/{org.slug}/consultations/{c.id}/findings{tail}"


@pytest.mark.parametrize("role", ["viewer", "worker", "admin"])
def test_every_findings_role_sees_the_page(client, session, organisation, world, role):
    signed_in(client, make_staff(session, organisation, role))
    page = client.get(_url(organisation, world))
    assert page.status_code == 200
    text = soup(page).get_text(" ")
    assert "Findings: Round 2" in text and "13" in text
    assert "fewer than 5" in text  # 3 respondents gave 12-17 answers


def test_safeguarding_alone_may_not(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "safeguarding"))
    assert client.get(_url(organisation, world)).status_code == 403


def test_differencing_through_the_page(client, session, organisation, world):
    """All (13) against all but the 12-17 group (10): the second shows only a message."""
    signed_in(client, make_staff(session, organisation, "viewer"))
    whole = soup(client.get(_url(organisation, world)))
    assert whole.select("#theme-safe")
    part = soup(client.get(_url(organisation, world) + "?version=8-11"))
    assert part.select(".findings-message") and not part.select("#theme-safe")
    part = soup(client.get(_url(organisation, world) + "?by-where-live=foster"))
    assert part.select(".findings-message") and not part.select("#theme-safe")


def test_bad_dates_are_reported_on_the_form(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "viewer"))
    page = client.get(_url(organisation, world) + "?date_from=31-03-2026")
    assert page.status_code == 400
    assert soup(page).select(".error-summary a[href='#date_from']")


def test_report_is_printable_and_audited(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "viewer"))
    page = client.get(_url(organisation, world, "/report"))
    assert page.status_code == 200
    html = soup(page)
    assert organisation.name in html.select_one(".findings-report__council").get_text()
    assert html.select_one("time[datetime]")
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "findings.report")).all()
    assert len(events) == 1


def test_rounds_page(client, session, organisation, world):
    later = facts.consultation(session, organisation, "Round 3", previous=world.id)
    for _ in range(6):
        facts.respondent(session, later, themes=[("shanarri", "safe", True, "positive")])
    session.commit()
    signed_in(client, make_staff(session, organisation, "viewer"))
    page = soup(client.get(_url(organisation, later, "/rounds")))
    headings = [th.get_text() for th in page.select("thead th")]
    assert headings[1:] == ["Round 2", "Round 3"]


def test_admin_sets_the_threshold(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "admin"))
    url = f"/staff/o/{organisation.slug}/findings/settings"
    assert client.post(url, data={"threshold": "2"}).status_code == 400
    assert client.post(url, data={"threshold": "3"}).status_code == 303
    session.expire_all()
    assert session.get(Organisation, organisation.id).disclosure_threshold == 3
    text = soup(client.get(_url(organisation, world))).get_text(" ")
    assert "fewer than 3" in text


def test_viewer_may_not_set_the_threshold(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "viewer"))
    url = f"/staff/o/{organisation.slug}/findings/settings"
    assert client.post(url, data={"threshold": "9"}).status_code == 403


def test_findings_are_linked_for_viewers_and_workers(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "viewer"))
    org_page = soup(client.get(f"/staff/o/{organisation.slug}"))
    assert org_page.select_one("[data-link=findings] a")["href"].endswith("/findings")
    listing = soup(client.get(f"/staff/o/{organisation.slug}/findings"))
    assert listing.select_one(f"a[href='{_url(organisation, world)}']")
    signed_in(client, make_staff(session, organisation, "worker"))
    detail = soup(client.get(f"/staff/o/{organisation.slug}/consultations/{world.id}"))
    assert detail.select_one(f"a[href='{_url(organisation, world)}']")


def test_months_filter_and_a_month_wider_is_a_neighbour(client, session, organisation):
    """March alone (6) beside February to March (7): one February child would show."""
    from datetime import UTC, datetime

    c = facts.consultation(session, organisation)
    for day in range(6):
        facts.respondent(session, c, when=datetime(2026, 3, 2 + day, tzinfo=UTC))
    facts.respondent(session, c, when=datetime(2026, 2, 10, tzinfo=UTC))
    for _ in range(6):
        facts.respondent(session, c, when=datetime(2026, 5, 10, tzinfo=UTC))
    session.commit()
    signed_in(client, make_staff(session, organisation, "viewer"))
    march = soup(client.get(_url(organisation, c) + "?date_from=2026-03&date_to=2026-03"))
    assert march.select(".findings-message")
    may = soup(client.get(_url(organisation, c) + "?date_from=2026-05&date_to=2026-05"))
    assert not may.select(".findings-message")
    assert "6" in may.select_one(".findings-summary").get_text(" ")
