"""A phone in a presenter-paced session and a kiosk tablet, in a real browser: axe at 320 and
1280 px, keyboard only, the waiting page moving on by itself, and nothing of one child left
for the next on a shared tablet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.browser.conftest import OPEN_CODE, PageFactory, _seed, serve
from tests.browser.helpers import focus_problem, report, submit, width_checker
from voices import db
from voices.app import create_app
from voices.live.kiosk import DEFAULT_TIMINGS, KioskTimings
from voices.models import Consultation
from voices.models.live import LiveSession

pytestmark = pytest.mark.browser
ROOM = "PHN3XY"  # presenter-paced
KIOSK = "KQ4TAD"  # one tablet passed round
SECRET_WORDS = "Zebra kiosk secret"


@dataclass
class PhoneServer:
    url: str
    app: Any
    engine: Engine

    def move_to(self, question_id: str | None) -> None:
        """What the facilitator screen writes when the group moves on."""
        with Session(self.engine) as session:
            live = session.exec(select(LiveSession).where(LiveSession.join_code == ROOM)).one()
            live.current_question_id = question_id
            session.add(live)
            session.commit()


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhoneServer]:
    # A server of its own: the tests change the facilitator's question and kiosk timings.
    settings = _seed(tmp_path_factory.mktemp("live-phone"))
    engine = db.make_engine(settings.database_url)
    with Session(engine) as session:
        consultation = session.exec(
            select(Consultation).where(Consultation.join_code == OPEN_CODE)
        ).one()
        for code, fields in ((ROOM, {"pace": "presenter"}), (KIOSK, {"kiosk": True})):
            session.add(
                LiveSession(
                    organisation_id=consultation.organisation_id,
                    consultation_id=consultation.id,
                    join_code=code,
                    **fields,
                )
            )
        session.commit()
    app = create_app(settings)
    with serve(app) as url:
        yield PhoneServer(url, app, engine)
    engine.dispose()


def _start(page, code: str) -> None:
    page.goto(f"/c/{code}")
    page.check("input[name=version][value='8-11']")
    submit(page, "button.button--start")


def _heading(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def test_the_waiting_page_moves_on_by_itself(open_page: PageFactory, server: PhoneServer):
    # The real Content-Security-Policy: htmx must work without inline code or styles.
    page = open_page(320, base_url=server.url, bypass_csp=False)
    server.move_to(None)
    _start(page, ROOM)
    assert page.url.endswith(f"/c/{ROOM}/wait") and _heading(page) == (
        "Waiting for the group to start"
    )
    server.move_to("welcome")
    page.wait_for_url(f"**/c/{ROOM}/q/welcome", timeout=2_000)  # within 2 s, no reload
    submit(page, "button[name=action][value=continue]")
    assert _heading(page) == "Waiting for the next question"
    server.move_to("older-only")  # only for 12 to 17: this phone keeps waiting
    for _ in range(2):
        with page.expect_response(lambda r: "/wait/poll" in r.url) as polled:
            pass
        assert polled.value.status == 204
    assert page.url.endswith(f"/c/{ROOM}/wait")
    server.move_to("where-live")
    page.wait_for_url(f"**/c/{ROOM}/q/where-live", timeout=2_000)
    page.goto(f"/c/{ROOM}/q/likes")  # ahead of the group: back to where the group is
    assert page.url.endswith(f"/c/{ROOM}/q/where-live")


def test_presenter_pages_pass_axe_and_work_by_keyboard(open_page: PageFactory, server: PhoneServer):
    page = open_page(320, base_url=server.url)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    server.move_to(None)
    _start(page, ROOM)
    check("waiting for the group to start")
    server.move_to("welcome")
    page.wait_for_url(f"**/c/{ROOM}/q/welcome")
    # Keyboard only: Tab to "Continue" and press Enter.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "continue":
            break
    assert not focus_problem(page), focus_problem(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _heading(page) == "Waiting for the next question"
    check("waiting for the next question")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Back", focused
    assert not focus_problem(page), focus_problem(page)
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Check again":
            break
    assert not focus_problem(page), focus_problem(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/c/{ROOM}/wait")
    assert not problems, report(problems)


def _one_child(page) -> None:
    """One child's journey on the kiosk, to "Check your answers", by keyboard and taps."""
    _start(page, KIOSK)
    for _ in range(10):
        if "/q/" not in page.url:
            break
        if page.url.endswith("/q/anything-else"):
            page.fill("#answer", SECRET_WORDS)
            submit(page, "button[name=action][value=continue]")
        elif page.locator("button[name=action][value=skip]").count():
            submit(page, "button[name=action][value=skip]")
        else:  # the information page
            submit(page, "button[name=action][value=continue]")
    assert page.url.endswith(f"/c/{KIOSK}/check")
    assert SECRET_WORDS in page.content()


