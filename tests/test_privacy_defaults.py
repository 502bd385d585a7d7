"""The Children's Code in HTTP tests: high-privacy defaults, no nudges, and privacy
information written for each age version (docs/privacy.md maps each standard to a test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from tests.conftest import SECRET, TEST_SURVEYS, make_consultation
from tests.helpers import follow, question_id, soup, start
from tests.live.phone_helpers import KIOSK_CODE, make_live
from tests.staff.conftest import make_organisation, make_staff, signed_in
from voices import paths
from voices.models import Consultation, Organisation, Response
from voices.respond.privacy import register
from voices.settings import Settings

# --- high-privacy defaults ------------------------------------------------------------------


def _as_a_browser_sends(page) -> dict[str, list[str]]:
    """The form's fields as a browser submits them untouched: values, checked boxes only."""
    form = soup(page).select_one("main form[method=post]")
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or (kind in ("radio", "checkbox") and not field.has_attr("checked")):
            continue
        value = field.text if field.name == "textarea" else field.get("value", "")
        data.setdefault(name, []).append(value)
    return data


def test_a_new_consultation_is_anonymous_unless_a_worker_chooses_named(client, session) -> None:
    organisation = make_organisation(session)
    signed_in(client, make_staff(session, organisation, "worker"))
    base = f"/staff/o/{organisation.slug}/consultations/new"
    page = client.get(base, params={"survey": "all-types"})
    anonymous = soup(page).find("input", {"name": "anonymous", "checked": True})
    assert anonymous is not None and anonymous["value"] == "yes", "anonymous is pre-chosen"
    # What a worker must fill in (title, who asks, a date, ages and languages); nothing else.
    data = _as_a_browser_sends(page) | {
        "title": ["Left as it came"],
        "who_is_asking": ["The participation team"],
        "opens": ["2020-01-01"],
        "versions": ["8-11"],
        "locales": ["en"],
    }
    made = client.post(base, data=data)
    assert made.status_code == 303, [
        e.text for e in soup(made).select(".error-message, .error-summary li")
    ]
    row = session.exec(select(Consultation).where(Consultation.title == "Left as it came")).one()
    assert row.anonymous is True
    assert Consultation(organisation_id=1, title="", survey_id="", join_code="").anonymous


def test_an_anonymous_welcome_asks_nothing_but_the_age_version(client, consultation) -> None:
    page = client.get("/c/TQ4RTX")
    fields = {f.get("name") for f in soup(page).select("form[action$='/start'] [name]")}
    # csrf_token is the form's own anti-forgery token, nothing about the child.
    assert fields - {"csrf_token"} == {"start_key", "version"}
    assert soup(page).select("input[name=version][checked]") == [], "no age is pre-chosen"


def test_a_named_welcome_makes_the_name_optional(client, session) -> None:
    make_consultation(session, "NAMED4", anonymous=False)
    page = client.get("/c/NAMED4")
    name = soup(page).find("input", {"name": "name"})
    assert name is not None and not name.get("value") and not name.has_attr("required")
    assert "you can leave this empty" in soup(page).find("label", {"for": "name"}).text
    follow(client, start(client, "NAMED4", name=""))
    assert session.exec(select(Response.respondent_name)).one() is None


def test_a_name_typed_into_an_anonymous_consultation_is_not_stored(client, session, consultation):
    follow(client, start(client, name="Someone Forged"))
    assert session.exec(select(Response.respondent_name)).one() is None


