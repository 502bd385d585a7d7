"""You said, we did: staff add and update actions (roles, validation, scoping, audit)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.conftest import make_consultation
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, FindingAction
from voices.staff.actions import forms


@pytest.fixture
def consultation(session, organisation):
    c = make_consultation(session, "ACT42X", frameworks=["shanarri"], locales=["en", "cy"])
    c.organisation_id = organisation.id
    session.add(c)
    session.commit()
    return c


def _base(organisation, consultation) -> str:
    return f"/staff/o/{organisation.slug}/consultations/{consultation.id}/actions"


GOOD = {
    "theme": "shanarri:safe",
    "heard": "Some of you do not feel safe on the bus",
    "action": "We will talk to the bus company",
    "owner": "Transport team",
    "due_on": "2027-03-01",
    "status": "planned",
    "progress": "",
    "public": "yes",
    "heard_cy": "Mae rhai ohonoch chi yn poeni ar y bws",
}


def _actions(session) -> list[FindingAction]:
    session.expire_all()
    return list(session.exec(select(FindingAction)).all())


@pytest.mark.parametrize("role", ["worker", "admin"])
def test_worker_and_admin_add_an_action(client, session, organisation, consultation, role):
    signed_in(client, make_staff(session, organisation, role))
    base = _base(organisation, consultation)
    form = client.get(base + "/new")
    assert form.status_code == 200
    assert 'value="shanarri:safe"' in form.text and 'name="heard_cy"' in form.text
    assert 'name="heard_ar"' not in form.text  # only the consultation's languages
    response = client.post(base + "/new", data=GOOD)
    assert response.status_code == 303, response.text[:600]
    (row,) = _actions(session)
    assert (row.framework, row.theme, row.status, row.public) == (
        "shanarri",
        "safe",
        "planned",
        True,
    )
    assert row.due_on == date(2027, 3, 1) and row.created_by_id is not None
    assert row.translations == {"cy": {"heard": GOOD["heard_cy"]}}
    listing = client.get(base)
    assert GOOD["action"] in listing.text and "Transport team" in listing.text
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "action.create")).one()
    assert event.target_id == str(row.id)
    assert "bus" not in str(event.detail)  # the audit names the action, not its words


def test_the_whole_consultation_is_a_theme_too(client, session, organisation, consultation):
    signed_in(client, make_staff(session, organisation, "worker"))
    response = client.post(_base(organisation, consultation) + "/new", data=GOOD | {"theme": ""})
    assert response.status_code == 303
    (row,) = _actions(session)
    assert row.framework is None and row.theme is None


def test_bad_input_names_every_problem_and_writes_nothing(
    client, session, organisation, consultation
):
    signed_in(client, make_staff(session, organisation, "worker"))
    bad = {
        "theme": "promise:voice",  # not one of this consultation's frameworks
        "heard": "",
        "action": "x" * (forms.TEXT_MAX + 1),
        "owner": "\x00",
        "due_on": "2027-02-30",
        "status": "finished",
        "public": "maybe",
        "progress_cy": "y" * (forms.TEXT_MAX + 1),
    }
    response = client.post(_base(organisation, consultation) + "/new", data=bad)
    assert response.status_code == 400
    for field, message in [
        ("theme", "Choose a theme from the list"),
        ("heard", "Enter what children told you"),
        ("action", "What you will do must be 1000 characters or fewer"),
        ("owner", "Enter who will do it"),
        ("due_on", "real date"),
        ("status", "Choose where the action has got to"),
        ("public", "Choose whether children can see this action"),
        ("progress_cy", "A translation must be 1000 characters or fewer"),
    ]:
        assert f'href="#{field}"' in response.text, field
        assert message in response.text, message
    assert (
        'id="heard-error"' in response.text
        and 'aria-describedby="heard-hint heard-error"' in response.text
    )
    assert _actions(session) == []
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "action.create")).all() == []


def test_update_status_and_progress_is_audited(client, session, organisation, consultation):
    user = make_staff(session, organisation, "admin")
    signed_in(client, user)
    base = _base(organisation, consultation)
    client.post(base + "/new", data=GOOD)
    (row,) = _actions(session)
    page = client.get(f"{base}/{row.id}/edit")
    assert page.status_code == 200 and GOOD["heard_cy"] in page.text
    changed = GOOD | {"status": "in_progress", "progress": "We have met them", "public": "no"}
    assert client.post(f"{base}/{row.id}/edit", data=changed).status_code == 303
    (row,) = _actions(session)
    assert (row.status, row.progress, row.public) == ("in_progress", "We have met them", False)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "action.edit")).one()
    assert event.detail["changed"] == ["progress", "public", "status"]
    bad = client.post(f"{base}/{row.id}/edit", data=changed | {"action": ""})
    assert bad.status_code == 400 and "Enter what you will do" in bad.text
    assert _actions(session)[0].action == GOOD["action"]  # nothing half-written


def test_viewer_reads_the_list_but_cannot_write(client, session, organisation, consultation):
    session.add(
        FindingAction(
            organisation_id=organisation.id,
            consultation_id=consultation.id,
            heard="You said",
            action="A draft action",
            public=False,
        )
    )
    session.commit()
    signed_in(client, make_staff(session, organisation, "viewer"))
    base = _base(organisation, consultation)
    listing = client.get(base)
    assert listing.status_code == 200 and "A draft action" in listing.text
    assert "/new" not in listing.text and "/edit" not in listing.text
    (row,) = _actions(session)
    assert client.get(base + "/new").status_code == 403
    assert client.post(base + "/new", data=GOOD).status_code == 403
    assert client.post(f"{base}/{row.id}/edit", data=GOOD).status_code == 403
    assert len(_actions(session)) == 1


def test_safeguarding_lead_is_refused(client, session, organisation, consultation):
    signed_in(client, make_staff(session, organisation, "safeguarding"))
    assert client.get(_base(organisation, consultation)).status_code == 403


def test_another_consultations_action_is_not_found(
    client, session, organisation, other_organisation, consultation
):
    elsewhere = make_consultation(session, "ELS47W")
    row = FindingAction(
        organisation_id=elsewhere.organisation_id,
        consultation_id=elsewhere.id,
        heard="h",
        action="a",
    )
    session.add(row)
    session.commit()
    signed_in(client, make_staff(session, organisation, "worker"))
    base = _base(organisation, consultation)
    assert client.get(f"{base}/{row.id}/edit").status_code == 404
    assert client.get(f"{base}/nope/edit").status_code == 404
    theirs = f"/staff/o/{organisation.slug}/consultations/{elsewhere.id}/actions"
    assert client.get(theirs).status_code == 404


def test_validate_is_pure():
    clean, errors = forms.validate(
        forms.ActionForm(**{k: v for k, v in GOOD.items() if k != "heard_cy"}), ["shanarri:safe"]
    )
    assert errors == {} and clean is not None and clean.public
    assert forms.validate(forms.ActionForm(), [])[1].keys() == {
        "heard",
        "action",
        "owner",
    }
