"""The People pages: invitations, accepting them, roles, removal, signing out everywhere."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.conftest import _session_on
from tests.helpers import soup
from tests.staff.conftest import make_staff, signed_in
from voices.app import create_app
from voices.guard import CSRF_FIELD
from voices.models import AuditEvent, Membership, OutboxEmail, StaffToken, User
from voices.staff.people import tokens

NEW_PASSWORD = "orange kettle summit 7"


def actions(session) -> list[str]:
    return [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


def invite_link(page) -> str:
    return soup(page).find("input", {"id": "invite-link"})["value"]


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


@pytest.fixture
def admin(client, session, organisation) -> User:
    user = make_staff(session, organisation, "admin", name="Ada Admin")
    signed_in(client, user)
    return user


def test_people_page_lists_members_with_roles(client, session, organisation, admin):
    make_staff(session, organisation, "worker", email="w@example.org", name="Wyn Worker")
    make_staff(session, organisation, "safeguarding", email="w@example.org")
    page = client.get("/staff/o/test-council/people")
    assert page.status_code == 200
    text = soup(page).get_text(" ")
    assert "Wyn Worker" in text and "worker, safeguarding lead" in text and "Ada Admin" in text
    org = client.get("/staff/o/test-council")
    assert 'href="/staff/o/test-council/people"' in org.text


def test_an_invitation_is_a_single_use_link_and_only_its_hash_is_kept(
    client, session, organisation, admin
):
    page = client.post(
        "/staff/o/test-council/people/invite", data={"email": " New@Example.org ", "role": "worker"}
    )
    assert page.status_code == 200
    link = invite_link(page)
    token = link.rsplit("/", 1)[1]
    assert link.startswith("http://127.0.0.1:8000/staff/invite/")
    (row,) = session.exec(select(StaffToken)).all()
    assert row.token_hash != token and token not in row.token_hash
    assert (row.kind, row.email, row.role) == ("invite", "new@example.org", "worker")
    assert row.expires_at - row.created_at == timedelta(hours=72)
    assert session.exec(select(OutboxEmail)).all() == []  # no SMTP: the admin sends it
    assert "invite.create" in actions(session)
    assert "new@example.org" in client.get("/staff/o/test-council/people").text  # pending

    fresh = TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"})
    form = fresh.get(path_of(link))
    assert form.status_code == 200 and "Join Test Council" in form.text
    short = fresh.post(path_of(link), data={"name": "Nia", "new": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.text
    data = {"name": "Nia New", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    joined = fresh.post(path_of(link), data=data)
    assert joined.status_code == 303 and joined.headers["location"] == "/staff/o/test-council"
    assert fresh.get("/staff/o/test-council").status_code == 200
    user = session.exec(select(User).where(User.email == "new@example.org")).one()
    assert user.display_name == "Nia New"
    assert {"invite.accept", "sign_in", "role.grant", "user.create"} <= set(actions(session))

    again = TestClient(
        client.app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ).post(path_of(link), data=data)
    assert again.status_code == 410 and "already been used" in again.text


def test_an_expired_or_unknown_link_says_so(client, session, organisation, admin):
    link = invite_link(
        client.post(
            "/staff/o/test-council/people/invite", data={"email": "x@y.org", "role": "viewer"}
        )
    )
    row = session.exec(select(StaffToken)).one()
    row.expires_at = row.created_at - timedelta(seconds=1)
    session.add(row)
    session.commit()
    expired = client.get(path_of(link))
    assert expired.status_code == 410 and "expired" in expired.text
    unknown = client.get("/staff/invite/not-a-real-token")
    assert unknown.status_code == 404 and "does not work" in unknown.text


def test_the_invitation_is_emailed_when_smtp_is_set(settings, engine, connection, session):
    smtp_settings = replace(settings, smtp_host="127.0.0.1")
    app = create_app(smtp_settings, engine=engine, session_factory=lambda: _session_on(connection))
    client = TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    )  # no lifespan: no mailer thread
    from tests.staff.conftest import make_organisation

    org = make_organisation(session)
    signed_in(client, make_staff(session, org, "admin"))
    page = client.post(
        "/staff/o/test-council/people/invite", data={"email": "e@x.org", "role": "worker"}
    )
    assert "We have emailed the link" in page.text
    (email,) = session.exec(select(OutboxEmail)).all()
    assert (email.kind, email.to_address) == ("invite", "e@x.org")
    assert invite_link(page) in email.body


def test_inviting_someone_with_an_account_gives_the_role_at_once(
    client, session, organisation, other_organisation, admin
):
    make_staff(session, other_organisation, "worker", email="known@example.org")
    page = client.post(
        "/staff/o/test-council/people/invite", data={"email": "known@example.org", "role": "viewer"}
    )
    assert "already has an account" in page.text
    assert session.exec(select(StaffToken)).all() == []
    roles = session.exec(
        select(Membership.role).where(Membership.organisation_id == organisation.id)
    ).all()
    assert "viewer" in roles


def test_a_bad_invitation_form_shows_errors(client, admin):
    page = client.post(
        "/staff/o/test-council/people/invite", data={"email": "nope", "role": "boss"}
    )
    assert page.status_code == 400
    assert "Enter an email address" in page.text and "Choose a role" in page.text


def test_changing_roles_is_audited_and_the_last_admin_stays(client, session, organisation, admin):
    worker = make_staff(session, organisation, "worker", email="w@example.org")
    url = f"/staff/o/test-council/people/{worker.id}"
    assert client.get(url).status_code == 200
    saved = client.post(url + "/roles", data={"roles": ["viewer", "admin"]})
    assert saved.status_code == 200 and "Roles saved" in saved.text
    roles = set(session.exec(select(Membership.role).where(Membership.user_id == worker.id)).all())
    assert roles == {"viewer", "admin"}
    assert actions(session).count("role.revoke") == 1

    # Two admins: one may step down. Then the remaining one may not.
    assert client.post(url + "/roles", data={"roles": ["viewer"]}).status_code == 200
    mine = f"/staff/o/test-council/people/{admin.id}"
    refused = client.post(mine + "/roles", data={"roles": ["worker"]})
    assert refused.status_code == 400 and "at least one admin" in refused.text
    assert client.post(mine + "/remove").status_code == 400
    empty = client.post(url + "/roles", data={})
    assert empty.status_code == 400 and "Choose at least one role" in empty.text


def test_removing_a_member(client, session, organisation, admin):
    worker = make_staff(session, organisation, "worker", email="w@example.org")
    done = client.post(f"/staff/o/test-council/people/{worker.id}/remove")
    assert done.status_code == 303 and done.headers["location"].endswith("people?done=removed")
    assert "has been removed" in client.get(done.headers["location"]).text
    assert session.exec(select(Membership).where(Membership.user_id == worker.id)).all() == []
    assert "member.remove" in actions(session)
    assert client.get(f"/staff/o/test-council/people/{worker.id}").status_code == 404


def test_signing_a_person_out_everywhere(client, session, organisation, admin):
    worker = make_staff(session, organisation, "worker", email="w@example.org")
    theirs = signed_in(
        TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"}),
        worker,
    )
    assert theirs.get("/staff/o/test-council").status_code == 200
    page = client.post(f"/staff/o/test-council/people/{worker.id}/sign-out")
    assert page.status_code == 200 and "signed out everywhere" in page.text
    assert theirs.get("/staff/o/test-council").status_code == 303
    assert client.get("/staff/o/test-council").status_code == 200  # the admin stays in
    assert "sessions.revoke" in actions(session)


def test_an_admin_makes_a_reset_link_that_ends_every_session(client, session, organisation, admin):
    worker = make_staff(session, organisation, "worker", email="w@example.org")
    theirs = signed_in(
        TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"}),
        worker,
    )
    page = client.post(f"/staff/o/test-council/people/{worker.id}/reset-link")
    link = soup(page).find("input", {"id": "reset-link"})["value"]
    assert "/staff/reset/" in link and "reset.create" in actions(session)
    fresh = TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"})
    assert fresh.get(path_of(link)).status_code == 200
    data = {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    done = fresh.post(path_of(link), data=data)
    assert done.status_code == 200 and "Your password has been changed" in done.text
    assert theirs.get("/staff/o/test-council").status_code == 303
    signed_in(fresh, worker, NEW_PASSWORD)
    assert fresh.post(path_of(link), data=data).status_code == 410
    assert "password.reset" in actions(session)


def test_tokens_expire_and_are_single_use(session, organisation):
    token = tokens.make(session, "k", "reset", "a@b.org", timedelta(hours=1))
    session.commit()
    state, row = tokens.check(session, "k", "reset", token)
    assert state is tokens.State.OK
    assert tokens.check(session, "k", "invite", token)[0] is tokens.State.UNKNOWN
    assert tokens.check(session, "other-key", "reset", token)[0] is tokens.State.UNKNOWN
    assert tokens.claim(session, row) and not tokens.claim(session, row)
    session.commit()
    session.refresh(row)
    assert tokens.check(session, "k", "reset", token)[0] is tokens.State.USED


def test_password_reset_is_linked_from_sign_in(client):
    assert 'href="/staff/forgot-password"' in client.get("/staff/sign-in").text


def test_forgot_password_gives_one_answer_and_emails_only_real_accounts(
    client, session, organisation
):
    make_staff(session, organisation, "worker", email="w@example.org")
    known = client.post("/staff/forgot-password", data={"email": "W@example.org"})
    unknown = client.post("/staff/forgot-password", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    said = "If an account exists for"
    assert said in known.text and said in unknown.text
    (email,) = session.exec(select(OutboxEmail)).all()
    assert (email.kind, email.to_address) == ("reset", "w@example.org")
    link = re.search(r"https?://\S+/staff/reset/\S+", email.body).group(0)
    assert client.get(path_of(link)).status_code == 200
    row = session.exec(select(StaffToken)).one()
    assert row.expires_at - row.created_at == timedelta(hours=1)


def test_forgot_password_is_throttled_per_address(client, session, organisation):
    make_staff(session, organisation, "worker", email="w@example.org")
    for _ in range(5):
        page = client.post("/staff/forgot-password", data={"email": "w@example.org"})
        assert "If an account exists for" in page.text
    assert len(session.exec(select(OutboxEmail)).all()) == 3


def test_a_bad_email_on_the_forgot_form(client):
    page = client.post("/staff/forgot-password", data={"email": "nope"})
    assert page.status_code == 400 and "Enter an email address" in page.text


# --- withdrawing an invitation --------------------------------------------------------------

WITHDRAW = "/staff/o/test-council/people/invitations/withdraw"


def make_invitation(client, email: str = "wrong@example.org") -> tuple[str, str]:
    """Invite `email` as the signed-in admin: the link, and the hash the withdraw form carries."""
    page = client.post(
        "/staff/o/test-council/people/invite", data={"email": email, "role": "worker"}
    )
    button = soup(page).find("input", {"name": "invite"})
    assert button is not None, "no withdraw form beside the pending invitation"
    return invite_link(page), button["value"]


def test_an_admin_withdraws_an_invitation_and_its_link_stops_working(
    client, session, organisation, admin
):
    link, hash_ = make_invitation(client)
    page = soup(client.get("/staff/o/test-council/people"))
    form = page.find("form", {"action": WITHDRAW})
    assert form.find("input", {"name": CSRF_FIELD})
    assert form.button.get_text(" ", strip=True) == "Withdraw the invitation for wrong@example.org"
    assert "Withdraw" in form.button.find(string=True, recursive=False)
    assert form.button.find("span", class_="visually-hidden") is not None

    done = client.post(WITHDRAW, data={"invite": hash_})
    assert done.status_code == 303
    assert done.headers["location"] == f"/staff/o/test-council/people?done=withdrawn&invite={hash_}"
    after = client.get(done.headers["location"])
    notice = soup(after).find(class_="staff-notice")
    assert "The invitation for wrong@example.org has been withdrawn" in notice.get_text()
    assert "Invitations not yet used" not in after.text  # none left
    assert "wrong@example.org" not in client.get("/staff/o/test-council/people").text

    (row,) = session.exec(select(StaffToken)).all()
    session.refresh(row)
    assert row.used_at is None and row.expires_at <= tokens.utcnow()
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "invite.withdraw"))
    assert (event.actor_id, event.organisation_id) == (admin.id, organisation.id)
    assert (event.target_type, event.target_id) == ("email", "wrong@example.org")
    assert event.detail == {"role": "worker"}

    fresh = TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"})
    gone = fresh.get(path_of(link))
    assert gone.status_code == 410 and "This link has expired" in gone.text
    assert "Ask an admin in your organisation for a new invitation" in gone.text
    data = {"name": "Wren", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert fresh.post(path_of(link), data=data).status_code == 410
    assert session.exec(select(User).where(User.email == "wrong@example.org")).first() is None


def test_withdrawing_twice_withdraws_once(client, session, organisation, admin):
    _link, hash_ = make_invitation(client)
    _keep, _other_hash = make_invitation(client, "stays@example.org")
    assert client.post(WITHDRAW, data={"invite": hash_}).status_code == 303
    again = client.post(WITHDRAW, data={"invite": hash_})
    assert again.status_code == 400
    summary = soup(again).find(class_="error-summary")
    said = "The invitation for wrong@example.org had already expired or been withdrawn."
    assert said in summary.get_text()
    assert summary.find("a")["href"] == "#invitations" and soup(again).find(id="invitations")
    assert "stays@example.org" in again.text  # the other invitation is untouched and listed
    assert actions(session).count("invite.withdraw") == 1


def test_a_used_invitation_cannot_be_withdrawn(client, session, organisation, admin):
    link, hash_ = make_invitation(client)
    fresh = TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"})
    data = {"name": "Wren", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert fresh.post(path_of(link), data=data).status_code == 303
    refused = client.post(WITHDRAW, data={"invite": hash_})
    assert refused.status_code == 400
    assert "wrong@example.org has already used this invitation and joined" in refused.text
    assert "invite.withdraw" not in actions(session)
    assert fresh.get("/staff/o/test-council").status_code == 200  # still a member


def test_a_link_withdrawn_while_its_form_is_open_does_not_work(
    client, session, organisation, admin
):
    link, hash_ = make_invitation(client)
    fresh = TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"})
    assert fresh.get(path_of(link)).status_code == 200  # the form is open...
    assert client.post(WITHDRAW, data={"invite": hash_}).status_code == 303  # ...then withdrawn
    data = {"name": "Wren", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    late = fresh.post(path_of(link), data=data)
    assert late.status_code == 410 and "expired" in late.text


def test_only_this_organisations_unused_invitations_can_be_withdrawn(
    client, session, organisation, other_organisation, admin
):
    theirs = tokens.make(
        session, "k", "invite", "theirs@example.org", timedelta(hours=1),
        organisation_id=other_organisation.id, role="viewer",
    )  # fmt: skip
    reset = tokens.make(session, "k", "reset", admin.email, timedelta(hours=1), user_id=admin.id)
    session.commit()
    for token in (theirs, reset):
        refused = client.post(WITHDRAW, data={"invite": tokens.token_hash("k", token)})
        assert refused.status_code == 404
        assert "There is no such invitation in this organisation." in refused.text
        assert "theirs@example.org" not in refused.text
    unknown = client.post(WITHDRAW, data={"invite": "0" * 64})
    assert unknown.status_code == 404
    for bad in ({}, {"invite": ""}, {"invite": "not-a-hash"}, {"invite": "A" * 64}):
        page = client.post(WITHDRAW, data=bad)
        assert page.status_code == 400 and "Choose an invitation to withdraw." in page.text
    rows = session.exec(select(StaffToken)).all()
    assert all(r.expires_at > tokens.utcnow() for r in rows)  # nothing changed
    assert "invite.withdraw" not in actions(session)


def test_an_expired_invitation_cannot_be_withdrawn(client, session, organisation, admin):
    _link, hash_ = make_invitation(client)
    row = session.exec(select(StaffToken)).one()
    row.expires_at = row.created_at - timedelta(seconds=1)
    session.add(row)
    session.commit()
    refused = client.post(WITHDRAW, data={"invite": hash_})
    assert refused.status_code == 400 and "had already expired or been withdrawn" in refused.text
    assert "invite.withdraw" not in actions(session)


@pytest.mark.parametrize("role", ["worker", "safeguarding", "viewer"])
def test_only_an_admin_may_withdraw(client, session, organisation, role):
    admin_client = TestClient(
        client.app, follow_redirects=False, headers={"Origin": "http://testserver"}
    )
    signed_in(admin_client, make_staff(session, organisation, "admin", email="a@example.org"))
    _link, hash_ = make_invitation(admin_client)
    signed_in(client, make_staff(session, organisation, role, email="not-admin@example.org"))
    assert client.post(WITHDRAW, data={"invite": hash_}).status_code == 403
    assert "wrong@example.org" in admin_client.get("/staff/o/test-council/people").text
    assert "invite.withdraw" not in actions(session)


def test_the_withdrawn_notice_needs_a_withdrawn_invitation(client, session, organisation, admin):
    _link, hash_ = make_invitation(client)
    page = client.get(f"/staff/o/test-council/people?done=withdrawn&invite={hash_}")
    assert "has been withdrawn" not in page.text  # it still works: no false notice
    odd = client.get("/staff/o/test-council/people?done=withdrawn&invite=%00zz")
    assert odd.status_code == 200 and "has been withdrawn" not in odd.text
