"""Consultation pages for workers: roles, scoping, create, close/reopen, answers, audit."""

from __future__ import annotations

from sqlmodel import select

from tests.conftest import make_consultation
from tests.helpers import raise_alert
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, Consultation
from voices.staff.consultations import forms, poster


def _base(org) -> str:
    return f"/staff/o/{org.slug}/consultations"


def _survey(client) -> tuple[str, object]:
    survey = sorted(client.app.state.catalog.surveys.values(), key=lambda s: s.id)[0]
    return survey.id, survey


def _good(client) -> dict:
    survey_id, survey = _survey(client)
    return {
        "survey": survey_id,
        "title": "Our homes",
        "who_is_asking": "The children in care council",
        "anonymous": "yes",
        "opens": "2020-01-01",
        "closes": "",
        "versions": [v.id for v in survey.versions],
        "locales": list(survey.locales),
    }


def test_signed_out_goes_to_sign_in(client, organisation):
    response = client.get(_base(organisation), follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/sign-in")


def test_other_roles_are_forbidden(client, session, organisation):
    for role in ("viewer", "safeguarding", "admin"):
        user = make_staff(session, organisation, role)
        signed_in(client, user)
        assert client.get(_base(organisation)).status_code == 403
        assert client.get(_base(organisation) + "/new").status_code == 403


def test_create_happy_path_and_child_can_join(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    response = client.post(_base(organisation) + "/new", data=_good(client), follow_redirects=False)
    assert response.status_code == 303, response.text[:800]
    made = session.exec(select(Consultation).where(Consultation.title == "Our homes")).one()
    assert made.organisation_id == organisation.id and len(made.join_code) == 6
    page = client.get(response.headers["location"])
    assert made.join_code in page.text and f"/c/{made.join_code}" in page.text
    assert client.get(_base(organisation)).text.count("Our homes") == 1
    actions = session.exec(select(AuditEvent.action)).all()
    assert "consultation.create" in actions
    assert client.get(f"/c/{made.join_code}").status_code == 200
    poster_page = client.get(response.headers["location"] + "/poster")
    assert "<svg" in poster_page.text and "style=" not in poster_page.text.split("<svg")[1]


def test_who_sees_the_answers_is_told_to_children(client, session, organisation):
    """Optional: what the worker types is what the welcome and privacy pages say."""
    signed_in(client, make_staff(session, organisation, "worker"))
    told = {**_good(client), "title": "Told", "who_sees": "The Children in Care Council"}
    assert client.post(_base(organisation) + "/new", data=told).status_code == 303
    made = session.exec(select(Consultation).where(Consultation.title == "Told")).one()
    assert made.who_sees == "The Children in Care Council"
    for page in (f"/c/{made.join_code}", f"/c/{made.join_code}/privacy"):
        assert "The Children in Care Council" in client.get(page).text
    edit = client.get(f"{_base(organisation)}/{made.id}/edit").text
    assert 'value="The Children in Care Council"' in edit
    too_long = {**_good(client), "title": "Long", "who_sees": "x" * 501}
    refused = client.post(_base(organisation) + "/new", data=too_long)
    assert refused.status_code == 400 and "Who will see the answers must be" in refused.text


def test_create_bad_input_writes_nothing(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    data = _good(client) | {
        "title": "\x00",
        "opens": "2020-02-30",
        "versions": [],
        "locales": ["xx"],
    }
    response = client.post(_base(organisation) + "/new", data=data)
    assert response.status_code == 400
    for message in ("Enter a title", "real date", "at least one version", "at least one language"):
        assert message in response.text
    assert session.exec(select(Consultation)).all() == []


def test_closes_after_opens():
    form = forms.ConsultationForm(
        title="T",
        who_is_asking="W",
        opens="2027-03-02",
        closes="2027-03-01",
        versions=["a"],
        locales=["en"],
    )
    clean, errors = forms.validate(form, forms.Choices(["a"], ["en"], []))
    assert clean is None and "after" in errors["closes"]


def test_other_organisation_consultation_is_not_found(client, session, organisation):
    other = make_consultation(session, "QQ7RTX")
    signed_in(client, make_staff(session, organisation, "worker"))
    for suffix in ("", "/poster", "/responses"):
        assert client.get(f"{_base(organisation)}/{other.id}{suffix}").status_code == 404
    assert client.post(f"{_base(organisation)}/{other.id}/close").status_code == 404


def test_close_takes_effect_for_children_at_once(client, session, organisation):
    consultation = make_consultation(session, "QQ7RTY")
    consultation.organisation_id = organisation.id
    session.add(consultation)
    session.commit()
    assert client.get("/c/QQ7RTY").status_code == 200  # now cached by the directory
    signed_in(client, make_staff(session, organisation, "worker"))
    base = f"{_base(organisation)}/{consultation.id}"
    assert client.post(base + "/close", follow_redirects=False).status_code == 303
    assert "closed" in client.get("/c/QQ7RTY").text.lower()
    assert client.post(base + "/reopen", follow_redirects=False).status_code == 303
    actions = session.exec(select(AuditEvent.action)).all()
    assert {"consultation.close", "consultation.reopen"} <= set(actions)


def test_qr_svg_has_no_style():
    svg = poster.qr_svg("https://example.org/c/ABCDEF")
    assert svg.startswith("<svg") and "style=" not in svg


def _named_with_answers(session, organisation):
    from voices.models import Answer, Response

    consultation = make_consultation(session, "QQ7RTW", anonymous=False)
    consultation.organisation_id = organisation.id
    session.add(consultation)
    session.commit()
    row = Response(
        consultation_id=consultation.id,
        start_key="k1",
        token_hash="t1",
        version="8-11",
        locale="en",
        respondent_name="Sam",
        status="submitted",
    )
    session.add(row)
    session.flush()
    held = Answer(response_id=row.id, question_id="anything-else", value={"text": "SECRET WORDS"})
    shown = Answer(response_id=row.id, question_id="extra", value={"text": "visible words"})
    session.add_all([held, shown])
    session.flush()
    raise_alert(session, held, consultation)
    return consultation, row


def test_answers_hold_flagged_words_and_views_are_audited(client, session, organisation):
    consultation, row = _named_with_answers(session, organisation)
    signed_in(client, make_staff(session, organisation, "worker"))
    base = f"{_base(organisation)}/{consultation.id}/responses"
    table = client.get(base)
    assert table.status_code == 200
    assert "SECRET WORDS" not in table.text and "Held for the safeguarding lead" in table.text
    one = client.get(f"{base}/{row.id}")
    assert one.status_code == 200 and "Sam" in one.text
    assert "SECRET WORDS" not in one.text and "Held for the safeguarding lead" in one.text
    events = session.exec(select(AuditEvent)).all()
    assert any(e.action == "response.view" and e.target_id == str(row.id) for e in events)
    assert any(e.action == "responses.table_view" for e in events)
    assert all("SECRET" not in str(e.detail) for e in events)
    posted = client.post(f"{base}/{row.id}", data={"reference": "Review\x00 12"})
    assert posted.status_code == 303
    session.refresh(row)
    assert row.reference == "Review 12"
    too_long = client.post(f"{base}/{row.id}", data={"reference": "x" * 101})
    assert too_long.status_code == 400


def test_edit_and_duplicate(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    made = client.post(_base(organisation) + "/new", data=_good(client), follow_redirects=False)
    page = made.headers["location"]
    assert client.get(page + "/edit").status_code == 200
    bad = client.post(page + "/edit", data=_good(client) | {"closes": "2019-01-01"})
    assert bad.status_code == 400 and "after the date it opens" in bad.text
    ok = client.post(page + "/edit", data=_good(client) | {"title": "Our homes, round 1"})
    assert ok.status_code == 303
    copy = client.post(page + "/duplicate", follow_redirects=False)
    assert copy.status_code == 303
    rows = session.exec(select(Consultation).order_by(Consultation.id)).all()
    assert [r.title for r in rows] == ["Our homes, round 1", "Our homes, round 1"]
    assert rows[1].previous_round_id == rows[0].id and rows[1].join_code != rows[0].join_code
    actions = set(session.exec(select(AuditEvent.action)).all())
    assert {"consultation.edit", "consultation.duplicate"} <= actions
