"""The agreement page: kappa per theme, disagreements with the child's words (never a held
answer's), settling changes the agreed review only, audited without words."""

from __future__ import annotations

from html import unescape

import pytest
from sqlmodel import select

from tests.review.agree_world import HELD, SARAH, XSS, build, review
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, CodeReview, utcnow
from voices.review.agreement_data import pair_reviews


@pytest.fixture
def world(session):
    return build(session)


def _page(client, world):
    response = client.get(world.base + "/agreement")
    assert response.status_code == 200, response.text[:300]
    return response.text


def test_the_table_shows_kappa_per_theme_with_a_reading(client, world):
    signed_in(client, world.first)
    html = unescape(_page(client, world))
    assert "4 answers and group notes were coded by both reviewers." in html
    assert "0.50 (moderate)" in html  # safe: by hand, p_o .75, p_e .5
    assert "1.00 (almost perfect)" in html  # respected
    assert "Neither reviewer used this theme, so kappa cannot be worked out." in html
    assert "Landis and Koch" in html and "not a test" in html


def test_disagreements_show_words_and_both_reviewers_but_never_a_held_answer(client, world):
    signed_in(client, world.second)
    html = _page(client, world)
    assert SARAH in html and "Ffion First" in html and "Sam Second" in html
    assert HELD not in html
    assert "1 disagreements are on answers held by a safeguarding alert" in unescape(html)
    assert f'value="answer-{world.answers["held"].id}"' not in html  # no settle form either


def test_the_childs_words_are_escaped(client, world):
    signed_in(client, world.first)
    html = _page(client, world)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert unescape(html).count(XSS) >= 1


def _settle(client, world, key, theme, use):
    form = {"item": f"answer-{world.answers[key].id}", "framework": "shanarri", "theme": theme}
    return client.post(world.base + "/agreement", data={**form, "use": use})


def test_settling_changes_the_agreed_review_only_and_kappa_stays_history(client, session, world):
    signed_in(client, world.first)
    before = _page(client, world)
    response = _settle(client, world, "sarah", "included", "yes")
    assert response.status_code == 303
    assert response.headers["location"].endswith("/review/agreement#disagreements")
    agreed = session.get(CodeReview, world.reviews[("sarah", "agreed")].id)
    blind = session.get(CodeReview, world.reviews[("sarah", "blind")].id)
    session.refresh(agreed)
    session.refresh(blind)
    assert agreed.themes["shanarri"] == ["respected", "included"]
    assert blind.themes["shanarri"] == ["respected", "included"] and blind.blind
    after = _page(client, world)
    table = before.split("<tbody>")[1].split("</tbody>")[0]
    assert table == after.split("<tbody>")[1].split("</tbody>")[0]  # figures unchanged
    assert "Settled: the agreed codes use “Included”." in unescape(after)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "review.settle")).one()
    assert event.target_id == str(agreed.id) and event.actor_id == world.first.id
    assert event.detail == {
        "framework": "shanarri",
        "theme": "included",
        "before": False,
        "use": True,
        "item": f"answer-{world.answers['sarah'].id}",
    }


def test_leaving_a_theme_out_removes_it_and_settles(client, session, world):
    signed_in(client, world.first)
    assert _settle(client, world, "xss", "nurtured", "no").status_code == 303
    agreed = session.get(CodeReview, world.reviews[("xss", "agreed")].id)
    session.refresh(agreed)
    assert agreed.themes["shanarri"] == []
    html = unescape(_page(client, world))
    assert "Settled: the agreed codes leave “Nurtured” out." in html
    # Kappa is still worked out from the review as first made: nurtured only A, so 0.00.
    assert "0.00 (slight)" in html


def test_a_held_answer_cannot_be_settled(client, session, world):
    signed_in(client, world.first)
    response = _settle(client, world, "held", "safe", "no")
    assert response.status_code == 409
    assert "held by an open safeguarding alert" in response.text and HELD not in response.text
    agreed = session.get(CodeReview, world.reviews[("held", "agreed")].id)
    session.refresh(agreed)
    assert agreed.themes["shanarri"] == ["safe"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"item": "answer-x"}, "the answer was not found"),
        ({"framework": "promise"}, "not in a framework chosen"),
        ({"theme": "nope"}, "not in a framework chosen"),
        ({"use": "maybe"}, "Choose whether the agreed codes use the theme"),
    ],
)
def test_bad_settlements_are_refused_with_a_precise_message(client, world, fields, message):
    signed_in(client, world.first)
    form = {
        "item": f"answer-{world.answers['sarah'].id}",
        "framework": "shanarri",
        "theme": "included",
        "use": "yes",
        **fields,
    }
    response = client.post(world.base + "/agreement", data=form)
    assert response.status_code == 400 and message in response.text


