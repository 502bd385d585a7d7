"""Hostile text typed into the staff forms (actions and their translations, group notes,
an alert's record of what was done, a quote's redacted copy, a response's reference,
a new consultation): stored as typed and shown back as text, on the form and after."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.security import payloads as p
from tests.security import world as w
from tests.staff.conftest import signed_in
from voices.models import Consultation, FindingAction, GroupNote


@pytest.fixture
def world(session):
    return w.build(session)


@pytest.fixture
def staff(client, world):
    return signed_in(client, world.staff)


def _posted(client, url: str, data: dict) -> None:
    response = client.post(url, data=data)
    assert response.status_code == 303, (url, response.status_code, response.text[:300])


def _shows(client, url: str, *texts: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return p.assert_shows(response.text, *texts)


def test_an_action_and_its_translation(client, staff, session, world):
    texts = {"heard": p.mixed("H2"), "action": p.FORMULAS[0], "progress": p.mixed("P2")}
    welsh = {f"{k}_cy": p.mixed(k.upper() + "-CY2") for k in texts}
    data = {**texts, **welsh, "owner": p.SHORT, "status": "planned", "public": "yes"}
    _posted(client, f"{world.base}/actions/new", {**data, "theme": "shanarri:safe"})
    row = session.exec(select(FindingAction).where(FindingAction.heard == texts["heard"])).one()
    assert row.translations["cy"]["heard"] == welsh["heard_cy"] and row.owner == p.SHORT
    _shows(client, f"{world.base}/actions", *texts.values(), p.SHORT)
    _shows(client, f"{world.base}/actions/{row.id}/edit", *texts.values(), *welsh.values())
    _shows(client, f"/results/{w.CODE}?lang=cy", welsh["heard_cy"])
    too_long = client.post(f"{world.base}/actions/new", data={**data, "heard": p.LONG_WORD})
    assert too_long.status_code in (400, 422)
    p.assert_shows(too_long.text, p.LONG_WORD)


def test_group_notes(client, staff, session, world):
    text = p.mixed("NOTE2")
    data = {"text": text, "participants": "6", "age_min": "12", "age_max": "15"}
    _posted(client, f"{world.base}/notes/new", data)
    note = session.exec(select(GroupNote).where(GroupNote.text == text)).one()
    page = _shows(client, world.base, text)
    p.assert_isolated(page, text)
    _shows(client, f"{world.base}/notes/{note.id}/edit", text)


def test_what_was_done_about_an_alert(client, staff, world):
    url = f"/staff/o/{world.organisation.slug}/alerts/{world.alert.id}"
    note = p.mixed("DONE")
    _posted(client, f"{url}/note", {"note": note})
    page = _shows(client, url, note)
    p.assert_isolated(page, note)


def test_a_quote_redacted_copy(client, staff, world):
    answer = world.answers["quiet-0"]
    redacted = p.mixed("REDACTED")
    _posted(client, f"{world.base}/review/quotes/{answer.id}", {"redacted": redacted})
    page = _shows(client, f"{world.base}/review/quotes", redacted)
    p.assert_isolated(page, redacted)


def test_a_response_reference(client, staff, world):
    rid = world.answers["quiet-0"].response_id
    url = f"{world.base}/responses/{rid}"
    _posted(client, url, {"reference": p.IMG})
    _shows(client, url, p.IMG)


def test_a_new_consultation(client, staff, session, world):
    title, asking = f"New {p.SHORT}", p.mixed("ASKING2")
    data = {
        "survey": "all-types",
        "title": title,
        "who_is_asking": asking,
        "anonymous": "yes",
        "opens": date.today().isoformat(),
        "versions": ["8-11", "12-17"],
        "locales": ["en"],
        "frameworks": ["shanarri"],
    }
    response = client.post(f"/staff/o/{world.organisation.slug}/consultations/new", data=data)
    assert response.status_code == 303, p.parse(response.text).get_text(" ", strip=True)[:600]
    row = session.exec(select(Consultation).where(Consultation.title == title)).one()
    assert row.who_is_asking == asking
    base = f"/staff/o/{world.organisation.slug}/consultations"
    _shows(client, base, title)
    _shows(client, f"{base}/{row.id}/poster", title, asking)
    welcome = _shows(client, f"/c/{row.join_code}", asking)
    p.assert_isolated(welcome, asking)
