"""Subject access and erasure for a named child: who may, what is found, what is shown,
what goes, what is kept, and what the audit says (never a name or a child's words)."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import col, select
from starlette.testclient import TestClient

from tests.helpers import raise_alert, soup
from tests.staff import rights_world
from tests.staff.conftest import make_staff, signed_in
from tests.staff.rights_world import OTHER_ORG_WORDS, SAM_WORDS, ZOE_WORDS
from voices.models import (
    Answer,
    AnswerCoding,
    AuditEvent,
    ClosedAnswerFact,
    CodeReview,
    OutboxEmail,
    QuoteApproval,
    Response,
    SafeguardingAlert,
    ThemeMention,
)

BASE = "/staff/o/test-council/rights"
PAGES = ["", "/document", "/document.json", "/erase", "/erase/confirm"]


@pytest.fixture
def world(session):
    return rights_world.build(session)


@pytest.fixture
def admin(client, session, world):
    return signed_in(client, make_staff(session, world.organisation, "admin"))


def _ids(responses) -> dict:
    return {"response": [str(r.id) for r in responses]}


def _search(client, **terms):
    return client.post(BASE, data={"name": "", "reference": "", **terms})


def _found(page) -> set[int]:
    return {int(row["data-response"]) for row in soup(page).select("tr[data-response]")}


@pytest.mark.parametrize("role", ["viewer", "worker", "safeguarding"])
def test_only_an_admin_may_use_any_rights_page(client, session, world, role):
    signed_in(client, make_staff(session, world.organisation, role))
    assert client.get(BASE).status_code == 403
    for tail in PAGES:
        page = client.post(BASE + tail, data={"name": "Zoë", **_ids(world.zoe), "confirm": "yes"})
        assert page.status_code == 403, tail
    assert session.exec(select(Response).where(col(Response.id) == world.zoe[0].id)).one()


def test_the_organisation_page_links_admins_to_it(admin, session, world):
    link = soup(admin.get("/staff/o/test-council")).select_one("[data-link=rights] a")
    assert link["href"] == BASE
    page = admin.get(BASE)
    assert page.status_code == 200 and "cannot be found, by design" in page.text


def test_search_by_name_is_trimmed_and_case_insensitive_in_this_organisation_only(admin, world):
    page = _search(admin, name="  ZOË ")
    assert page.status_code == 200
    assert _found(page) == {r.id for r in world.zoe}  # not the other council's Zoë
    assert _found(_search(admin, name="zo")) == set()  # exact, not "starts with"
    assert _found(_search(admin, reference="sam-1")) == {world.sam.id}
    both = _search(admin, name="Sam", reference="AB-123")
    assert _found(both) == {world.sam.id, world.zoe[1].id}


def test_an_empty_search_is_refused_and_get_never_searches(admin, world):
    assert _search(admin).status_code == 400
    page = admin.get(BASE + "?name=Zo%C3%AB")  # terms in a URL are ignored, never used
    assert page.status_code == 200 and _found(page) == set()


def test_the_search_term_never_reaches_the_audit_a_log_or_a_url(admin, session, world, caplog):
    caplog.set_level(logging.DEBUG)
    page = _search(admin, name="Zoë", reference="AB-123")
    assert "Zoë".casefold() not in str(page.url).casefold()
    for form in soup(page).select("form"):
        assert "zo" not in form["action"].casefold()
    admin.post(BASE + "/document", data=_ids(world.zoe))
    done = admin.post(BASE + "/erase/confirm", data={**_ids(world.zoe), "confirm": "yes"})
    assert done.status_code == 303 and "zo" not in done.headers["location"].casefold()
    events = session.exec(select(AuditEvent).where(col(AuditEvent.action).like("rights.%"))).all()
    assert [e.action for e in events] == ["rights.search", "rights.access", "rights.erase"]
    assert events[0].detail == {"fields": ["name", "reference"], "matched": 2}
    for event in events:
        text = json.dumps(event.detail, ensure_ascii=False).casefold() + event.target_id
        for secret in ("zoë", "zoe", "ab-123", "zorbs", ZOE_WORDS.casefold()):
            assert secret not in text, (event.action, secret)
    for secret in ("zoë", "ab-123", "zorbs"):
        assert secret not in caplog.text.casefold()


def test_the_document_holds_everything_about_this_child_and_nothing_else(admin, session, world):
    page = admin.post(BASE + "/document", data=_ids(world.zoe))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    text = soup(page).get_text(" ")
    assert "Everything Test Council holds" in text and "It covers 2 responses" in text
    assert ZOE_WORDS in text and "more zorbs please" in text
    assert "Do you feel safe at home?" in text  # the 8-11 wording she saw, in English
    assert "Wyt ti'n teimlo'n ddiogel gartref?" in text  # and in Welsh, the second time
    assert "With foster carers" in text and "Gyda gofalwyr maeth" in text
    assert "Round one" in text and "Round two" in text and "AB-123" in text
    assert "Reviewed, SHANARRI" in text or "Reviewed," in text
    assert "Approved quote" in text
    for other in (SAM_WORDS, OTHER_ORG_WORDS, "nobody knows who I am", "SAM-1"):
        assert other not in text
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "rights.access")).one()
    assert event.detail == {
        "responses": 2,
        "consultations": sorted([world.first.id, world.second.id]),
        "format": "page",
    }


def test_the_json_download_has_the_same_content(admin, world):
    page = admin.post(BASE + "/document.json", data=_ids(world.zoe))
    assert page.status_code == 200
    assert page.headers["content-disposition"].startswith('attachment; filename="test-council-')
    assert page.headers["cache-control"] == "no-store"
    doc = page.json()
    assert doc["organisation"] == "Test Council" and doc["covers"]["responses"] == 2
    first = doc["responses"][0]
    assert first["name"] == "Zoë" and first["consultation"]["title"] == "Round one"
    words = {a["question_id"]: a for a in first["answers"]}
    assert words["anything-else"]["answer"] == ZOE_WORDS
    assert words["anything-else"]["approved_quote"] == ZOE_WORDS
    assert words["anything-else"]["themes_reviewed"][0]["themes"]
    assert words["feel-safe"]["question"] == "Do you feel safe at home?"
    assert SAM_WORDS not in page.text and OTHER_ORG_WORDS not in page.text


def test_another_organisations_ids_are_ignored(admin, world):
    page = admin.post(BASE + "/document.json", data=_ids([world.foreign_zoe]))
    assert page.status_code == 400 and OTHER_ORG_WORDS not in page.text


def test_alerts_are_listed_flagged_and_held_answers_withheld_from_a_non_lead(admin, session, world):
    answer = world.answers[world.zoe[0].id][-1]
    raise_alert(session, answer, world.first)
    page = admin.post(BASE + "/document", data=_ids(world.zoe[:1]))
    html = soup(page)
    assert html.select("[data-alert]") and "DPA" not in page.text
    assert "Data Protection Act 2018, Schedules 2 and 3" in page.text
    assert ZOE_WORDS not in page.text and "Held for the safeguarding lead" in page.text
    lead = make_staff(
        session, world.organisation, "safeguarding", email="admin@test-council.example"
    )
    assert lead  # the admin also leads safeguarding now: the words may be shown
    assert ZOE_WORDS in admin.post(BASE + "/document", data=_ids(world.zoe[:1])).text


def _counts(session) -> dict[str, int]:
    tables = {
        "responses": Response,
        "answers": Answer,
        "codings": AnswerCoding,
        "reviews": CodeReview,
        "quotes": QuoteApproval,
        "alerts": SafeguardingAlert,
        "emails": OutboxEmail,
        "closed_facts": ClosedAnswerFact,
        "mentions": ThemeMention,
    }
    return {name: len(session.exec(select(t.id)).all()) for name, t in tables.items()}


def _email(session, alert):
    session.add(
        OutboxEmail(
            to_address="lead@x.example", subject="s", body="b", kind="alert", alert_id=alert.id
        )
    )
    session.commit()


def test_the_confirmation_counts_what_will_go_and_needs_the_box_ticked(admin, session, world):
    before = _counts(session)
    page = admin.post(BASE + "/erase", data=_ids(world.zoe))
    html = soup(page)
    counts = {row["data-count"]: int(row.td.text) for row in html.select("[data-count]")}
    assert counts == {
        "responses": 2,
        "answers": 6,
        "codings": 2,
        "reviews": 1,
        "quotes": 1,
        "alerts": 0,
        "emails": 0,
    }
    refused = admin.post(BASE + "/erase/confirm", data=_ids(world.zoe))
    assert refused.status_code == 400 and "Tick the box" in refused.text
    assert _counts(session) == before


def test_erasure_removes_exactly_this_childs_rows(admin, session, world):
    false_alarm = raise_alert(
        session,
        world.answers[world.zoe[0].id][-1],
        world.first,
        status="closed",
        outcome="false_alarm",
    )
    _email(session, false_alarm)
    kept_alert = raise_alert(session, world.answers[world.sam.id][-1], world.first)
    _email(session, kept_alert)
    before = _counts(session)
    zoe_answers = [a.id for r in world.zoe for a in world.answers[r.id]]
    done = admin.post(BASE + "/erase/confirm", data={**_ids(world.zoe), "confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == BASE + "?erased=2"
    after = _counts(session)
    gone = {k: before[k] - after[k] for k in before}
    assert gone["responses"] == 2 and gone["answers"] == 6 and gone["codings"] == 2
    assert gone["reviews"] == 1 and gone["quotes"] == 1
    assert gone["alerts"] == 1 and gone["emails"] == 1
    assert gone["closed_facts"] > 0 and gone["mentions"] > 0
    assert not session.exec(select(Answer).where(col(Answer.id).in_(zoe_answers))).all()
    for table in (ClosedAnswerFact, ThemeMention):
        ids = [r.id for r in world.zoe]
        assert not session.exec(select(table).where(col(table.response_id).in_(ids))).all()
    # Sam, the anonymous answers and the other council are untouched.
    assert session.get(Response, world.sam.id) and session.get(SafeguardingAlert, kept_alert.id)
    assert session.get(Response, world.foreign_zoe.id)
    assert "Erased 2 responses" in admin.get(done.headers["location"]).text
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "rights.erase")).one()
    assert event.detail["responses"] == 2 and event.detail["answers"] == 6
    assert event.detail["consultations"] == sorted([world.first.id, world.second.id])
    assert set(event.detail) == {
        "responses",
        "answers",
        "codings",
        "reviews",
        "quotes",
        "alerts",
        "emails",
        "models_changed",
        "consultations",
    }  # counts and consultation ids: never a response id, a name or a word
    assert event.actor_id is not None and event.target_type == "organisation"


@pytest.mark.parametrize(
    "fields, why",
    [
        ({}, "is open"),
        ({"status": "acknowledged"}, "is acknowledged"),
        ({"status": "closed", "outcome": "concern"}, "was closed as a concern"),
        ({"status": "closed"}, "was closed with no outcome recorded"),
    ],
)
def test_a_safeguarding_record_is_never_erased(admin, session, world, fields, why):
    alert = raise_alert(session, world.answers[world.zoe[0].id][-1], world.first, **fields)
    page = admin.post(BASE + "/erase", data=_ids(world.zoe))
    refusal = soup(page).select_one(f"[data-refused='{world.zoe[0].id}']").get_text(" ")
    assert f"alert {alert.id} {why}" in refusal and "Round one" in refusal
    # The form offers only the other response.
    offered = {i["value"] for i in soup(page).select("input[name=response]")}
    assert offered == {str(world.zoe[1].id)}
    before = _counts(session)
    forced = admin.post(BASE + "/erase/confirm", data={**_ids(world.zoe), "confirm": "yes"})
    assert forced.status_code == 409 and _counts(session) == before
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "rights.erase_refused"))
    assert event.one().detail == {"refused": 1}


def _facts(session, consultation_id) -> tuple[list, list]:
    closed = session.exec(
        select(
            ClosedAnswerFact.response_id, ClosedAnswerFact.question_id, ClosedAnswerFact.option
        ).where(ClosedAnswerFact.consultation_id == consultation_id)
    ).all()
    mentions = session.exec(
        select(
            ThemeMention.answer_id,
            ThemeMention.framework,
            ThemeMention.theme,
            ThemeMention.reviewed,
        ).where(ThemeMention.consultation_id == consultation_id)
    ).all()
    return sorted(closed), sorted(mentions)


def test_findings_after_erasure_equal_a_rebuild(admin, session, world):
    from voices.findings import facts

    worker = make_staff(session, world.organisation, "worker", email="admin@test-council.example")
    assert worker
    url = f"/staff/o/test-council/consultations/{world.first.id}/findings"
    before = _facts(session, world.first.id)
    admin.post(BASE + "/erase/confirm", data={**_ids(world.zoe), "confirm": "yes"})
    erased = _facts(session, world.first.id)
    assert erased != before and erased[0]  # Sam's facts remain
    page_erased = soup(admin.get(url)).select_one("main").get_text(" ")
    facts.rebuild_consultation(session, world.first.id)
    session.commit()
    assert _facts(session, world.first.id) == erased
    assert soup(admin.get(url)).select_one("main").get_text(" ") == page_erased


def test_a_failure_midway_leaves_everything_as_it_was(app, session, world, monkeypatch):
    from voices.staff.rights import erase

    def fail(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(erase, "forget_examples", fail)  # after the answers' deletes
    before = _counts(session)
    with TestClient(
        app,
        follow_redirects=False,
        raise_server_exceptions=False,
        headers={"Origin": "http://testserver"},
    ) as client:
        signed_in(client, make_staff(session, world.organisation, "admin"))
        page = client.post(BASE + "/erase/confirm", data={**_ids(world.zoe), "confirm": "yes"})
    assert page.status_code == 500
    session.expire_all()
    assert _counts(session) == before
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "rights.erase")).all()


def test_a_learned_model_forgets_an_erased_childs_words(client, session):
    from tests.review.reviewed import make_reviewed
    from voices.models import LearnedModel
    from voices.review import coding
    from voices.review.learn import learn

    reviewed = make_reviewed(session)
    child = session.get(Response, reviewed.answers[0].response_id)
    child.respondent_name = "Zoë"
    words = "zorbs with the quokkas is the best thing I do"  # no other child's words
    reviewed.answers[0].value = {"text": words}
    session.add_all([child, reviewed.answers[0]])
    session.commit()
    learn(session, reviewed.organisation.id, "shanarri", reviewed.reviewer.id)
    model = session.exec(select(LearnedModel)).one()
    coding.coder_for(session, reviewed.organisation.id, "shanarri")  # built and cached
    assert any(key[1] == model.id for key in coding._learned)
    assert words in [text for text, _ in coding.model_examples(session, model)]
    signed_in(client, make_staff(session, reviewed.organisation, "admin"))
    done = client.post(BASE + "/erase/confirm", data={**_ids([child]), "confirm": "yes"})
    assert done.status_code == 303
    session.refresh(model)
    assert reviewed.reviews[0].id not in model.examples and len(model.examples) == 23
    assert model.measures["examples_erased"] == 1
    assert not any(key[1] == model.id for key in coding._learned)
    texts = [text for text, _ in coding.model_examples(session, model)]
    assert words not in texts and len(texts) == 23
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "rights.erase")).one()
    assert event.detail["models_changed"] == 1 and event.detail["reviews"] == 1
    coding_page = soup(client.get("/staff/o/test-council/coding"))
    assert "1 item it learned from has since been erased" in coding_page.get_text(" ")


def test_a_coder_built_before_an_erasure_elsewhere_is_rebuilt(session):
    """Another server's cache: the key holds the examples, so a changed list rebuilds."""
    from tests.review.reviewed import make_reviewed
    from voices.models import LearnedModel
    from voices.review import coding
    from voices.review.learn import learn

    reviewed = make_reviewed(session)
    learn(session, reviewed.organisation.id, "shanarri")
    model = session.exec(select(LearnedModel)).one()
    built, _ = coding.coder_for(session, reviewed.organisation.id, "shanarri")
    model.examples = model.examples[1:]  # as an erasure on another server leaves it
    session.add(model)
    session.commit()
    rebuilt, _ = coding.coder_for(session, reviewed.organisation.id, "shanarri")
    assert rebuilt is not built
    assert [k for k in coding._learned if k[1] == model.id] == [
        ("shanarri", model.id, hash(tuple(model.examples)))
    ]


def test_an_alert_raised_after_the_plan_stops_the_erasure_and_is_kept(session, world):
    """A child's answer raises an alert between the confirmation page and the erasure: the
    erasure must fail as a whole, never delete the new alert or its email to the lead."""
    from sqlalchemy.exc import IntegrityError

    from voices.staff.rights import erase

    rows = [(r, world.first) for r in world.zoe]
    planned = erase.plan(session, rows)
    assert not planned.refusals
    fresh = raise_alert(session, world.answers[world.zoe[0].id][-1], world.first)
    _email(session, fresh)
    before = _counts(session)
    with pytest.raises(IntegrityError), session.begin_nested():
        erase.erase(session, world.organisation.id, planned)
    session.expire_all()
    assert _counts(session) == before
    assert session.get(SafeguardingAlert, fresh.id).status == "open"
