"""The public results page /results/{code}: no sign-in, the public rule (nothing below 10,
every count rounded to the nearest 5), approved quotes only, public actions only, in the
survey's languages and age versions."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from tests.conftest import make_consultation
from tests.findings import facts_helpers as facts
from tests.helpers import raise_alert, soup
from voices.models import Answer, Consultation, FindingAction, QuoteApproval, ThemeMention

CODE = "RQTX47"
QUOTE = "My carers always listen to me"
HELD = "Something only the safeguarding lead may read"
UNAPPROVED = "Words nobody approved for quoting"


@pytest.fixture
def consultation(session: Session) -> Consultation:
    return make_consultation(
        session,
        CODE,
        frameworks=["shanarri"],
        versions=["8-11", "12-17"],
        locales=["en", "cy"],
    )


def _people(session, c, n: int, **fields) -> list:
    return [facts.respondent(session, c, **fields) for _ in range(n)]


def _said(session, c, response, text: str, theme: str = "nurtured") -> Answer:
    """A free-text answer of a response, coded to a theme."""
    answer = Answer(response_id=response.id, question_id="anything-else", value={"text": text})
    session.add(answer)
    session.flush()
    mention = ThemeMention(
        consultation_id=c.id,
        response_id=response.id,
        answer_id=answer.id,
        question_id="anything-else",
        framework="shanarri",
        theme=theme,
        reviewed=True,
        sentiment="positive",
    )
    session.add(mention)
    session.flush()
    return answer


def _approve(session, c, answer: Answer, text: str) -> None:
    session.add(
        QuoteApproval(
            organisation_id=c.organisation_id,
            consultation_id=c.id,
            answer_id=answer.id,
            redacted_text=text,
        )
    )
    session.commit()


def _action(session, c, **fields) -> FindingAction:
    row = FindingAction(organisation_id=c.organisation_id, consultation_id=c.id, **fields)
    session.add(row)
    session.commit()
    return row


def _text(client, url: str = f"/results/{CODE}") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return soup(response).get_text(" ", strip=True)


def test_unknown_code_is_a_kind_404(client):
    response = client.get("/results/ZZZZ99")
    assert response.status_code == 404
    assert "We could not find these results" in response.text


def test_the_code_is_forgiving(client, consultation):
    response = client.get(f"/results/{CODE.lower()}?lang=cy")
    assert response.status_code == 303
    assert response.headers["location"] == f"/results/{CODE}?lang=cy"


def test_counts_are_rounded_and_small_ones_hidden(client, session, consultation):
    _people(session, consultation, 12, themes=[("shanarri", "safe", True, "positive")])
    _people(session, consultation, 7, themes=[("shanarri", "healthy", True, "negative")])
    _people(session, consultation, 4)
    session.commit()
    response = client.get(f"/results/{CODE}")
    assert response.headers["cache-control"] == "no-store"  # an update shows at once
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "Children and young people who took part: about 25" in text  # 23
    assert "How many of you talked about this: about 10" in text  # 12
    headings = [h.get_text(strip=True) for h in page.select("h3")]
    assert "Feeling safe" in headings
    assert "Being healthy" not in headings  # 7: below 10, and no action about it
    numbers = " ".join(p.get_text(" ") for p in page.select("main section p, main section li"))
    for exact in ("23", "12", "7", "4"):
        assert f" {exact} " not in f" {numbers} ", exact
    assert "We never show a number smaller than 10" in text
    shown = [int(n) for n in re.findall(r"about (\d+)", text)]
    assert shown and all(n >= 10 and n % 5 == 0 for n in shown), shown
    assert "round every number to the nearest 5" in text


def test_fewer_than_ten_shows_no_numbers(client, session, consultation):
    _people(session, consultation, 9, themes=[("shanarri", "safe", True, "positive")])
    session.commit()
    text = _text(client)
    assert "Fewer than 10 children and young people have taken part so far" in text
    assert "about" not in text.split("How we keep you private")[0]
    assert "Feeling safe" not in text


def test_closed_answers_in_the_readers_version(client, session, consultation):
    _people(session, consultation, 15, closed={"feel-safe": "yes"})
    _people(session, consultation, 3, closed={"feel-safe": "no"})
    session.commit()
    older = _text(client, f"/results/{CODE}?version=12-17")
    assert "Do you feel safe where you live?" in older and "Yes: about 15" in older
    assert "No: about" not in older  # 3 chose it
    assert "Who took part" in older
    younger = _text(client, f"/results/{CODE}?version=8-11")
    assert "Do you feel safe at home?" in younger  # the 8-11 wording
    assert "Who answered" in younger  # simpler words for the younger version
    assert "Who took part" in _text(client, f"/results/{CODE}?version=nonsense")


def test_only_approved_quotes_and_never_a_held_answer(client, session, consultation):
    people = _people(session, consultation, 12)
    _people(session, consultation, 10)  # who said nothing of it: 12 of 22, not 12 of 12
    quoted = _said(session, consultation, people[0], "original words")
    held = _said(session, consultation, people[1], HELD)
    _said(session, consultation, people[2], UNAPPROVED)
    for person in people[3:]:
        _said(session, consultation, person, "more words")
    _approve(session, consultation, quoted, QUOTE)
    _approve(session, consultation, held, HELD)
    raise_alert(session, held, consultation)
    text = _text(client)
    assert QUOTE in text
    assert HELD not in text and UNAPPROVED not in text and "original words" not in text


def test_public_actions_show_with_their_status_and_drafts_do_not(client, session, consultation):
    _people(session, consultation, 10)
    session.commit()
    shown = _action(
        session,
        consultation,
        framework="shanarri",
        theme="safe",
        heard="Some of you feel unsafe on the bus",
        action="We will talk to the bus company",
        status="planned",
        translations={"cy": {"action": "Byddwn ni'n siarad â'r cwmni bysiau"}},
    )
    _action(session, consultation, heard="Everything", action="We will meet every term")
    _action(
        session,
        consultation,
        framework="promise",
        theme="scaffolding",
        heard="Help",
        action="We will open a drop-in",
    )
    _action(session, consultation, heard="Secret", action="A draft nobody sees", public=False)
    text = _text(client)
    assert "We will talk to the bus company" in text and "We will do this" in text
    assert "Feeling safe" in text  # the theme shows for its action, without a number
    assert "We do not show a number here" in text
    assert "About everything you told us" in text and "We will meet every term" in text
    assert "A draft nobody sees" not in text
    assert "Help when you need it" in text  # another framework's theme, by its own name
    shown.status, shown.progress = "done", "The buses now have a helper on board"
    session.add(shown)
    session.commit()
    text = _text(client)
    assert "We have done this" in text and "The buses now have a helper on board" in text
    assert "We did:" in text


def test_languages_translations_and_right_to_left(client, session, consultation):
    _action(
        session,
        consultation,
        heard="Some of you feel unsafe on the bus",
        action="We will talk to the bus company",
        translations={"cy": {"action": "Byddwn ni'n siarad â'r cwmni bysiau"}},
    )
    page = soup(client.get(f"/results/{CODE}?lang=cy&version=8-11"))
    assert page.html["lang"] == "cy"
    text = page.get_text(" ", strip=True)
    assert "Byddwn ni'n siarad â'r cwmni bysiau" in text
    assert "You said, we did" not in text and "Fe ddywedoch chi" in text  # the page is Welsh
    fallback = page.find(string="Some of you feel unsafe on the bus").parent
    assert fallback["lang"] == "en"  # no Welsh words for it: marked as English
    links = [a["href"] for a in page.select(".languages a")]
    assert links == ["?lang=en&version=8-11"]  # the survey's languages; version kept
    arabic = soup(client.get(f"/results/{CODE}?lang=ar"))
    assert arabic.html["dir"] == "rtl" and arabic.html["lang"] == "ar"


def test_share_link_and_qr_code(client, consultation):
    page = soup(client.get(f"/results/{CODE}"))
    assert page.select_one(".result-qr svg") is not None
    assert "style=" not in str(page.select_one(".result-qr"))
    assert page.select_one(".result-link a")["href"].endswith(f"/results/{CODE}")


def test_a_survey_no_longer_installed_still_shows_the_actions(client, session):
    gone = make_consultation(session, "RQTX49", survey_id="no-longer-installed")
    _action(session, gone, heard="You said", action="We will keep our promise")
    text = _text(client, "/results/RQTX49")
    assert "We will keep our promise" in text