# --- no nudge techniques ---------------------------------------------------------------------


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The real starter surveys as well as the test survey with every question type."""
    for source in [*paths.SURVEYS.glob("*.yaml"), *TEST_SURVEYS.glob("*.yaml")]:
        shutil.copy(source, tmp_path)
    return Settings(database_url=database_url, secret_key=SECRET, surveys_dir=tmp_path)


def _preselected(page) -> list[str]:
    """Anything on a question page a fresh respondent did not choose or type."""
    html = BeautifulSoup(page.text, "html.parser").find("form", method="post")
    found = [str(i)[:120] for i in html.select("input[type=radio][checked]")]
    found += [str(i)[:120] for i in html.select("input[type=checkbox][checked]")]
    found += [str(o)[:120] for o in html.select("option[selected]") if o.get("value")]
    found += [str(i)[:120] for i in html.select("input[type=text][value]") if i["value"]]
    found += [str(t)[:120] for t in html.select("textarea") if t.text.strip()]
    return found


def _walk(client, code: str, version: str, pick_last: bool) -> list[str]:
    """Every question on one path through a survey; checks each page, then answers it."""
    seen: list[str] = []
    page = follow(client, start(client, code, version))
    for _ in range(80):
        if "/q/" not in str(page.url):
            break
        qid = question_id(page)
        seen.append(qid)
        assert _preselected(page) == [], f"{code} {version} {qid}: pre-selected"
        buttons = {b.get("value") for b in soup(page).select("button[name=action]")}
        if buttons != {"continue"}:  # every question but an info page offers a skip
            assert buttons == {"continue", "skip"}, (code, qid, buttons)
            assert "I'd rather not say" in page.text
        options = soup(page).select("form input[name=answer][type=radio], input[type=checkbox]")
        chosen = options[-1 if pick_last else 0]["value"] if options else None
        data = {"answer": chosen} if chosen else {"action": "continue"}
        if soup(page).select("form textarea#answer, form input#answer[type=text]"):
            data = {"answer": "Fine"}
        page = follow(client, client.post(str(page.url.path), data=data))
    assert str(page.url).endswith("/check"), page.url
    client.cookies.clear()
    return seen


@pytest.mark.parametrize(
    ("survey_id", "code"),
    [
        ("all-types", "TQ4RTX"),
        ("my-life-in-care", "MYCARE"),
        ("before-my-review", "PREP47"),
        ("group-session", "TEAM46"),
        ("carers-voice", "CARER9"),
    ],
)
def test_no_question_comes_pre_answered_and_every_one_can_be_skipped(
    client, session, survey_id: str, code: str
) -> None:
    make_consultation(session, code, survey_id=survey_id)
    survey = client.app.state.catalog.get(survey_id)
    seen: set[str] = set()
    for version in survey.versions:
        for pick_last in (False, True):
            seen.update(_walk(client, code, version.id, pick_last))
    asked = {q.id for q in survey.questions}
    assert len(seen) >= len(asked) * 0.75, f"only {len(seen)} of {len(asked)} questions seen"


# --- privacy information for each age version ------------------------------------------------


def test_the_youngest_read_simple_words_and_older_ones_fuller() -> None:
    assert register("5-7", "children") == register("8-11", "children") == "simple"
    assert register("12-17", "children") == "full"
    assert register("carers", "carers") == "full"
    assert register("16-25", "children") == "full"


def test_the_welcome_page_links_to_the_privacy_page(client, consultation) -> None:
    link = soup(client.get("/c/TQ4RTX")).find("a", href="/c/TQ4RTX/privacy")
    assert link is not None and "privacy" in link.text


def test_the_privacy_page_says_who_sees_how_long_and_the_rights(client, session) -> None:
    consultation = make_consultation(session, "PQRW46", who_sees="Your social worker, Sam")
    organisation = session.get(Organisation, consultation.organisation_id)
    organisation.unfinished_retention_days, organisation.named_retention_days = 45, 400
    session.add(organisation)
    session.commit()
    simple = client.get("/c/PQRW46/privacy")  # no version chosen: the youngest's words
    assert simple.status_code == 200
    words = soup(simple).get_text(" ")
    assert "Your social worker, Sam" in words
    assert "after 45 days" in words
    assert "Nobody will know which answers are yours" in words
    assert "ask us to delete it" in words
    assert "we will tell someone whose job is to keep you safe" in words
    assert "400" not in words, "an anonymous survey has no names to remove"
    fuller = soup(client.get("/c/PQRW46/privacy?v=12-17")).get_text(" ")
    assert "right to ask for a copy" in fuller and "Information Commissioner" in fuller
    assert "internet (IP) address" in fuller and "45 days" in fuller
    assert "right to ask for a copy" not in words, "the youngest get the simple version"


def test_a_named_survey_says_when_the_name_is_removed(client, session) -> None:
    consultation = make_consultation(session, "PQRW47", anonymous=False)
    organisation = session.get(Organisation, consultation.organisation_id)
    organisation.named_retention_days = 400
    session.add(organisation)
    session.commit()
    simple = client.get("/c/PQRW47/privacy").text
    assert "After 400 days, we take your name off" in simple
    assert "we keep them without your name" not in simple  # not until those 400 days
    fuller = client.get("/c/PQRW47/privacy?v=12-17").text
    assert "removed 400 days after you send your answers" in fuller


def test_the_privacy_page_follows_the_version_a_respondent_chose(client, consultation) -> None:
    follow(client, start(client, version="12-17"))
    assert "right to ask for a copy" in client.get("/c/TQ4RTX/privacy").text


def test_a_shared_tablet_shows_the_privacy_page_and_never_the_last_childs_version(
    client, session, consultation
) -> None:
    make_live(session, consultation, code=KIOSK_CODE, kiosk=True)
    follow(client, start(client, KIOSK_CODE, version="12-17"))
    page = client.get(f"/c/{KIOSK_CODE}/privacy")
    assert page.status_code == 200
    assert "ask us to delete it" in page.text, "the next person gets the youngest words"
    assert soup(page).find("a", href=f"/c/{KIOSK_CODE}") is not None


@pytest.mark.parametrize("locale", ["cy", "pl", "ar"])
def test_the_privacy_page_is_translated(client, consultation, locale: str) -> None:
    english = soup(client.get("/c/TQ4RTX/privacy?lang=en")).find("h1").text
    page = client.get(f"/c/TQ4RTX/privacy?lang={locale}")
    assert page.status_code == 200
    assert soup(page).find("h1").text != english
    assert f'lang="{locale}"' in page.text


# --- geolocation -----------------------------------------------------------------------------


def test_no_page_may_ask_where_a_child_is(client, consultation) -> None:
    """The browser is told to refuse location, and no script of ours asks for it."""
    for url in ("/", "/c/TQ4RTX", "/c/TQ4RTX/privacy", "/results/TQ4RTX", "/staff/sign-in"):
        policy = client.get(url).headers["permissions-policy"]
        assert "geolocation=()" in policy, url
    scripts = list((paths.STATIC / "js").rglob("*.js"))
    assert scripts, "the app's scripts were found"
    for script in scripts:
        assert "geolocation" not in script.read_text(), script


def test_an_unfinished_survey_is_promised_no_shorter_than_its_carry_on_code(
    client, session, app
) -> None:
    """voices purge keeps an unfinished survey while its resume code works, so the page
    promises the later of the two, never a deletion the code would contradict."""
    consultation = make_consultation(session, "PQRW49")
    organisation = session.get(Organisation, consultation.organisation_id)
    organisation.unfinished_retention_days = 3
    session.add(organisation)
    session.commit()
    resume_days = app.state.settings.resume_days
    assert resume_days > 3
    words = soup(client.get("/c/PQRW49/privacy")).get_text(" ")
    assert f"after {resume_days} days" in words and "after 3 days" not in words
