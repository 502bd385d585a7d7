"""The agreement page, the quote page and the approved quotes pass axe at 320 and 1280 px,
and a worker settles a disagreement and approves a quote from the keyboard alone; with more
disagreements than a page holds, the worker reaches the next page and settles there by
keyboard, and comes back to that page."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.browser.conftest import PageFactory
from tests.browser.helpers import focus_problem, report, staff_sign_in, width_checker
from tests.review.agree_world import (
    HELD,
    SARAH,
    XSS,
    AgreeWorld,
    add_answer,
    disagree,
    hold,
    review,
)
from voices import db
from voices.demo import DEMO_SLUG, DEMO_STAFF
from voices.models import Consultation, Organisation, User
from voices.review.agreement_data import PAGE_SIZE
from voices.staff import store

pytestmark = pytest.mark.browser


def _two_reviewers(
    session: Session, title: str, join_code: str, email: str, name: str
) -> AgreeWorld:
    """A consultation in the demo organisation, the demo worker and a colleague to review it."""
    org = session.exec(select(Organisation).where(Organisation.slug == DEMO_SLUG)).one()
    consultation = Consultation(
        organisation_id=org.id,
        title=title,
        survey_id="all-types",
        join_code=join_code,
        frameworks=["shanarri"],
    )
    session.add(consultation)
    session.flush()
    worker = next(s[0] for s in DEMO_STAFF if s[2] == "worker")
    first = session.exec(select(User).where(User.email == worker)).one()
    second, _ = store.add_member(
        session, org, "worker", email, password="long enough password 42", name=name
    )
    session.flush()
    return AgreeWorld(org, consultation, first, second)


def _engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    return db.make_engine(f"sqlite:///{path}")


def _seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    """Three answers the demo worker and a colleague reviewed differently, one held."""
    engine = _engine(tmp_path_factory)
    with Session(engine, expire_on_commit=False) as session:
        world = _two_reviewers(
            session, "Reviewed twice", "RVW2AG", "blind-reviewer@demo.example", "Sam"
        )
        for key, text in (("sarah", SARAH), ("xss", XSS), ("held", HELD)):
            world.answers[key] = add_answer(session, world.consultation, f"browser-{key}", text)
        for key, (agreed, blind) in {
            "sarah": (["respected"], ["respected", "included"]),
            "xss": (["nurtured", "safe"], ["safe"]),
            "held": (["safe"], []),
        }.items():
            review(session, world, key, world.first, agreed, blind=False)
            review(session, world, key, world.second, blind, blind=True)
        session.commit()
        hold(session, world, "held")
        result = world.base, world.answers["sarah"].id
    engine.dispose()
    return result


def _tab_to(page, text: str, problems: dict, name: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            problem = focus_problem(page)
            if problem:
                problems[f"{name}: focus"] = problem
            return
    raise AssertionError(f"{text!r} never had focus")


def test_agreement_and_quote_pages_pass_axe_and_work_by_keyboard(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base, answer_id = _seed(tmp_path_factory)
    page = open_page(1280)
    staff_sign_in(page, "worker", base + "/agreement")
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    check("agreement")
    main = page.inner_text("main")
    assert SARAH in main and HELD not in main and "<script>" in main  # shown as text
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "Use “Included”", problems, "agreement")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Settled: the agreed codes use “Included”." in page.inner_text("main")
    check("agreement after settling")

    page.goto(f"{base}/quotes/{answer_id}")
    assert page.input_value("#redacted") == "My social worker [name] never listens to me"
    check("quote")
    page.set_viewport_size({"width": 320, "height": 800})
    page.fill("#redacted", "")
    _tab_to(page, "Approve this quote", problems, "quote")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Write the redacted copy before approving it." in page.inner_text("main")
    check("quote with error")
    page.focus("#redacted")
    page.keyboard.type("My social worker [name] never listens")
    _tab_to(page, "Approve this quote", problems, "quote again")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/review/quotes")
    assert "My social worker [name] never listens" in page.inner_text("main")
    check("approved quotes")
    assert problems == {}, report(problems)


def _seed_many(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Five disagreements more than a page holds."""
    engine = _engine(tmp_path_factory)
    with Session(engine, expire_on_commit=False) as session:
        world = _two_reviewers(
            session, "Reviewed twice, many answers", "RVW2PG", "paging-reviewer@demo.example", "Pat"
        )
        disagree(session, world, PAGE_SIZE + 5, prefix="paging")
        base = world.base
    engine.dispose()
    return base


def test_the_next_page_of_disagreements_by_keyboard_passes_axe(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = _seed_many(tmp_path_factory)
    page = open_page(1280)
    staff_sign_in(page, "worker", base + "/agreement")
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    check("agreement page 1")
    assert "Showing 1–25 of 30. Page 1 of 2." in page.inner_text("main")
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "Next page of disagreements to settle", problems, "page 1", limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/agreement?page=2#disagreements")
    main = page.inner_text("main")
    assert "Showing 26–30 of 30. Page 2 of 2." in main and "Answer paging025 words" in main
    assert "Answer paging024 words" not in main
    check("agreement page 2")
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "Use “Safe”", problems, "page 2")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/agreement?page=2#disagreements")
    assert "Showing 26–29 of 29. Page 2 of 2." in page.inner_text("main")
    _tab_to(page, "Previous page of disagreements to settle", problems, "page 2 again", 120)
    check("agreement page 2 after settling")
    assert problems == {}, report(problems)
