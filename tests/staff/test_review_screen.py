"""The review screen over HTTP: who may use it, what it never shows, filters, saving,
accepting in bulk, blind coding, escaping and the audit trail."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from tests.staff.conftest import make_organisation, make_staff, signed_in
from tests.worlds import add_answer
from voices.models import (
    AnswerCoding,
    AuditEvent,
    CodeReview,
    Consultation,
    GroupNote,
    Organisation,
    Response,
    SafeguardingAlert,
)
from voices.staff.review.store import agreed_themes

MISS = "I never see my brother and I miss him so much"
SCHOOL = "School is good and my teacher helps me with reading"


@pytest.fixture
def consultation(session: Session, org: Organisation) -> Consultation:
    row = Consultation(
        organisation_id=org.id,
        title="Review test",
        survey_id="all-types",
        join_code="RVW42X",
        frameworks=["shanarri", "promise"],
    )
    session.add(row)
    session.commit()
    return row


def add_note(session: Session, consultation: Consultation, text: str) -> GroupNote:
    note = GroupNote(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        text=text,
        participants=9,
        age_min=11,
        age_max=15,
    )
    session.add(note)
    session.commit()
    return note


def url(org: Organisation, consultation: Consultation, tail: str = "") -> str:
    return f"/staff/o/{org.slug}/consultations/{consultation.id}/review{tail}"


def reviews(session: Session) -> list[CodeReview]:
    session.expire_all()
    return list(session.exec(select(CodeReview).order_by(CodeReview.id)).all())


def save(client, org, consultation, item: str, themes: list[str], **more):
    data = {"item": item, "action": "save", "themes": themes, **more}
    return client.post(url(org, consultation, "/save"), data=data)


def test_opening_codes_missing_answers_and_shows_question_words_and_highlights(
    client, session, org, consultation, worker
):
    add_answer(session, consultation, MISS)
    assert session.exec(select(AnswerCoding)).first() is None
    page = client.get(url(org, consultation))
    assert page.status_code == 200
    assert "Is there anything else you want to tell us?" in page.text
    assert re.search(r'<mark class="review-mark">[^<]*miss[^<]*</mark>', page.text)
    assert "evidence for: Nurtured" in page.text
    assert "(suggested)" in page.text and "Not reviewed yet" in page.text
    assert f"{url(org, consultation)}/agreement" in page.text
    answer_id = session.exec(select(AnswerCoding)).one().answer_id
    assert f"{url(org, consultation)}/quotes/{answer_id}" in page.text


@pytest.mark.parametrize("role", ["admin", "safeguarding", "viewer"])
def test_other_roles_are_refused(client, session, org, consultation, role):
    signed_in(client, make_staff(session, org, role))
    assert client.get(url(org, consultation)).status_code == 403
    assert client.post(url(org, consultation, "/save"), data={}).status_code == 403


def test_held_in_progress_and_discarded_answers_are_never_shown(
    client, session, org, consultation, worker
):
    add_answer(session, consultation, "Shown words about my school")
    held = add_answer(session, consultation, "Held words he hurts me")
    add_answer(session, consultation, "Unfinished words", status="in_progress")
    add_answer(session, consultation, "Thrown away words", status="discarded")
    response = session.get(Response, held.response_id)
    session.add(
        SafeguardingAlert(
            organisation_id=org.id,
            consultation_id=consultation.id,
            response_id=response.id,
            answer_id=held.id,
            question_id="anything-else",
            tier="alert",
        )
    )
    session.commit()
    page = client.get(url(org, consultation)).text
    assert "Shown words" in page
    for hidden in ("Held words", "Unfinished", "Thrown away"):
        assert hidden not in page
    # Nor can it be saved by guessing its id.
    assert save(client, org, consultation, f"answer:{held.id}", []).status_code == 404


def test_saving_upserts_this_reviewers_review(client, session, org, consultation, worker):
    answer = add_answer(session, consultation, MISS)
    client.get(url(org, consultation))
    done = save(client, org, consultation, f"answer:{answer.id}", ["shanarri:safe"], page="1")
    assert done.status_code == 303 and done.headers["location"].endswith(
        f"#item-answer-{answer.id}"
    )
    save(client, org, consultation, f"answer:{answer.id}", ["shanarri:nurtured", "promise:family"])
    (row,) = reviews(session)
    assert row.themes == {"shanarri": ["nurtured"], "promise": ["family"]} and not row.blind
    assert row.reviewer_id == worker.id
    assert "Reviewed" in client.get(url(org, consultation)).text


def test_accept_suggestions_saves_the_engines_themes(client, session, org, consultation, worker):
    answer = add_answer(session, consultation, MISS)
    client.get(url(org, consultation))
    data = {"item": f"answer:{answer.id}", "action": "accept"}
    assert client.post(url(org, consultation, "/save"), data=data).status_code == 303
    suggested = session.exec(select(AnswerCoding)).one().suggestions
    (row,) = reviews(session)
    assert row.themes["shanarri"] == [s["theme"] for s in suggested["shanarri"]]
    assert "nurtured" in row.themes["shanarri"]


def test_bad_saves_are_refused_precisely(client, session, org, consultation, worker):
    answer = add_answer(session, consultation, MISS)
    client.get(url(org, consultation))
    missing = client.post(url(org, consultation, "/save"), data={})
    assert missing.status_code == 400 and "Choose an answer" in missing.text
    made_up = save(client, org, consultation, f"answer:{answer.id}", ["shanarri:flying"])
    assert made_up.status_code == 400 and "does not use" in made_up.text
    other_framework = save(client, org, consultation, f"answer:{answer.id}", ["pledge-sample:x"])
    assert other_framework.status_code == 400
    assert reviews(session) == []


def test_a_group_note_is_reviewed_like_an_answer(client, session, org, consultation, worker):
    note = add_note(session, consultation, "They want more say in their reviews")
    page = client.get(url(org, consultation)).text
    assert "Group note" in page and "From a group of 9, aged 11 to 15" in page
    assert save(client, org, consultation, f"note:{note.id}", ["promise:voice"]).status_code == 303
    (row,) = reviews(session)
    assert row.group_note_id == note.id and row.answer_id is None


def shown(page: str) -> set[str]:
    return set(re.findall(r'<article class="review-item" id="item-(\w+-\d+)"', page))


def test_filters_by_theme_status_sentiment_and_question(client, session, org, consultation, worker):
    miss = f"answer-{add_answer(session, consultation, MISS).id}"
    school = f"answer-{add_answer(session, consultation, SCHOOL).id}"
    note = f"note-{add_note(session, consultation, 'Group says the food is awful').id}"
    assert shown(client.get(url(org, consultation)).text) == {miss, school, note}

    def get(query: str) -> set[str]:
        return shown(client.get(url(org, consultation, query)).text)

    assert get("?theme=shanarri:achieving") == {school}
    save(client, org, consultation, f"answer:{miss.split('-')[1]}", ["shanarri:active"])
    assert get("?theme=shanarri:active") == {miss}  # reviewed, though never suggested
    assert get("?status=reviewed") == {miss}
    assert get("?status=unreviewed") == {school, note}
    assert get("?sentiment=positive") == {school}
    assert get("?question=notes") == {note}
    assert get("?question=anything-else") == {miss, school}
    assert get("?question=anything-else&sentiment=negative") == {miss}
    # Values not on the page's own lists are ignored, not trusted.
    assert get("?theme=<b>&status=x&page=zz") == {miss, school, note}


def test_pages_of_25(client, session, org, consultation, worker):
    for n in range(27):
        add_answer(session, consultation, f"Answer number {n} about school")
    first = client.get(url(org, consultation)).text
    assert first.count('class="review-item"') == 25 and "Page 1 of 2" in first
    second = client.get(url(org, consultation, "?page=2")).text
    assert second.count('class="review-item"') == 2 and "Answer number 26" in second


def test_bulk_accept_never_overwrites_a_decision(client, session, org, consultation, worker):
    kept = add_answer(session, consultation, MISS)
    new = add_answer(session, consultation, SCHOOL)
    client.get(url(org, consultation))
    save(client, org, consultation, f"answer:{kept.id}", ["promise:voice"])
    page = client.get(url(org, consultation)).text
    assert "Accept suggestions for all 2 shown" in page
    assert "1 of the 2 answers on this page are not reviewed by you yet" in page
    items = [f"answer:{kept.id}", f"answer:{new.id}"]
    done = client.post(url(org, consultation, "/accept-all"), data={"item": items, "count": "2"})
    assert done.status_code == 303 and "made=1" in done.headers["location"]
    by_answer = {r.answer_id: r for r in reviews(session)}
    assert by_answer[kept.id].themes == {"shanarri": [], "promise": ["voice"]}
    assert "achieving" in by_answer[new.id].themes["shanarri"]
    # The count on the page must match what is posted: a stale page saves nothing.
    stale = client.post(url(org, consultation, "/accept-all"), data={"item": items, "count": "3"})
    assert stale.status_code == 400


def test_bulk_accept_leaves_another_reviewers_items_theirs(
    client, session, org, consultation, worker
):
    answer = add_answer(session, consultation, MISS)
    client.get(url(org, consultation))
    colleague = make_staff(session, org, "worker", email="colleague@test-council.example")
    session.add(
        CodeReview(
            consultation_id=consultation.id,
            answer_id=answer.id,
            reviewer_id=colleague.id,
            themes={"promise": ["voice"]},
        )
    )
    session.commit()
    data = {"item": [f"answer:{answer.id}"], "count": "1"}
    client.post(url(org, consultation, "/accept-all"), data=data)
    rows = reviews(session)
    assert rows[0].themes == {"promise": ["voice"]}  # the colleague's, untouched
    assert rows[1].reviewer_id == worker.id


def test_blind_mode_hides_suggestions_and_other_peoples_codes(
    client, session, org, consultation, worker
):
    answer = add_answer(session, consultation, MISS)
    colleague = make_staff(session, org, "worker", email="first@test-council.example")
    client.get(url(org, consultation))
    session.add(
        CodeReview(
            consultation_id=consultation.id,
            answer_id=answer.id,
            reviewer_id=colleague.id,
            themes={"shanarri": ["safe"]},
        )
    )
    colleague.display_name = "Firstreviewer Person"
    session.add(colleague)
    session.commit()
    open_page = client.get(url(org, consultation)).text
    assert "Firstreviewer Person" in open_page and "<mark" in open_page
    page = client.get(url(org, consultation, "?mode=blind")).text
    assert "brother" in page
    assert "<mark" not in page and "(suggested)" not in page and " checked" not in page
    assert "Firstreviewer Person" not in page and "Accept suggestions" not in page
    assert "Reviewers disagree" not in page and "Sentiment" not in page
    data = {"item": f"answer:{answer.id}", "action": "save", "themes": ["shanarri:nurtured"]}
    done = client.post(url(org, consultation, "/save"), data={**data, "mode": "blind"})
    assert done.status_code == 303 and "mode=blind" in done.headers["location"]
    mine = [r for r in reviews(session) if r.reviewer_id == worker.id]
    assert mine[0].blind and mine[0].themes["shanarri"] == ["nurtured"]
    assert "Reviewers disagree" in client.get(url(org, consultation)).text
    # A blind review is changed in blind mode only; accepting suggestions blind is refused.
    assert client.post(url(org, consultation, "/save"), data=data).status_code == 400
    accept = {**data, "action": "accept", "mode": "blind"}
    assert client.post(url(org, consultation, "/save"), data=accept).status_code == 400


def test_no_blind_coding_after_an_open_review(client, session, org, consultation, worker):
    answer = add_answer(session, consultation, MISS)
    client.get(url(org, consultation))
    save(client, org, consultation, f"answer:{answer.id}", ["shanarri:safe"])
    page = client.get(url(org, consultation, "?mode=blind")).text
    assert "You reviewed this openly, so you cannot code it blind." in page
    blind = save(client, org, consultation, f"answer:{answer.id}", [], mode="blind")
    assert blind.status_code == 400
    (row,) = reviews(session)
    assert not row.blind and row.themes["shanarri"] == ["safe"]


def test_a_childs_markup_is_escaped_around_the_evidence(client, session, org, consultation, worker):
    text = "<script>alert(1)</script> I miss my brother <b>"
    answer = add_answer(session, consultation, text)
    start = text.index("miss")
    session.add(
        AnswerCoding(
            consultation_id=consultation.id,
            answer_id=answer.id,
            suggestions={
                "shanarri": [
                    {
                        "theme": "nurtured",
                        "score": 1.0,
                        "evidence": [
                            [0, 8, "<script>"],
                            [start, start + 4, "miss"],
                            [start + 2, start + 12, "ss my brot"],
                        ],
                    }
                ]
            },
            sentiment="negative",
        )
    )
    session.commit()
    page = client.get(url(org, consultation)).text
    assert "<script>alert" not in page and "<b>" not in page
    assert '<mark class="review-mark">&lt;script&gt;</mark>' in page
    assert '<mark class="review-mark">miss my brot</mark>' in page  # overlapping spans merged


def test_audit_records_views_and_saves_without_text(client, session, org, consultation, worker):
    answer = add_answer(session, consultation, MISS)
    client.get(url(org, consultation))
    save(client, org, consultation, f"answer:{answer.id}", ["shanarri:nurtured"])
    client.post(
        url(org, consultation, "/accept-all"), data={"item": [f"answer:{answer.id}"], "count": "1"}
    )
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events]
    assert "review.view" in actions and "review.save" in actions and "review.accept_all" in actions
    saved = next(e for e in events if e.action == "review.save")
    assert saved.target_type == "answer" and saved.target_id == str(answer.id)
    for event in events:
        assert "brother" not in str(event.detail) and "miss" not in str(event.detail)


def test_another_organisations_consultation_is_not_found(client, session, worker):
    other = make_organisation(session, "far-council")
    foreign = Consultation(
        organisation_id=other.id, title="x", survey_id="all-types", join_code="FAR42X"
    )
    session.add(foreign)
    session.commit()
    assert client.get(url(other, foreign)).status_code == 404
    mine = f"/staff/o/test-council/consultations/{foreign.id}/review"
    assert client.get(mine).status_code == 404


def test_the_consultation_page_links_to_the_review_screen(
    client, session, org, consultation, worker
):
    page = client.get(f"/staff/o/{org.slug}/consultations/{consultation.id}").text
    assert f'href="{url(org, consultation)}"' in page


def test_agreed_themes_for_other_pages(client, session, org, consultation, worker):
    first = add_answer(session, consultation, MISS)
    second = add_answer(session, consultation, SCHOOL)
    note = add_note(session, consultation, "They want more say")
    client.get(url(org, consultation))
    colleague = make_staff(session, org, "worker", email="blind@test-council.example")
    session.add(
        CodeReview(
            consultation_id=consultation.id,
            answer_id=second.id,
            reviewer_id=colleague.id,
            themes={"shanarri": ["achieving"]},
            blind=True,
        )
    )
    session.commit()
    save(client, org, consultation, f"answer:{first.id}", ["shanarri:nurtured"])
    save(client, org, consultation, f"note:{note.id}", ["promise:voice"])
    got = agreed_themes(session, consultation.id)
    assert got == {
        ("answer", first.id): {"shanarri": ["nurtured"], "promise": []},
        ("note", note.id): {"shanarri": [], "promise": ["voice"]},
    }  # the second answer has only a blind review: nothing agreed yet


def test_notices_show_only_keys_and_numbers(client, session, org, consultation, worker):
    page = client.get(url(org, consultation, "?saved=<i>x</i>&made=<b>&kept=2")).text
    assert "Saved." not in page and "<i>x" not in page and "Suggestions accepted" not in page
    assert (
        "Suggestions accepted for 3 answers. 1 you"
        in client.get(url(org, consultation, "?made=3&kept=1")).text
    )


def test_every_review_page_is_linked_and_each_link_opens(
    client, session, org, consultation, worker
):
    from tests.helpers import soup

    page = soup(client.get(url(org, consultation)))
    base = url(org, consultation)
    links = {a["href"] for a in page.find_all("a")}
    for wanted in (base + "?mode=blind", base + "/agreement", base + "/quotes"):
        assert wanted in links
        assert client.get(wanted).status_code == 200
