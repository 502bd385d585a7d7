"""The agreement page lists disagreements 25 at a time (`?page=`): "Showing 26–50 of 60",
Previous / Next, a page number it cannot show gives the nearest page with a notice saying
so, settling returns to the same page (the one before when it emptied), and the figures
still count every answer. Only the shown page's words are read from the database."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import event
from sqlmodel import select

from tests.helpers import soup
from tests.review.agree_world import HELD, build, disagree
from tests.staff.conftest import signed_in
from voices.models import CodeReview
from voices.review.agreement_data import PAGE_SIZE


@pytest.fixture
def world(session):
    """60 open disagreements: sarah's and xss's (from agree_world), then more000 to more057;
    the held answer's is counted, never listed. Pages: 25, 25, 10."""
    found = build(session)
    disagree(session, found, 58)
    return found


def _get(client, world, query=""):
    response = client.get(world.base + "/agreement" + query)
    assert response.status_code == 200, response.text[:300]
    return response


def _list(response):
    """The disagreements-to-settle section: its text, settle forms, and pager links."""
    section = soup(response).find("section", attrs={"aria-labelledby": "disagreements"})
    forms = section.select("form.agreement__settle")
    nav = section.find("nav")
    links = {a["rel"][0]: a["href"] for a in nav.find_all("a")} if nav else {}
    return unescape(section.get_text(" ", strip=True)), forms, links


def _items(forms):
    return [f.find("input", attrs={"name": "item"})["value"] for f in forms]


def _key(world, name):
    return f"answer-{world.answers[name].id}"


def _figures(response):
    return response.text.split("<tbody>")[1].split("</tbody>")[0]


def _notice(response):
    found = soup(response).find(attrs={"role": "status"})
    return unescape(found.get_text(" ", strip=True)) if found else ""


def test_page_one_shows_the_first_25_and_a_next_link(client, world):
    signed_in(client, world.first)
    response = _get(client, world)
    text, forms, links = _list(response)
    assert "Disagreements to settle (60)" in text
    assert "Showing 1–25 of 60. Page 1 of 3." in text
    expected = ["sarah", "xss"] + [f"more{i:03d}" for i in range(23)]
    assert _items(forms) == [_key(world, k) for k in expected]
    assert links == {"next": world.base + "/agreement?page=2#disagreements"}
    assert "Answer more022 words" in response.text and "Answer more023 words" not in response.text
    assert HELD not in response.text
    assert "1 disagreements are on answers held by a safeguarding alert" in text
    assert _notice(response) == ""


def test_page_two_shows_26_to_50_with_previous_and_next(client, world):
    signed_in(client, world.first)
    response = _get(client, world, "?page=2")
    text, forms, links = _list(response)
    assert "Showing 26–50 of 60. Page 2 of 3." in text
    assert _items(forms) == [_key(world, f"more{i:03d}") for i in range(23, 48)]
    assert links == {
        "prev": world.base + "/agreement#disagreements",
        "next": world.base + "/agreement?page=3#disagreements",
    }
    # Each form says which page it came from, so settling can come back to it.
    assert {f.find("input", attrs={"name": "page"})["value"] for f in forms} == {"2"}


def test_the_last_page_has_the_rest_and_no_next_link(client, world):
    signed_in(client, world.first)
    text, forms, links = _list(_get(client, world, "?page=3"))
    assert "Showing 51–60 of 60. Page 3 of 3." in text
    assert len(forms) == 10
    assert links == {"prev": world.base + "/agreement?page=2#disagreements"}


def test_the_title_says_which_page(client, world):
    signed_in(client, world.first)
    assert "(page 2 of 3)" in soup(_get(client, world, "?page=2")).title.string


def test_the_figures_count_every_answer_on_every_page(client, world):
    signed_in(client, world.first)
    first, last = _get(client, world), _get(client, world, "?page=3")
    assert "62 answers and group notes were coded by both reviewers." in unescape(first.text)
    assert _figures(first) == _figures(last)
    safe_row = soup(first).find("tbody").find("th", string="Safe").parent
    # safe: both used it on "safe", only the first reviewer on the held answer, only the
    # second on the 58 new ones: every answer counts, listed on this page or not.
    cells = [td.get_text(strip=True) for td in safe_row.find_all("td")]
    assert cells[:4] == ["62", "1", "1", "58"]


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, world):
    signed_in(client, world.first)
    response = _get(client, world, "?page=9")
    text, forms, _ = _list(response)
    assert "Showing 51–60 of 60. Page 3 of 3." in text and len(forms) == 10
    assert _notice(response) == (
        "Disagreements to settle: there is no page 9. The last page, 3, is shown."
    )


@pytest.mark.parametrize("value", ["abc", "0", "-1", "2.5", "+2", " 2", "２", "9" * 30])
def test_a_bad_page_number_shows_the_first_page_and_says_so(client, world, value):
    signed_in(client, world.first)
    response = client.get(world.base + "/agreement", params={"page": value})
    assert response.status_code == 200
    text, _, _ = _list(response)
    assert "Showing 1–25 of 60. Page 1 of 3." in text
    assert _notice(response) == (
        "Disagreements to settle: that is not a page number, so the first page is shown."
    )
    assert value.strip() not in _notice(response)  # what was asked is never echoed


