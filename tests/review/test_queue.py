"""The review queue's pure rules: status, filters, pages and the themes a form may carry."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from voices.review import queue
from voices.review.queue import Filters, Item


@dataclass
class R:
    reviewer_id: int
    themes: dict[str, list[str]] = field(default_factory=dict)
    blind: bool = False


SUGGESTIONS = {"shanarri": [{"theme": "safe", "score": 1.0, "evidence": []}], "promise": []}


def test_item_status():
    assert queue.item_status([]) == "unreviewed"
    assert queue.item_status([R(1, {"shanarri": ["safe"]})]) == "reviewed"
    # A blind review alone agrees nothing yet.
    assert queue.item_status([R(2, {"shanarri": ["safe"]}, blind=True)]) == "unreviewed"
    same = [
        R(1, {"shanarri": ["safe", "healthy"]}),
        R(2, {"shanarri": ["healthy", "safe"], "promise": []}, True),
    ]
    assert queue.item_status(same) == "reviewed"
    differ = [R(1, {"shanarri": ["safe"]}), R(2, {"shanarri": ["healthy"]}, True)]
    assert queue.item_status(differ) == "disagreement"


def test_agreed_is_the_first_review_that_is_not_blind():
    first_open = R(3, {"promise": ["voice"]})
    assert queue.agreed([R(2, blind=True), first_open, R(4)]) is first_open
    assert queue.agreed([R(2, blind=True)]) is None


def test_status_in_blind_mode_counts_only_your_own_work():
    item = Item(("answer", 1), "q", "neutral", SUGGESTIONS, [R(1, {"shanarri": ["safe"]})])
    assert item.status(2, blind=True) == "unreviewed"
    assert item.status(1, blind=True) == "reviewed"
    assert item.status(2, blind=False) == "reviewed"


def test_theme_filter_sees_suggested_and_reviewed_themes_but_blind_only_your_own():
    item = Item(("answer", 1), "q", "neutral", SUGGESTIONS, [R(1, {"promise": ["voice"]})])
    assert queue.matches(item, Filters(theme="shanarri:safe"), 2, False)
    assert queue.matches(item, Filters(theme="promise:voice"), 2, False)
    assert not queue.matches(item, Filters(theme="shanarri:safe"), 2, True)
    assert not queue.matches(item, Filters(theme="promise:voice"), 2, True)
    assert queue.matches(item, Filters(theme="promise:voice"), 1, True)


def test_sentiment_and_question_filters():
    answer = Item(("answer", 1), "q1", "negative", {})
    note = Item(("note", 2), "", "negative", {})
    assert queue.matches(answer, Filters(sentiment="negative"), 1, False)
    assert not queue.matches(answer, Filters(sentiment="positive"), 1, False)
    assert queue.matches(answer, Filters(sentiment="positive"), 1, True)  # ignored blind
    assert queue.matches(note, Filters(question=queue.NOTES), 1, False)
    assert not queue.matches(answer, Filters(question=queue.NOTES), 1, False)
    assert queue.matches(answer, Filters(question="q1"), 1, False)
    assert not queue.matches(note, Filters(question="q1"), 1, False)


def test_read_filters_ignores_anything_not_offered():
    got = queue.read_filters(
        {
            "theme": "x:y",
            "status": "reviewed",
            "sentiment": "angry",
            "question": "q9",
            "page": "-1",
        }.get,
        ["shanarri:safe"],
        ["q1"],
    )
    assert got == Filters(status="reviewed")
    assert queue.read_filters({"question": "notes", "page": "3"}.get, [], []).page == 3
    assert Filters(status="reviewed", page=1).query(page=2) == {"status": "reviewed", "page": "2"}


def test_page_of_clamps_to_the_pages_there_are():
    items = [Item(("answer", n), "q", "", {}) for n in range(30)]
    on_page, page, pages = queue.page_of(items, 9, 25)
    assert (len(on_page), page, pages) == (5, 2, 2)
    assert queue.page_of([], 3, 25) == ([], 1, 1)


def test_chosen_themes_keep_codebook_order_and_refuse_what_was_not_offered():
    allowed = {"shanarri": ["safe", "healthy", "achieving"], "promise": ["voice"]}
    got = queue.chosen_themes(["shanarri:achieving", "shanarri:safe"], allowed)
    assert got == {"shanarri": ["safe", "achieving"], "promise": []}
    with pytest.raises(ValueError):
        queue.chosen_themes(["shanarri:flying"], allowed)
    with pytest.raises(ValueError):
        queue.chosen_themes(["pledge:safe"], allowed)


def test_accepted_keeps_only_themes_still_offered():
    suggestions = {
        "shanarri": [{"theme": "safe"}, {"theme": "gone"}],
        "dropped-framework": [{"theme": "x"}],
    }
    allowed = {"shanarri": ["safe", "healthy"], "promise": ["voice"]}
    assert queue.accepted(suggestions, allowed) == {"shanarri": ["safe"], "promise": []}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("answer:12", ("answer", 12)),
        ("note:3", ("note", 3)),
        ("answer:", None),
        ("x:1", None),
        ("answer:-1", None),
        ("answer:1" + "0" * 12, None),
        ("", None),
    ],
)
def test_parse_key(raw, key):
    assert queue.parse_key(raw) == key
