"""Hostile text typed by children and staff, shown on every staff page and the public
results page: escaped (no element or attribute came from it), its direction isolated."""

from __future__ import annotations

import pytest

from tests.security import payloads as p
from tests.security import world as w
from tests.staff.conftest import signed_in
from voices.review.queue import NOTES


@pytest.fixture
def world(session):
    return w.build(session)


@pytest.fixture
def staff(client, world):
    return signed_in(client, world.staff)


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return response.text


def _pages(world: w.HostileWorld) -> dict[str, tuple[str, list[str]]]:
    """Page: (url, texts it must show). Every page is also checked for anything inert."""
    org = f"/staff/o/{world.organisation.slug}"
    mixed, long_ = world.answers["mixed"], world.answers["answer-11"]
    c = world.consultation
    return {
        "organisation": (org, [world.organisation.name]),
        "people": (org + "/people", [w.NAME]),
        "consultation": (world.base, [world.consultation.title, w.NOTE]),
        "poster": (world.base + "/poster", [world.consultation.who_is_asking]),
        "table": (world.base + "/responses", [w.ANSWERS["mixed"], p.LONG_WORD, p.SHORT]),
        "response": (f"{world.base}/responses/{mixed.response_id}", [w.ANSWERS["mixed"]]),
        "long": (f"{world.base}/responses/{long_.response_id}", [p.LONG_WORD]),
        "review": (world.base + "/review", [w.ANSWERS["mixed"], p.LONG_WORD]),
        "review-notes": (world.base + "/review?question=" + NOTES, [w.NOTE]),
        "quotes": (world.base + "/review/quotes", [w.QUOTES["mixed"], p.LONG_WORD]),
        "quote": (f"{world.base}/review/quotes/{mixed.id}", [w.ANSWERS["mixed"]]),
        "findings": (world.base + "/findings", [w.QUOTES["mixed"]]),
        "report": (world.base + "/findings/report", [w.QUOTES["mixed"]]),
        "actions": (world.base + "/actions", list(w.ACTION.values()) + [p.SHORT]),
        "action": (f"{world.base}/actions/{world.action.id}/edit", [w.ACTION["heard"]]),
        "note": (f"{world.base}/notes/{world.note.id}/edit", [w.NOTE]),
        "alerts": (org + "/alerts?status=all", []),
        "alert": (f"{org}/alerts/{world.alert.id}", [w.TAKEN, w.ALERTED]),
        "welcome": (f"/c/{w.CODE}", [c.who_is_asking, c.who_sees]),
        "results": (f"/results/{w.CODE}", [w.QUOTES["mixed"], w.ACTION["heard"]]),
        "results-cy": (f"/results/{w.CODE}?lang=cy", [w.ACTION_CY["heard"]]),
    }


PAGE_NAMES = [
    "organisation", "people", "consultation", "poster", "table", "response", "long",
    "review", "review-notes", "quotes", "quote", "findings", "report", "actions", "action", "note",
    "alerts", "alert", "welcome", "results", "results-cy",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_shows_hostile_text_as_text(client, staff, world, name):
    url, texts = _pages(world)[name]
    p.assert_shows(_get(client, url), *texts)


# Where a child's words (or words about them) are shown, their direction is isolated.
CHILD_WORDS = {
    "consultation": [w.NOTE],
    "table": [w.ANSWERS["mixed"]],
    "response": [w.ANSWERS["mixed"]],
    "review": [w.ANSWERS["mixed"]],
    "review-notes": [w.NOTE],
    "quotes": [w.QUOTES["mixed"]],
    "quote": [w.ANSWERS["mixed"]],
    "findings": [w.QUOTES["mixed"]],
    "report": [w.QUOTES["mixed"]],
    "actions": list(w.ACTION.values()),
    "alert": [w.TAKEN, w.ALERTED],
    "results": [w.QUOTES["mixed"], w.ACTION["heard"]],
    "welcome": [w.world_text("ASKING"), w.world_text("SEES")],
}


@pytest.mark.parametrize("name", list(CHILD_WORDS))
def test_child_words_are_isolated_from_the_page_around_them(client, staff, world, name):
    url, _ = _pages(world)[name]
    page = p.parse(_get(client, url))
    for text in CHILD_WORDS[name]:
        p.assert_isolated(page, text)
