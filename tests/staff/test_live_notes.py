"""Group notes over HTTP: add, edit, delete, validation messages, coding, roles, audit."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from tests.staff.conftest import make_staff, signed_in
from tests.staff.live_helpers import make_open_consultation, make_session
from voices.models import AnswerCoding, AuditEvent, GroupNote

NOTES = "We talked about pocket money and feeling safe at school. Most felt listened to."
GOOD = {"text": NOTES, "participants": "7", "age_min": "12", "age_max": "15", "session": ""}


@pytest.fixture
def consultation(session, organisation):
    return make_open_consultation(session, organisation)


@pytest.fixture
def worker(client, session, organisation):
    return signed_in(client, make_staff(session, organisation, "worker"))


def _base(org, consultation) -> str:
    return f"/staff/o/{org.slug}/consultations/{consultation.id}"


def _errors(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select(".error-summary__list a")
    return {a["href"].lstrip("#"): a.get_text(strip=True) for a in summary}


def test_add_notes_saves_codes_and_lists_them(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    form = client.get(_base(organisation, consultation) + f"/notes/new?session={live.id}")
    assert form.status_code == 200
    assert "counted as one group, not one child" in form.text
    soup = BeautifulSoup(form.text, "html.parser")
    assert soup.find("option", selected=True)["value"] == str(live.id)
    response = client.post(
        _base(organisation, consultation) + "/notes/new", data={**GOOD, "session": str(live.id)}
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("#group-notes")
    note = session.exec(select(GroupNote)).one()
    assert (note.participants, note.age_min, note.age_max) == (7, 12, 15)
    assert note.live_session_id == live.id and note.text == NOTES
    coding = session.exec(select(AnswerCoding).where(AnswerCoding.group_note_id == note.id)).one()
    assert coding.consultation_id == consultation.id and coding.engine_version
    page = client.get(_base(organisation, consultation))
    assert NOTES in page.text and "7 participants, aged 12 to 15" in page.text
    assert "each note counts as one group, not as one child" in page.text
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "group_note.create")).one()
    assert audit.target_id == str(note.id) and NOTES not in str(audit.detail)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "  "}, "text", "Enter the notes from the discussion"),
        (
            {"text": "x" * 8001},
            "text",
            "Notes must be 8,000 characters or fewer (these have 8,001)",
        ),
        (
            {"participants": ""},
            "participants",
            "Enter the number of participants as a whole number from 1 to 200",
        ),
        (
            {"participants": "0"},
            "participants",
            "Enter the number of participants as a whole number from 1 to 200",
        ),
        (
            {"participants": "201"},
            "participants",
            "Enter the number of participants as a whole number from 1 to 200",
        ),
        (
            {"participants": "2.5"},
            "participants",
            "Enter the number of participants as a whole number from 1 to 200",
        ),
        ({"age_min": "4"}, "age_min", "Enter the youngest age as a whole number from 5 to 25"),
        ({"age_max": "26"}, "age_max", "Enter the oldest age as a whole number from 5 to 25"),
        (
            {"age_min": "16", "age_max": "12"},
            "age_max",
            "The oldest age must be the same as or more than the youngest age",
        ),
        ({"session": "999999"}, "session", "Choose one of this consultation's sessions, or none"),
    ],
)
def test_validation_messages_are_precise_and_nothing_is_saved(
    client, session, organisation, consultation, worker, changes, field, message
):
    response = client.post(
        _base(organisation, consultation) + "/notes/new", data={**GOOD, **changes}
    )
    assert response.status_code == 400
    assert _errors(response.text) == {field: message}
    assert response.text.count("<title>Error:") == 1
    assert session.exec(select(GroupNote)).all() == []
    # What was typed is shown again.
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.find(id="participants")["value"] == changes.get("participants", "7")


def test_8000_characters_and_edge_ages_are_accepted(
    client, session, organisation, consultation, worker
):
    data = {**GOOD, "text": "y" * 8000, "participants": "200", "age_min": "5", "age_max": "5"}
    assert (
        client.post(_base(organisation, consultation) + "/notes/new", data=data).status_code == 303
    )
    assert len(session.exec(select(GroupNote)).one().text) == 8000


def test_a_coding_failure_keeps_the_note(
    client, session, organisation, consultation, worker, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr("voices.staff.live.notes.code_note", broken)
    response = client.post(_base(organisation, consultation) + "/notes/new", data=GOOD)
    assert response.status_code == 303
    note = session.exec(select(GroupNote)).one()
    assert note.text == NOTES
    assert session.exec(select(AnswerCoding)).all() == []


def test_edit_recodes_and_delete_removes(client, session, organisation, consultation, worker):
    client.post(_base(organisation, consultation) + "/notes/new", data=GOOD)
    note = session.exec(select(GroupNote)).one()
    edit = client.get(_base(organisation, consultation) + f"/notes/{note.id}/edit")
    assert edit.status_code == 200 and NOTES in edit.text
    changed = {**GOOD, "text": "Bullying at school came up a lot.", "participants": "9"}
    response = client.post(
        _base(organisation, consultation) + f"/notes/{note.id}/edit", data=changed
    )
    assert response.status_code == 303
    session.refresh(note)
    assert note.text == "Bullying at school came up a lot." and note.participants == 9
    assert len(session.exec(select(AnswerCoding)).all()) == 1  # recoded, not added twice
    bad = client.post(
        _base(organisation, consultation) + f"/notes/{note.id}/edit",
        data={**changed, "age_max": "3"},
    )
    assert bad.status_code == 400
    session.refresh(note)
    assert note.age_max == 15
    assert (
        client.post(_base(organisation, consultation) + f"/notes/{note.id}/delete").status_code
        == 303
    )
    assert session.exec(select(GroupNote)).all() == []
    assert session.exec(select(AnswerCoding)).all() == []
    actions = session.exec(select(AuditEvent.action)).all()
    assert {"group_note.create", "group_note.edit", "group_note.delete"} <= set(actions)


def test_another_consultations_note_is_not_found(
    client, session, organisation, consultation, worker
):
    other = make_open_consultation(session, organisation, code="WQ4TRX")
    client.post(_base(organisation, other) + "/notes/new", data=GOOD)
    note = session.exec(select(GroupNote)).one()
    assert (
        client.get(_base(organisation, consultation) + f"/notes/{note.id}/edit").status_code == 404
    )
    assert (
        client.post(_base(organisation, consultation) + f"/notes/{note.id}/delete").status_code
        == 404
    )
    assert client.get(_base(organisation, consultation) + "/notes/x/edit").status_code == 404
    # A session of another consultation cannot be linked.
    live = make_session(session, other)
    response = client.post(
        _base(organisation, consultation) + "/notes/new", data={**GOOD, "session": str(live.id)}
    )
    assert response.status_code == 400 and "session" in _errors(response.text)


@pytest.mark.parametrize("role", ["viewer", "safeguarding", "admin"])
def test_only_workers(client, session, organisation, consultation, role):
    signed_in(client, make_staff(session, organisation, role))
    assert client.get(_base(organisation, consultation) + "/notes/new").status_code == 403
    assert (
        client.post(_base(organisation, consultation) + "/notes/new", data=GOOD).status_code == 403
    )
    assert session.exec(select(GroupNote)).all() == []
