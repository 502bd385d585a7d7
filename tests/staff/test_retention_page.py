"""The admin's "Data and retention" page: sets both periods within bounds, audited."""

from __future__ import annotations

from sqlmodel import select

from tests.helpers import soup
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, Organisation


def _url(organisation) -> str:
    return f"/staff/o/{organisation.slug}/retention"


def test_admin_sees_the_settings_and_saves_them(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "admin"))
    page = soup(client.get(_url(organisation)))
    assert page.select_one("#unfinished_days")["value"] == "30"
    assert page.select_one("#named_days")["value"] == "365"
    assert "No purge has run yet" in page.select_one("[data-last-purge]").get_text()
    saved = client.post(_url(organisation), data={"unfinished_days": "14", "named_days": "730"})
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("/retention?saved=1")
    session.expire_all()
    org = session.get(Organisation, organisation.id)
    assert (org.unfinished_retention_days, org.named_retention_days) == (14, 730)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "retention.settings")).one()
    assert event.detail == {
        "before": {"unfinished_days": 30, "named_days": 365},
        "after": {"unfinished_days": 14, "named_days": 730},
    }
    assert soup(client.get(saved.headers["location"])).select_one("[role=status]")


def test_out_of_bounds_days_are_refused_with_the_reason_at_each_field(
    client, session, organisation
):
    signed_in(client, make_staff(session, organisation, "admin"))
    refused = client.post(_url(organisation), data={"unfinished_days": "0", "named_days": "ten"})
    assert refused.status_code == 400
    page = soup(refused)
    assert (
        page.select_one("#unfinished_days-error")
        .get_text(" ", strip=True)
        .endswith("Enter a number of days from 1 to 365, not 0")
    )
    assert (
        page.select_one("#named_days-error")
        .get_text(" ", strip=True)
        .endswith("Enter a whole number of days from 30 to 3650")
    )
    assert [a["href"] for a in page.select(".error-summary a")] == [
        "#unfinished_days",
        "#named_days",
    ]
    assert page.select_one("#named_days")["value"] == "ten"
    session.expire_all()
    org = session.get(Organisation, organisation.id)
    assert (org.unfinished_retention_days, org.named_retention_days) == (30, 365)
    assert not session.exec(
        select(AuditEvent).where(AuditEvent.action == "retention.settings")
    ).all()


def test_only_admins_see_or_change_it(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    assert client.get(_url(organisation)).status_code == 403
    assert (
        client.post(
            _url(organisation), data={"unfinished_days": "5", "named_days": "60"}
        ).status_code
        == 403
    )
    org_page = soup(client.get(f"/staff/o/{organisation.slug}"))
    assert not org_page.select_one("[data-link=retention]")
    signed_in(client, make_staff(session, organisation, "admin"))
    org_page = soup(client.get(f"/staff/o/{organisation.slug}"))
    assert org_page.select_one("[data-link=retention] a")["href"] == _url(organisation)
    listing = soup(client.get(f"/staff/o/{organisation.slug}/findings"))
    assert listing.select_one(f"a[href='{_url(organisation)}']")


def test_the_page_shows_the_last_purge(client, session, organisation):
    from voices.models import utcnow
    from voices.retention import policy, purge

    cut = policy.cutoffs(utcnow(), 30, 365)
    purge.purge_organisation(session, organisation, cut, dry_run=False)
    session.commit()
    signed_in(client, make_staff(session, organisation, "admin"))
    text = soup(client.get(_url(organisation))).select_one("[data-last-purge]").get_text()
    assert "UTC: 0 unfinished responses and 0 names removed; 0 kept" in text
