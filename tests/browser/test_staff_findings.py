"""The findings page and the board report pass axe in en and ar at 320 and 1280 px, with no
sideways scroll on a phone, and the filters work by keyboard alone (a GET form, no JS)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.browser.conftest import PageFactory
from tests.browser.helpers import focus_problem, report, staff_sign_in, width_checker
from voices import db
from voices.demo import DEMO_SLUG
from voices.findings.facts import rebuild_consultation
from voices.models import Consultation

pytestmark = pytest.mark.browser


def _findings_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo's MYCARE findings, its facts rebuilt from the demo's answers first."""
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    engine = db.make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        found = session.exec(select(Consultation).where(Consultation.join_code == "MYCARE")).one()
        rebuild_consultation(session, found.id)
        session.commit()
        cid = found.id
    engine.dispose()
    return f"/staff/o/{DEMO_SLUG}/consultations/{cid}/findings"


def test_findings_pages_pass_axe_in_en_and_ar(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = _findings_path(tmp_path_factory)
    page = open_page(320)
    staff_sign_in(page, "viewer", path)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    for lang in ("en", "ar"):
        page.goto(f"{path}?lang={lang}")
        assert page.locator("h1").count() == 1
        assert page.locator(".findings-theme").count() > 0, "the demo's findings show themes"
        check(f"findings ({lang})")
        page.goto(f"{path}?lang={lang}&framework=promise&via=shanarri")
        check(f"findings by cross-walk ({lang})")
        page.goto(f"{path}?lang={lang}&date_from=nonsense")
        check(f"findings with an error ({lang})")
        page.goto(f"{path}/report?lang={lang}")
        assert page.locator(".findings-report__council").count() == 1
        check(f"board report ({lang})")
        page.goto(f"{path}/rounds?lang={lang}")
        check(f"rounds ({lang})")
    page.goto(f"/staff/o/{DEMO_SLUG}/findings?lang=en")
    check("findings list")
    assert problems == {}, report(problems)


def _tab_to(page, selector: str, tries: int = 200) -> None:
    for _ in range(tries):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            assert focus_problem(page) == "", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_filters_by_keyboard(open_page: PageFactory, tmp_path_factory) -> None:
    path = _findings_path(tmp_path_factory)
    page = open_page(1280)
    staff_sign_in(page, "viewer", path)
    page.goto(path)
    for selector in ("#framework", "#via", "#version", "#by-where-live", "#date_from", "#date_to"):
        _tab_to(page, selector)
    page.focus("#version")
    page.keyboard.press("ArrowDown")  # the first version
    _tab_to(page, ".findings-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**version=*")
    assert "version=" in page.url
    assert page.locator(".findings-message, .findings-summary").count() >= 1
