"""Hostile text typed by a child through the real journey (named mode): every page that
shows it back (the question again, check your answers, the welcome page's name, join and
resume forms) shows it as text, and a child's words on check your answers are isolated."""

from __future__ import annotations

import pytest

from tests.conftest import make_consultation
from tests.helpers import follow, soup, start
from tests.security import payloads as p
from voices.models import Organisation

CODE = "HQ7RTX"
Q = f"/c/{CODE}/q"
LIMIT = 40  # anything-else's max_length in tests/data/surveys/all-types.yaml


@pytest.fixture
def named(session):
    return make_consultation(session, CODE, anonymous=False)


@pytest.fixture
def child(client, named):
    follow(client, start(client, code=CODE, version="12-17", name=p.SHORT))
    return client


def _check_page(client) -> str:
    page = client.get(f"/c/{CODE}/check")
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize("text", [t for t in p.ALL if len(t) <= LIMIT])
def test_a_free_text_answer_is_shown_back_as_text(child, session, text):
    saved = child.post(f"{Q}/anything-else", data={"answer": text})
    assert saved.status_code == 303, saved.text[:300]
    page = p.assert_shows(_check_page(child), text.strip())
    p.assert_isolated(page, text.strip())
    again = p.assert_shows(child.get(f"{Q}/anything-else").text)
    assert again.find("textarea", {"name": "answer"}).string.strip() == text.strip()


def test_a_too_long_answer_comes_back_in_the_box_as_text(child):
    words = f"{p.SCRIPT} {p.LONG_WORD}"
    refused = child.post(f"{Q}/anything-else", data={"answer": words})
    assert refused.status_code == 422
    page = p.assert_inert(refused.text)
    assert page.find("textarea", {"name": "answer"}).string.strip() == words


def test_other_text_is_shown_back_as_text(child):
    other = p.mixed("OTHER")
    saved = child.post(f"{Q}/where-live", data={"answer": "other", "other_text": other})
    assert saved.status_code == 303, saved.text[:300]
    p.assert_shows(_check_page(child), other)
    p.assert_shows(child.get(f"{Q}/where-live").text, other)


def test_a_hostile_name_that_is_too_long_comes_back_as_a_value(client, named):
    name = p.SHORT + p.LONG_WORD
    refused = start(client, code=CODE, version="12-17", name=name)
    assert refused.status_code == 422
    page = p.assert_inert(refused.text)
    assert page.find("input", {"name": "name"})["value"] == name


@pytest.mark.parametrize("typed", [p.SCRIPT, p.IMG, p.JS_URL, p.BIDI])
def test_join_and_resume_forms_show_a_typed_code_as_a_value(client, named, typed):
    for url, field in (("/join", "code"), (f"/c/{CODE}/resume", "resume_code")):
        refused = client.post(url, data={field: typed})
        assert refused.status_code in (400, 404, 422), (url, refused.status_code)
        page = p.assert_inert(refused.text)
        box = page.find("input", {"name": field})
        assert box is not None and box.get("value", "") in ("", typed[:40].strip()), url


def test_a_resumed_answer_is_shown_as_text(child, session):
    child.post(f"{Q}/anything-else", data={"answer": p.IMG})
    saved = child.post(f"/c/{CODE}/save")
    code_text = soup(follow(child, saved) if saved.status_code == 303 else saved)
    shown = code_text.select_one(".resume-code")
    assert shown is not None, code_text.get_text()[:300]
    child.cookies.clear()
    resumed = child.post(f"/c/{CODE}/resume", data={"resume_code": shown.get_text()})
    assert resumed.status_code == 303, resumed.text[:300]
    page = p.assert_shows(_check_page(child), p.IMG)
    p.assert_isolated(page, p.IMG)


def test_the_thanks_page_shows_the_organisations_help_contact_as_text(client, session, named):
    organisation = session.get(Organisation, named.organisation_id)
    organisation.help_contact = p.mixed("HELP") + " 0800 1111"
    session.add(organisation)
    session.commit()
    child = client
    follow(child, start(child, code=CODE, version="12-17", name=p.SHORT))
    child.post(f"{Q}/anything-else", data={"answer": p.SCRIPT})
    thanks = follow(child, child.post(f"/c/{CODE}/submit"))
    page = p.assert_shows(thanks.text, p.mixed("HELP"))
    p.assert_isolated(page, p.mixed("HELP"))
