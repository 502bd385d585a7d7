"""The lead's alert pages pass axe at 320 and 1280 px, and work from the keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, staff_sign_in, width_checker
from voices import db
from voices.demo import DEMO_SLUG
from voices.models import Answer, Consultation, Organisation, Response, SafeguardingAlert, utcnow

pytestmark = pytest.mark.browser
WORDS = "مرحبا 😢 he hits me at home"


def _add_alert(tmp_path_factory: pytest.TempPathFactory) -> int:
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    engine = db.make_engine(f"sqlite:///{path}")
    with Session(engine, expire_on_commit=False) as session:
        org = session.exec(select(Organisation).where(Organisation.slug == DEMO_SLUG)).one()
        consultation = session.exec(
            select(Consultation).where(Consultation.organisation_id == org.id)
        ).first()
        stamp = str(utcnow().timestamp())
        response = Response(
            consultation_id=consultation.id,
            start_key="a" + stamp,
            token_hash="b" + stamp,
            version=consultation.versions[0] if consultation.versions else "12-17",
            locale="en",
        )
        session.add(response)
        session.flush()
        answer = Answer(
            response_id=response.id,
            question_id="anything-else",
            value={"text": WORDS},
            updated_at=utcnow() - timedelta(hours=1),
        )
        session.add(answer)
        session.flush()
        start = WORDS.index("hits")
        reason = {"field": "text", "category": "abuse-physical", "start": start, "end": start + 4}
        alert = SafeguardingAlert(
            organisation_id=org.id,
            consultation_id=consultation.id,
            response_id=response.id,
            answer_id=answer.id,
            question_id="anything-else",
            tier="alert",
            reasons=[reason],
        )
        session.add(alert)
        session.commit()
        alert_id = alert.id
    engine.dispose()
    return alert_id


def _sign_in(page, role: str = "safeguarding") -> None:
    staff_sign_in(page, role, f"/staff/o/{DEMO_SLUG}/alerts")


def test_alert_pages_pass_axe_and_work_by_keyboard(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = open_page(320)
    alert_id = _add_alert(tmp_path_factory)
    _sign_in(page)
    page.reload()
    problems: dict[str, object] = {}

    check = width_checker(page, problems)

    check("queue")
    # Keyboard only: tab to the first alert in the queue, open it, acknowledge it.
    link = f'a[href="/staff/o/{DEMO_SLUG}/alerts/{alert_id}"]'
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == link[8:-2]:
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/alerts/{alert_id}")
    assert page.locator("mark").first.inner_text() == "hits"
    check("alert")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "I am dealing with this":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Status: acknowledged" in page.inner_text("main")
    page.check("#outcome-false")
    page.fill("#close-note", "Read with the worker: a story from a book")
    with page.expect_navigation():
        page.click("#close button[type=submit]")
    assert "Status: closed" in page.inner_text("main")
    check("after closing")
    assert problems == {}, report(problems)
