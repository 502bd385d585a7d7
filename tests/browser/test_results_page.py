"""You said, we did in a browser: staff add an action with the keyboard alone, and the public
results page passes axe in en and ar at 320 and 1280 px with no sideways scroll."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import Session, select

from tests.browser.conftest import PageFactory
from tests.browser.helpers import focus_problem, report, staff_sign_in, width_checker
from voices import db
from voices.demo import DEMO_SLUG
from voices.models import (
    Answer,
    Consultation,
    FindingAction,
    Organisation,
    QuoteApproval,
    Response,
    ThemeMention,
    utcnow,
)

pytestmark = pytest.mark.browser

CODE = "RQTX97"  # a consultation of its own, so other browser tests' counts stay as they were
QUOTE = "My foster carers listen to me"


def _respondents(session: Session, c: Consultation, n: int) -> None:
    keys = itertools.count()
    for _ in range(n):
        k = next(keys)
        row = Response(
            consultation_id=c.id,
            start_key=f"results-{k}",
            token_hash=f"results-{k}",
            version="8-11",
            locale="en",
            status="submitted",
            submitted_at=utcnow(),
        )
        session.add(row)
        session.flush()
        if k >= 15:  # 15 speak to "nurtured", 12 to nothing: 15 of 27 can be shown
            continue
        answer = Answer(response_id=row.id, question_id="one-change", value={"text": QUOTE})
        session.add(answer)
        session.flush()
        session.add(
            ThemeMention(
                consultation_id=c.id,
                response_id=row.id,
                answer_id=answer.id,
                question_id="one-change",
                framework="shanarri",
                theme="nurtured",
                reviewed=True,
                sentiment="positive",
            )
        )
        if k == 0:
            session.add(
                QuoteApproval(
                    organisation_id=c.organisation_id,
                    consultation_id=c.id,
                    answer_id=answer.id,
                    redacted_text=QUOTE,
                )
            )


def _seed(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The staff actions path of a consultation with 27 respondents, a quote and an action."""
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    engine = db.make_engine(f"sqlite:///{path}")
    with Session(engine, expire_on_commit=False) as session:
        c = session.exec(select(Consultation).where(Consultation.join_code == CODE)).first()
        if c is None:
            org = session.exec(select(Organisation).where(Organisation.slug == DEMO_SLUG)).one()
            c = Consultation(
                organisation_id=org.id,
                title="Results page",
                survey_id="my-life-in-care",
                join_code=CODE,
                frameworks=["shanarri"],
            )
            session.add(c)
            session.flush()
            _respondents(session, c, 27)
            session.add(
                FindingAction(
                    organisation_id=org.id,
                    consultation_id=c.id,
                    framework="shanarri",
                    theme="nurtured",
                    heard="Some of you want to see your family more",
                    action="We will make family time easier to arrange",
                    owner="Family time team",
                    status="in_progress",
                    progress="We have asked every social worker to check",
                    translations={"ar": {"action": "سنجعل ترتيب وقت العائلة أسهل"}},
                )
            )
            session.commit()
        cid = c.id
    engine.dispose()
    return f"/staff/o/{DEMO_SLUG}/consultations/{cid}/actions"


def test_results_page_passes_axe_in_en_and_ar(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _seed(tmp_path_factory)
    page = open_page(320)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    for lang in ("en", "ar"):
        for version in ("5-7", "12-17"):
            page.goto(f"/results/{CODE}?lang={lang}&version={version}")
            assert page.locator("h1").count() == 1
            assert page.locator(".result-theme").count() > 0
            assert QUOTE in page.inner_text("main")
            check(f"results ({lang}, {version})")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "سنجعل ترتيب وقت العائلة أسهل" in page.inner_text("main")
    for lang in ("en", "ar"):  # the demo's own consultation: many themes, every status
        page.goto(f"/results/MYCARE?lang={lang}")
        assert page.locator(".result-action").count() > 0
        check(f"demo results ({lang})")
    page.goto("/results/ZZZZZZ?lang=ar")
    check("results not found (ar)")
    assert problems == {}, report(problems)


def _tab_to(page, selector: str, tries: int = 120) -> None:
    for _ in range(tries):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            assert focus_problem(page) == "", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_an_action_by_keyboard_alone_shows_on_the_results_page(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = _seed(tmp_path_factory)
    page = open_page(1280)
    staff_sign_in(page, "worker", path)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    check("actions list")
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, f"a[href='{path}/new']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check("add an action")
    page.set_viewport_size({"width": 1280, "height": 800})
    _tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing filled in: every problem is named
    assert page.locator(".error-summary li").count() == 3
    check("add an action with errors")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.focus("body")
    _tab_to(page, "#theme")
    page.keyboard.press("ArrowDown")  # the first theme after "the whole consultation"
    _tab_to(page, "#heard")
    page.keyboard.type("Some of you do not know who your social worker is")
    _tab_to(page, "#action")
    page.keyboard.type("Every child gets a card with their social worker's name")
    _tab_to(page, "#owner")
    page.keyboard.type("Children's services")
    _tab_to(page, "input[name=public][value=no]")
    page.keyboard.press("ArrowUp")  # "Yes, show it"
    _tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path)
    assert "Every child gets a card" in page.inner_text("main")
    page.goto(f"/results/{CODE}")
    assert "Every child gets a card" in page.inner_text("main")
    assert problems == {}, report(problems)


def test_results_page_by_keyboard(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _seed(tmp_path_factory)
    page = open_page(320)
    page.goto(f"/results/{CODE}")
    _tab_to(page, ".result-versions a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "version=5-7" in page.url and "Who answered" in page.inner_text("main")
    _tab_to(page, "a[hreflang=ar]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "lang=ar" in page.url and "version=5-7" in page.url  # the version is kept
    assert page.get_attribute("html", "dir") == "rtl"
    _tab_to(page, ".result-link a")
