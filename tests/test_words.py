"""Words that fit who is reading: help text by the survey's audience, phone numbers that read
the right way round on right-to-left pages, and the youngest version's plain words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from tests.conftest import SECRET, TEST_SURVEYS, make_consultation
from tests.helpers import follow, soup, start
from voices import paths
from voices.settings import Settings
from voices.web import phones

CARERS = "CRWX47"
CHILDREN = "TQ4RTX"
CHILD_HELP = ("adult you trust", "Childline", "0800 1111")


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The test survey (children) beside the real carers' and children's surveys."""
    for name in ("carers-voice.yaml", "my-life-in-care.yaml"):
        shutil.copy(paths.SURVEYS / name, tmp_path)
    shutil.copy(TEST_SURVEYS / "all-types.yaml", tmp_path)
    return Settings(database_url=database_url, secret_key=SECRET, surveys_dir=tmp_path)


def test_carers_are_not_sent_to_childline(client, session) -> None:
    make_consultation(session, CARERS, survey_id="carers-voice")
    welcome = client.get(f"/c/{CARERS}")
    assert "keep children safe" in welcome.text
    assert not any(words in welcome.text for words in CHILD_HELP), "footer or welcome"
    assert "0808 800 5000" in welcome.text
    follow(client, start(client, CARERS, version="carers"))
    client.post(f"/c/{CARERS}/submit")
    thanks = client.get(f"/c/{CARERS}/thanks")
    assert thanks.status_code == 200
    words = soup(thanks).get_text()
    assert not any(help_words in words for help_words in CHILD_HELP)
    assert "NSPCC" in words and "Call 0300 000 0000" in words


def test_children_keep_childline(client, session) -> None:
    make_consultation(session, CHILDREN)
    welcome = client.get(f"/c/{CHILDREN}")
    assert "keep you safe" in welcome.text and "Childline" in welcome.text
    assert "NSPCC" not in welcome.text


def test_closed_page_for_carers(client, session) -> None:
    from datetime import timedelta

    from voices.models import utcnow

    make_consultation(
        session, CARERS, survey_id="carers-voice", closes_at=utcnow() - timedelta(days=1)
    )
    page = client.get(f"/c/{CARERS}")
    assert "has closed" in page.text
    assert not any(words in page.text for words in CHILD_HELP)


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("call 0800 1111.", ["0800 1111"]),
        ("اتصل بـ Childline مجانًا على 0800 1111، في أي وقت", ["0800 1111"]),
        ("Rights Service, 0300 123 4567 (9am to 5pm)", ["0300 123 4567"]),
        ("+44 300 123 4567", ["+44 300 123 4567"]),
        ("١٢٣٤ ٥٦٧٨", ["١٢٣٤ ٥٦٧٨"]),
        ("It takes about 8 minutes. Call 999. Question 3 of 16", []),
    ],
)
def test_phone_numbers_are_isolated(text: str, isolated: list[str]) -> None:
    found = soup_of(phones(text)).find_all("bdi", dir="ltr")
    assert [b.text for b in found] == isolated


def test_phones_escapes_plain_text_but_not_markup() -> None:
    assert "&lt;b&gt;" in phones("<b>0800 1111</b>")
    assert phones(Markup("<b>hi</b>")) == Markup("<b>hi</b>")


def test_phone_numbers_read_left_to_right_on_an_arabic_page(client, session) -> None:
    make_consultation(session, CHILDREN)
    page = client.get(f"/c/{CHILDREN}?lang=ar")
    html = soup(page)
    assert html.find("html")["dir"] == "rtl"
    number = html.find("footer").find("bdi", dir="ltr")
    assert number is not None and number.text == "0800 1111"
    follow(client, start(client, CHILDREN))
    client.post(f"/c/{CHILDREN}/submit")
    thanks = soup(client.get(f"/c/{CHILDREN}/thanks"))
    isolated = [b.text for b in thanks.find("main").find_all("bdi", dir="ltr")]
    assert "0800 1111" in isolated and "0300 000 0000" in isolated


def soup_of(markup: Markup):
    from bs4 import BeautifulSoup

    return BeautifulSoup(str(markup), "html.parser")


def test_five_to_seven_get_plain_words_for_where_they_live(client, session) -> None:
    make_consultation(session, "MYWX47", survey_id="my-life-in-care")
    page = follow(client, start(client, "MYWX47", version="5-7"))
    page = follow(client, client.post(str(page.url), data={"action": "continue"}))
    assert page.url.path.endswith("/q/where-live")
    words = soup(page).find("main").get_text()
    for jargon in ("kinship", "supported lodgings", "council"):
        assert jargon not in words
    assert "With my mum or dad" in words and "With a foster family" in words
    values = [i["value"] for i in soup(page).find_all("input", {"name": "answer"})]
    assert values == ["foster", "family", "childrens-home", "parents", "other"]  # ids kept
    check = follow(client, client.post(str(page.url), data={"answer": "family"}))
    check = client.get("/c/MYWX47/check")
    assert "like my gran or aunt" in check.text and "kinship" not in check.text


def test_older_children_keep_every_option(client, session) -> None:
    make_consultation(session, "MYWX47", survey_id="my-life-in-care")
    page = follow(client, start(client, "MYWX47", version="12-17"))
    page = follow(client, client.post(str(page.url), data={"action": "continue"}))
    words = soup(page).find("main").get_text()
    assert "supported lodgings" in words and "kinship carers" in words


def test_an_error_message_is_written_once(client, session) -> None:
    make_consultation(session, CHILDREN)
    welcome = client.post(f"/c/{CHILDREN}/start", data={"start_key": "k" * 20})
    assert welcome.status_code == 422
    html = soup(welcome)
    message = html.find(id="version-error")
    assert message is not None and message.name == "a" and message["href"] == "#version"
    assert html.find("fieldset")["aria-describedby"] == "version-error"
    assert html.get_text().count(message.text) == 1
    page = follow(client, start(client, CHILDREN))
    page = follow(client, client.post(str(page.url), data={"action": "continue"}))
    error = client.post(str(page.url), data={"action": "continue"})
    assert error.status_code == 422
    html = soup(error)
    text = html.find(id="answer-error").text
    assert html.get_text().count(text) == 1, "not in the summary and again at the field"
    assert "answer-error" in html.find("fieldset")["aria-describedby"]
    assert text not in html.find("title").text