def test_an_item_without_a_pair_cannot_be_settled(client, session, world):
    from tests.review.agree_world import add_answer

    world.answers["lonely"] = add_answer(session, world.consultation, "lonely", "just me")
    review(session, world, "lonely", world.first, [], blind=False)
    session.commit()
    signed_in(client, world.first)
    response = _settle(client, world, "lonely", "safe", "yes")
    assert response.status_code == 400 and "no agreed and blind review" in response.text


@pytest.mark.parametrize("role", ["admin", "safeguarding", "viewer"])
def test_only_workers(client, session, world, role):
    signed_in(client, make_staff(session, world.organisation, role, f"{role}@x.example"))
    assert client.get(world.base + "/agreement").status_code == 403
    assert _settle(client, world, "sarah", "included", "yes").status_code == 403


def test_viewing_is_audited(client, session, world):
    signed_in(client, world.first)
    _page(client, world)
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "review.agreement_view")
    ).one()
    assert event.target_id == str(world.consultation.id) and event.detail == {}


def test_pairing_uses_the_agreed_and_the_first_blind_review():
    def row(i, reviewer, blind, minutes, answer=1):
        made = utcnow().replace(microsecond=0)
        from datetime import timedelta

        return CodeReview(
            id=i,
            consultation_id=1,
            answer_id=answer,
            reviewer_id=reviewer,
            blind=blind,
            themes={},
            created_at=made + timedelta(minutes=minutes),
        )

    reviews = [
        row(1, 10, True, 0),  # blind, earliest
        row(2, 11, False, 1),  # the agreed review
        row(3, 12, True, 2),  # a later blind review: left out
        row(4, 13, False, 3),  # a second non-blind review: not the agreed one
        row(5, 10, True, 0, answer=2),  # blind only: no pair
        row(6, 10, False, 0, answer=3),  # agreed only: no pair
    ]
    pairs, left_out = pair_reviews(reviews)
    assert [(p.agreed.id, p.blind.id) for p in pairs] == [(2, 1)]
    assert left_out == 1 and pairs[0].extra_blind == 1


def test_a_third_blind_review_is_counted_but_not_in_the_figures(client, session, world):
    third = make_staff(session, world.organisation, "worker", "third@test.example")
    signed_in(client, world.first)
    before = _page(client, world).split("<tbody>")[1].split("</tbody>")[0]
    session.add(
        CodeReview(
            consultation_id=world.consultation.id,
            answer_id=world.answers["safe"].id,
            reviewer_id=third.id,
            themes={"shanarri": ["healthy"]},
            blind=True,
        )
    )
    session.commit()
    html = _page(client, world)
    assert "1 further blind reviews of the same answers are not counted" in unescape(html)
    assert html.split("<tbody>")[1].split("</tbody>")[0] == before


def test_group_notes_are_compared_and_settled_like_answers(client, session, world):
    from voices.models import GroupNote

    note = GroupNote(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        text="The group want more say in their reviews",
        participants=8,
        age_min=12,
        age_max=16,
    )
    session.add(note)
    session.flush()
    for who, themes, blind in ((world.first, [], False), (world.second, ["included"], True)):
        session.add(
            CodeReview(
                consultation_id=world.consultation.id,
                group_note_id=note.id,
                reviewer_id=who.id,
                themes={"shanarri": themes},
                blind=blind,
            )
        )
    session.commit()
    signed_in(client, world.first)
    html = _page(client, world)
    assert "The group want more say in their reviews" in html and "Group note" in html
    form = {"item": f"note-{note.id}", "framework": "shanarri", "theme": "included", "use": "yes"}
    assert client.post(world.base + "/agreement", data=form).status_code == 303
    agreed = session.exec(
        select(CodeReview).where(CodeReview.group_note_id == note.id, CodeReview.blind == False)  # noqa: E712
    ).one()
    session.refresh(agreed)
    assert agreed.themes["shanarri"] == ["included"]


def test_without_a_framework_there_is_nothing_to_compare(client, session, world):
    world.consultation.frameworks = []
    session.add(world.consultation)
    session.commit()
    signed_in(client, world.first)
    assert "No framework is chosen for this consultation" in unescape(_page(client, world))