def test_kiosk_thank_you_then_next_person_and_back_shows_nothing(
    open_page: PageFactory, server: PhoneServer
):
    page = open_page(320, base_url=server.url)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    _one_child(page)
    assert page.locator("text=Save and come back later").count() == 0
    submit(page, "form[action$='/submit'] button")
    assert _heading(page) == "Thank you"
    check("kiosk thank you")
    # Back, again and again: the welcome page, never a previous answer.
    for _ in range(4):
        page.go_back()
        assert SECRET_WORDS not in page.content(), page.url
        assert page.url.endswith(f"/c/{KIOSK}"), page.url
    page.goto(f"/c/{KIOSK}/check")
    assert page.url.endswith(f"/c/{KIOSK}") and SECRET_WORDS not in page.content()
    # A fresh tablet: one child sends, the next person starts by keyboard alone.
    _one_child(page)
    submit(page, "form[action$='/submit'] button")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Next person":
            break
    assert not focus_problem(page), focus_problem(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/c/{KIOSK}")
    assert page.locator("text=Carry on where you left off").count() == 0
    assert page.locator("text=I have a code to carry on").count() == 0
    check("kiosk welcome")
    assert not problems, report(problems)


def test_kiosk_idle_warning_keeps_the_typed_answer_then_clears(
    open_page: PageFactory, server: PhoneServer
):
    page = open_page(320, base_url=server.url, bypass_csp=False)
    problems: dict[str, object] = {}
    server.app.state.kiosk_timings = KioskTimings(idle_seconds=2, warning_seconds=60)
    try:
        _start(page, KIOSK)
        page.goto(f"/c/{KIOSK}/q/anything-else")
        page.fill("#answer", SECRET_WORDS)
        dialog = page.locator("dialog[data-kiosk]")
        dialog.wait_for(state="visible", timeout=5_000)
        assert "Are you still there?" in dialog.inner_text()
        # The warning has focus on "Yes, carry on": Enter keeps everything typed.
        assert page.evaluate("document.activeElement.textContent.trim()") == "Yes, carry on"
        page.keyboard.press("Enter")
        dialog.wait_for(state="hidden")
        assert page.input_value("#answer") == SECRET_WORDS
        # Nobody answers the next warning: the tablet clears and welcomes the next person.
        server.app.state.kiosk_timings = KioskTimings(idle_seconds=1, warning_seconds=1)
        page.reload()
        page.wait_for_url(f"**/c/{KIOSK}", timeout=6_000)
        page.goto(f"/c/{KIOSK}/q/anything-else")
        assert page.url.endswith(f"/c/{KIOSK}")
        assert SECRET_WORDS not in page.content()
    finally:
        server.app.state.kiosk_timings = DEFAULT_TIMINGS
    assert not problems, report(problems)


def test_kiosk_warning_passes_axe(open_page: PageFactory, server: PhoneServer):
    page = open_page(320, base_url=server.url)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    server.app.state.kiosk_timings = KioskTimings(idle_seconds=1, warning_seconds=120)
    try:
        _start(page, KIOSK)
        page.locator("dialog[data-kiosk]").wait_for(state="visible", timeout=5_000)
        check("kiosk warning: are you still there?")
        page.goto(f"/c/{KIOSK}/still-there")
        check("kiosk warning without JavaScript")
        page.goto(f"/c/{KIOSK}/save")
        check("kiosk: saving is turned off")
    finally:
        server.app.state.kiosk_timings = DEFAULT_TIMINGS
    assert not problems, report(problems)
