"""What a phone shows in a presenter-paced session: the pure rule in voices/live/phone.py."""

from tests.conftest import TEST_SURVEYS
from voices.definitions import load_catalog
from voices.live import phone
from voices.live.phone import CHECK, PAST_THE_END, WAITING_FOR_NEXT, WAITING_TO_START, Step
from voices.respond.flow import Stored

SURVEY = load_catalog(TEST_SURVEYS).get("all-types")
FOSTER = {"welcome": Stored({}), "where-live": Stored({"option": "foster"})}
HOME = {"welcome": Stored({}), "where-live": Stored({"option": "home"})}


def test_before_the_facilitator_starts_the_phone_waits():
    assert phone.step(SURVEY, "8-11", {}, None) == WAITING_TO_START
    assert WAITING_TO_START.waiting and not CHECK.waiting


def test_the_phone_shows_the_facilitators_question_until_it_is_answered():
    assert phone.step(SURVEY, "8-11", {}, "welcome") == Step("question", "welcome")
    assert phone.step(SURVEY, "8-11", FOSTER, "where-live") == WAITING_FOR_NEXT
    assert phone.step(SURVEY, "8-11", FOSTER, "foster-ok") == Step("question", "foster-ok")


def test_a_phone_that_joins_late_gets_the_current_question_not_the_first():
    assert phone.step(SURVEY, "8-11", {}, "likes") == Step("question", "likes")


def test_a_question_not_shown_to_this_phone_means_waiting():
    assert phone.step(SURVEY, "8-11", HOME, "foster-ok") == WAITING_FOR_NEXT  # show_if
    assert phone.step(SURVEY, "8-11", {}, "older-only") == WAITING_FOR_NEXT  # other version
    assert phone.step(SURVEY, "12-17", {}, "older-only") == Step("question", "older-only")


def test_past_the_last_question_the_phone_checks_its_answers():
    assert phone.step(SURVEY, "8-11", FOSTER, PAST_THE_END) == CHECK
    assert phone.may_check(SURVEY, PAST_THE_END)
    assert not phone.may_check(SURVEY, "anything-else")
    assert not phone.may_check(SURVEY, None)


def test_back_to_answered_questions_is_allowed_but_never_ahead_of_the_group():
    assert phone.may_show(SURVEY, "8-11", FOSTER, "foster-ok", "where-live")
    assert phone.may_show(SURVEY, "8-11", FOSTER, "foster-ok", "foster-ok")
    assert not phone.may_show(SURVEY, "8-11", FOSTER, "foster-ok", "feel-safe")
    assert not phone.may_show(SURVEY, "8-11", {}, None, "welcome")


def test_questions_the_group_has_passed_stay_open():
    # Joined late: the earlier questions are behind the group, so they may be answered.
    assert phone.may_show(SURVEY, "8-11", {}, "likes", "welcome")
    assert phone.may_show(SURVEY, "8-11", {}, PAST_THE_END, "anything-else")


def test_questions_not_shown_to_this_phone_never_open():
    assert not phone.may_show(SURVEY, "8-11", HOME, PAST_THE_END, "foster-ok")
    assert not phone.may_show(SURVEY, "8-11", {}, PAST_THE_END, "older-only")


def test_back_from_a_waiting_page_goes_to_the_latest_answer():
    assert phone.last_answered(SURVEY, "8-11", FOSTER) == "where-live"
    assert phone.last_answered(SURVEY, "8-11", {}) is None
