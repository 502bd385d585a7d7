"""No page makes a request to anyone but our own server (the Children's Code: no third-party
trackers, fonts, scripts or images). Every respondent and staff page type is loaded in a real
browser; any request to another host fails the test, and is stopped before it leaves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlmodel import Session, select

from tests.browser.conftest import OPEN_CODE, PageFactory, _seed, serve
from tests.browser.helpers import staff_sign_in, tour
from voices import db
from voices.app import create_app
from voices.demo import DEMO_SESSIONS, DEMO_SLUG
from voices.models import Answer, Consultation, LiveSession, Response, SafeguardingAlert

pytestmark = pytest.mark.browser
KIOSK = "KQ7TAD"
WAITING = DEMO_SESSIONS["TEAM46"][0]  # presenter-paced, not started: phones wait
LOCAL_SCHEMES = ("data", "blob", "about")


@dataclass
class Site:
    url: str
    consultation_id: int  # the demo's MYCARE, with sample answers
    response_id: int
    alert_id: int
    live_id: int  # the demo's live session on MYCARE


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    settings = _seed(tmp_path_factory.mktemp("third-party"))
    engine = db.make_engine(settings.database_url)
    with Session(engine, expire_on_commit=False) as session:
        mycare = session.exec(select(Consultation).where(Consultation.join_code == "MYCARE")).one()
        answer = session.exec(
            select(Answer).join(Response).where(Response.consultation_id == mycare.id)
        ).first()
        alert = SafeguardingAlert(
            organisation_id=mycare.organisation_id,
            consultation_id=mycare.id,
            response_id=answer.response_id,
            answer_id=answer.id,
            question_id=answer.question_id,
            tier="alert",
        )
        open_one = session.exec(select(Consultation).where(Consultation.join_code == OPEN_CODE))
        test_survey = open_one.one()
        kiosk = LiveSession(
            organisation_id=test_survey.organisation_id,
            consultation_id=test_survey.id,
            join_code=KIOSK,
            kiosk=True,
        )
        session.add_all([alert, kiosk])
        session.commit()
        live = session.exec(select(LiveSession).where(LiveSession.join_code == "MYCAR4")).one()
        found = Site("", mycare.id, answer.response_id, alert.id, live.id)
    with serve(create_app(settings)) as url:
        found.url = url
        yield found
    engine.dispose()


class Watch:
    """Every request a browser context makes to a host other than ours, aborted."""

    def __init__(self, page, own: str) -> None:
        self.own = urlsplit(own).netloc
        self.elsewhere: list[str] = []
        self.page_name = "-"
        page.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.netloc == self.own:
            route.continue_()
            return
        self.elsewhere.append(f"{self.page_name}: {route.request.url}")
        route.abort()

    def visit(self, page, name: str, path: str) -> None:
        self.page_name = name
        response = page.goto(path)
        assert response is not None and response.status < 400, (name, path, response.status)
        page.wait_for_load_state("networkidle")


def _open(open_page: PageFactory, site: Site):
    page = open_page(320, base_url=site.url)
    return page, Watch(page, site.url)


def test_respondent_pages_ask_nothing_of_other_hosts(open_page: PageFactory, site: Site) -> None:
    page, watch = _open(open_page, site)
    for name in tour(page, "en"):  # home, welcome, every question type, check, save, thanks
        watch.page_name = name
        page.wait_for_load_state("networkidle")
    for name, path in [
        ("privacy", f"/c/{OPEN_CODE}/privacy"),
        ("privacy, older words", f"/c/{OPEN_CODE}/privacy?v=12-17"),
        ("results", f"/results/{OPEN_CODE}"),
        ("results with actions", "/results/MYCARE"),
        ("welcome in Arabic", "/c/MYCARE?lang=ar"),
    ]:
        watch.visit(page, name, path)
    assert watch.elsewhere == []


def test_live_and_kiosk_pages_ask_nothing_of_other_hosts(
    open_page: PageFactory, site: Site
) -> None:
    page, watch = _open(open_page, site)
    watch.visit(page, "live welcome", f"/c/{WAITING}")
    radios = page.locator("input[name=version][type=radio]")
    if radios.count():
        radios.first.check()
    with page.expect_navigation():
        page.click("button.button--start")
    assert page.url.endswith("/wait"), page.url
    page.wait_for_timeout(2_500)  # the waiting page polls: those requests are watched too
    page, kiosk = _open(open_page, site)
    kiosk.visit(page, "kiosk welcome", f"/c/{KIOSK}")
    page.check("input[name=version][value='8-11']")
    with page.expect_navigation():
        page.click("button.button--start")
    assert "/q/" in page.url
    page.wait_for_load_state("networkidle")
    assert watch.elsewhere == [] and kiosk.elsewhere == []


def test_staff_pages_ask_nothing_of_other_hosts(open_page: PageFactory, site: Site) -> None:
    org = f"/staff/o/{DEMO_SLUG}"
    one = f"{org}/consultations/{site.consultation_id}"
    pages = {
        "worker": [
            ("organisation", org),
            ("consultations", f"{org}/consultations"),
            ("new consultation", f"{org}/consultations/new?survey=my-life-in-care"),
            ("consultation", one),
            ("responses", f"{one}/responses"),
            ("one response", f"{one}/responses/{site.response_id}"),
            ("review", f"{one}/review"),
            ("facilitator screen", f"{one}/sessions/{site.live_id}"),
        ],
        "viewer": [
            ("findings", f"{one}/findings"),
            ("board report", f"{one}/findings/report"),
            ("findings list", f"{org}/findings"),
        ],
        "safeguarding": [
            ("alerts", f"{org}/alerts"),
            ("one alert", f"{org}/alerts/{site.alert_id}"),
        ],
        "admin": [("people", f"{org}/people"), ("frameworks", f"{org}/frameworks")],
    }
    elsewhere: list[str] = []
    for role, visits in pages.items():
        page, watch = _open(open_page, site)
        watch.page_name = "sign-in"
        staff_sign_in(page, role, visits[0][1])
        for name, path in visits:
            watch.visit(page, name, path)
        elsewhere += watch.elsewhere
    assert elsewhere == []