def test_an_empty_page_number_is_the_first_page_without_a_notice(client, world):
    signed_in(client, world.first)
    response = _get(client, world, "?page=")
    assert "Showing 1–25 of 60." in _list(response)[0] and _notice(response) == ""


def _settle(client, world, key, page, use="yes", theme="safe", **more):
    form = {"item": _key(world, key), "framework": "shanarri", "theme": theme, "use": use}
    return client.post(world.base + "/agreement", data={**form, "page": page, **more})


def test_settling_returns_to_the_same_page(client, session, world):
    signed_in(client, world.first)
    response = _settle(client, world, "more030", "2")
    assert response.status_code == 303
    assert response.headers["location"] == world.base + "/agreement?page=2#disagreements"
    text, forms, _ = _list(_get(client, world, "?page=2"))
    assert "Showing 26–50 of 59." in text
    assert _key(world, "more030") not in _items(forms)
    assert _items(forms)[-1] == _key(world, "more048")  # the next one moved up
    agreed = session.get(CodeReview, world.reviews[("more030", "agreed")].id)
    session.refresh(agreed)
    assert agreed.themes["shanarri"] == ["safe"]


def test_settling_the_last_one_on_a_page_returns_to_the_page_before(client, session, world):
    signed_in(client, world.first)
    for i in range(49, 58):  # leave 51 open: the third page holds one
        assert _settle(client, world, f"more{i:03d}", "3").status_code == 303
    text, forms, _ = _list(_get(client, world, "?page=3"))
    assert "Showing 51 of 51." in text and _items(forms) == [_key(world, "more048")]
    response = _settle(client, world, "more048", "3", use="no")
    assert response.headers["location"] == world.base + "/agreement?page=2#disagreements"
    assert "Page 2 of 2." in _list(_get(client, world, "?page=2"))[0]


def test_settling_keeps_the_settled_lists_page(client, world):
    signed_in(client, world.first)
    response = _settle(client, world, "more030", "2", settled="3")
    assert response.headers["location"] == (
        world.base + "/agreement?page=2&settled=3#disagreements"
    )


def test_a_refused_settlement_shows_the_same_page_with_the_error(client, world):
    signed_in(client, world.first)
    response = _settle(client, world, "more030", "2", use="maybe")
    assert response.status_code == 400
    assert "Choose whether the agreed codes use the theme" in response.text
    assert "Showing 26–50 of 60." in _list(response)[0]


def test_the_settled_list_is_paged_too_most_recent_first(client, world):
    signed_in(client, world.first)
    for i in range(27):
        assert _settle(client, world, f"more{i:03d}", "1").status_code == 303
    first = _get(client, world)
    section = soup(first).find("section", attrs={"aria-labelledby": "settled"})
    text = unescape(section.get_text(" ", strip=True))
    assert "Settled (27)" in text and "Showing 1–25 of 27. Page 1 of 2." in text
    assert text.index("Answer more026 words") < text.index("Answer more025 words")
    assert section.find("a", rel="next")["href"] == world.base + "/agreement?settled=2#settled"
    second = _get(client, world, "?settled=2")
    section = soup(second).find("section", attrs={"aria-labelledby": "settled"})
    text = unescape(section.get_text(" ", strip=True))
    assert "Showing 26–27 of 27." in text
    assert "Answer more001 words" in text and "Answer more000 words" in text
    # Paging one list leaves the other where it was.
    assert "Showing 1–25 of 33." in _list(second)[0]


def test_only_the_pages_words_are_read(client, session, world, engine):
    """Kappa needs every review; the answers' words are read for the page shown only."""
    signed_in(client, world.first)
    seen: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        _get(client, world, "?page=2")
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    reads = [
        params
        for statement, params in seen
        if statement.lstrip().upper().startswith("SELECT")
        and "FROM answer " in statement + " "
        and "answer.value" in statement
    ]
    assert reads, "the page's words were not read"
    assert all(len(params) <= PAGE_SIZE for params in reads), [len(p) for p in reads]


def test_paging_never_shows_a_held_answer(client, session, world):
    signed_in(client, world.first)
    for query in ("", "?page=2", "?page=3"):
        response = _get(client, world, query)
        assert HELD not in response.text
        assert _key(world, "held") not in _items(_list(response)[1])
    held_reviews = session.exec(
        select(CodeReview).where(CodeReview.answer_id == world.answers["held"].id)
    ).all()
    assert len(held_reviews) == 2


def test_a_held_answer_refused_links_back_to_the_same_page(client, world):
    signed_in(client, world.first)
    response = _settle(client, world, "held", "2")
    assert response.status_code == 409 and HELD not in response.text
    back = soup(response).find("main").find("a")["href"]
    assert back == world.base + "/agreement?page=2"
