"""The facilitator screen and group notes pass axe at 320 and 1280 px, work from the keyboard
alone, and a phone's answer reaches the facilitator screen without a reload (htmx polling)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, col, select

from tests.browser.conftest import PageFactory
from tests.browser.helpers import press, report, staff_sign_in, submit, width_checker
from voices import db
from voices.demo import DEMO_SLUG
from voices.models import Answer, Consultation, LiveSession, Response

pytestmark = pytest.mark.browser
_serial = itertools.count()


@contextmanager
def _database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def _session_path(tmp_path_factory, code: str) -> tuple[str, int]:
    """The demo live session with this code: its facilitator screen's path, and its id."""
    with _database(tmp_path_factory) as session:
        live = session.exec(select(LiveSession).where(LiveSession.join_code == code)).one()
        base = f"/staff/o/{DEMO_SLUG}/consultations/{live.consultation_id}"
        return f"{base}/sessions/{live.id}", live.id


def _not_started(tmp_path_factory, session_id: int) -> None:
    with _database(tmp_path_factory) as session:
        live = session.get(LiveSession, session_id)
        live.current_question_id = None
        session.add(live)
        session.commit()


def _tab_to(page, text: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"could not reach {text!r} by Tab")


def test_facilitator_screen_passes_axe_and_works_by_keyboard(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path, session_id = _session_path(tmp_path_factory, "TEAM73")  # presenter-paced demo
    _not_started(tmp_path_factory, session_id)
    page = open_page(1280)
    staff_sign_in(page, "worker", path)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    assert page.inner_text(".live-join__code") == "TEAM73"
    assert page.locator(".live-join__qr svg").count() == 1
    check("facilitator screen, not started")
    # Keyboard only: Start, then Next question, then Previous question.
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "Start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".live-pace__where")).to_have_text("Question 1 of 5")
    _tab_to(page, "Next question")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".live-pace__where")).to_have_text("Question 2 of 5")
    check("facilitator screen, presenting")
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "Previous question")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".live-pace__where")).to_have_text("Question 1 of 5")
    assert problems == {}, report(problems)


def test_consultation_panel_and_group_notes_pass_axe(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path, _ = _session_path(tmp_path_factory, "CARE37")
    page = open_page(320)
    staff_sign_in(page, "worker", path)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    consultation = path.rsplit("/sessions/", 1)[0]
    page.goto(consultation)
    assert page.locator("#live-sessions").count() == 1
    check("consultation page with sessions and notes")
    # Keyboard only: reach "Add group notes", fill the form wrong, then right.
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "Add group notes")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check("add group notes")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.focus("#text")
    page.keyboard.type("Everyone wanted more say in family time.")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("11")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("The oldest age must be the same as")
    check("add group notes with an error")
    page.fill("#age_max", "16")
    submit(page, "main form button[type=submit]")
    expect(page.locator(".live-note__text").first).to_have_text(
        "Everyone wanted more say in family time."
    )
    check("consultation page with a note")
    assert problems == {}, report(problems)


def _attach_latest_response(tmp_path_factory, consultation_id: int, session_id: int) -> None:
    """What the phone side does when a phone joins with the session's code."""
    with _database(tmp_path_factory) as session:
        response = session.exec(
            select(Response)
            .where(Response.consultation_id == consultation_id)
            .order_by(col(Response.id).desc())
        ).first()
        response.live_session_id = session_id
        session.add(response)
        session.commit()


def _earlier_phones(tmp_path_factory, consultation_id: int, session_id: int, n: int) -> None:
    with _database(tmp_path_factory) as session:
        for _ in range(n):
            k = f"live-browser-{next(_serial)}"
            response = Response(
                consultation_id=consultation_id,
                start_key=k,
                token_hash=k,
                version="8-11",
                locale="en",
                live_session_id=session_id,
            )
            session.add(response)
            session.flush()
            session.add(
                Answer(response_id=response.id, question_id="feel-safe", value={"value": "yes"})
            )
        session.commit()


def test_a_phones_answer_reaches_the_screen_without_reload(
    open_page: PageFactory, browser, live_server: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path, session_id = _session_path(tmp_path_factory, "MYCAR4")
    with _database(tmp_path_factory) as session:
        consultation = session.exec(
            select(Consultation).where(Consultation.join_code == "MYCARE")
        ).one()
    # The screen runs under the app's real Content-Security-Policy (open_page bypasses it for
    # axe): htmx must poll and swap without inline scripts or styles.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server)
    screen = context.new_page()
    screen.set_default_timeout(10_000)
    refused: list[str] = []
    screen.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    staff_sign_in(screen, "worker", path)
    screen.evaluate("window.__notReloaded = true")
    joined = screen.locator(".live-counts__number").first
    before = int(joined.inner_text())
    chart = screen.locator("svg[aria-labelledby^='chart-feel-safe']")
    expect(chart).to_have_count(0)
    _earlier_phones(tmp_path_factory, consultation.id, session_id, 2)
    expect(joined).to_have_text(str(before + 2))
    expect(chart).to_have_count(0)  # two answers: still hidden

    # A phone in the room, on its own page, answers through the young person's pages.
    phone = open_page(320)
    phone.goto("/c/MYCARE")
    phone.locator("input[name=version][type=radio]").first.check()
    submit(phone, "button.button--start")
    _attach_latest_response(tmp_path_factory, consultation.id, session_id)
    expect(joined).to_have_text(str(before + 3))
    # The counts changed inside the same polite live region (swapped in, not replaced).
    expect(screen.locator("#live-counts[aria-live=polite] .live-counts__number")).to_have_count(2)
    for _ in range(20):
        if phone.url.endswith("/q/feel-safe"):
            break
        options = phone.locator("input[name=answer][type=radio]")
        if options.count():
            options.first.check()
        press(phone, "continue")
    phone.check("input[name=answer][value=yes]")
    press(phone, "continue")
    expect(chart).to_have_count(1)  # the third answer: shown, within the poll's second
    assert "Yes: 3" in chart.locator("desc").text_content()
    assert screen.evaluate("window.__notReloaded === true")  # no reload happened
    assert refused == []
    context.close()
    # The screen with a chart on it passes axe at both widths too.
    problems: dict[str, object] = {}
    viewer = open_page(1280)
    staff_sign_in(viewer, "worker", path)
    expect(viewer.locator("svg[aria-labelledby^='chart-feel-safe']")).to_have_count(1)
    width_checker(viewer, problems)("facilitator screen with a chart")
    assert problems == {}, report(problems)
