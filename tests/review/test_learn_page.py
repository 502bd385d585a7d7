"""/staff/o/{org}/coding: the admin page that shows and retrains what reviewed codes teach."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.review.reviewed import make_reviewed
from tests.review.test_learn import _dev_pairs
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, LearnedModel

URL = "/staff/o/test-council/coding"


@pytest.fixture
def admin_client(client, session):
    world = make_reviewed(session)
    admin = make_staff(session, world.organisation, "admin", name="Ada Admin")
    signed_in(client, admin)
    client.world = world
    client.admin = admin
    return client


def test_the_page_shows_counts_before_any_model(admin_client):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert "Not learned yet." in page.text
    assert "24 reviewed answers to learn from now; at least 20 are needed." in page.text
    assert 'name="framework" value="shanarri"' in page.text
    assert "zorbs" not in page.text  # figures only, never a child's words


def test_retraining_stores_a_model_and_shows_before_and_after(admin_client, session):
    done = admin_client.post(URL, data={"framework": "shanarri"})
    assert done.status_code == 303
    assert (
        done.headers["location"].startswith(URL + "?") and "zorbs" not in done.headers["location"]
    )
    page = admin_client.get(done.headers["location"])
    assert "retrained from 24 reviewed items; 0 unreviewed answers re-coded" in page.text
    assert "by Ada Admin" in page.text
    assert "12 of 12 (100%)" in page.text and "24 of 24 (100%)" in page.text
    assert "50% before, 100% after (of 24)" in page.text
    assert "leave-one-out cross-validation" in page.text
    model = session.exec(select(LearnedModel)).one()
    assert model.created_by_id == admin_client.admin.id
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "coding.learn")).one()
    assert event.actor_id == admin_client.admin.id and event.target_id == str(model.id)


def test_too_few_items_is_refused_precisely_and_audited(client, session):
    world = make_reviewed(session, items=12)
    admin = make_staff(session, world.organisation, "admin")
    signed_in(client, admin)
    done = client.post(URL, data={"framework": "shanarri"})
    page = client.get(done.headers["location"])
    assert "was not retrained: it has 12 reviewed items and needs at least 20" in page.text
    assert 'role="alert"' in page.text
    assert session.exec(select(LearnedModel)).first() is None
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "coding.learn_refused")
    ).one()
    assert event.detail == {"framework": "shanarri", "reason": "items", "items": 12}


def test_an_unknown_framework_changes_nothing(admin_client, session):
    done = admin_client.post(URL, data={"framework": "nope"})
    assert done.status_code == 303 and done.headers["location"] == URL
    assert session.exec(select(LearnedModel)).first() is None


@pytest.mark.parametrize("role", ["worker", "safeguarding", "viewer"])
def test_only_admins_see_or_retrain(client, session, role):
    world = make_reviewed(session)
    user = make_staff(session, world.organisation, role, email=f"{role}-only@example.org")
    signed_in(client, user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"framework": "shanarri"}).status_code == 403
    assert session.exec(select(LearnedModel)).first() is None


def test_the_organisation_page_links_admins_to_it(admin_client):
    assert 'href="/staff/o/test-council/coding"' in admin_client.get("/staff/o/test-council").text


def test_a_model_that_would_make_things_worse_is_said_to_be_unused(client, session):
    world = make_reviewed(session, pairs=_dev_pairs(40))
    signed_in(client, make_staff(session, world.organisation, "admin"))
    page = client.get(client.post(URL, data={"framework": "shanarri"}).headers["location"])
    assert "in testing the new model made suggestions worse, so it is not used" in page.text
    assert "Not in use: in testing it made suggestions worse" in page.text
    assert "Coding new answers now with the engine as shipped." in page.text


def test_the_review_screen_shows_what_learning_changed_but_not_when_blind(client, session):
    from voices.review.learn import learn

    world = make_reviewed(session)
    learn(session, world.organisation.id, "shanarri")
    signed_in(client, world.reviewer)
    base = f"/staff/o/test-council/consultations/{world.consultation.id}/review"
    page = client.get(base).text
    assert "What reviewed codes taught the engine" in page
    assert "50% before, 100% after (of 24)" in page
    assert "Retrain" not in page  # the button is the admin page's
    assert "What reviewed codes taught the engine" not in client.get(base + "?mode=blind").text
