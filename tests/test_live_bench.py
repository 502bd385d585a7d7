"""The live-session benchmark's pure parts: reading the facilitator's fragment, percentiles,
matching answers to the screen, medians over rounds. No server and no timers."""

from __future__ import annotations

import math
import random
from urllib.parse import parse_qs

import pytest

from bench import live_bench, live_report
from voices.definitions import load_catalog

FRAGMENT = """
<div id="live-results" class="live-results" hx-get="/staff/o/x/consultations/1/sessions/2/results?v=ab12&amp;n=5-1" hx-trigger="every 1s" hx-swap="outerHTML">
<section class="live-result" aria-labelledby="q-today-feel">
  <h3 class="heading-s live-result__question" id="q-today-feel">How are you feeling today?</h3>
  <p class="live-result__answered">4 answered</p>
  <svg></svg>
</section>
<section class="live-result" aria-labelledby="q-listened-to">
  <h3 class="heading-s live-result__question" id="q-listened-to">Listened to?</h3>
  <p class="live-result__waiting">Waiting for answers: results show when 3 people have answered.</p>
</section>
<section class="live-result" aria-labelledby="q-session-good">
  <p class="live-result__answered">12 answered</p>
</section>
</div>
<div id="live-counts" hx-swap-oob="innerHTML">
<p class="live-counts__item"><span class="live-counts__number">5</span> joined</p>
<p class="live-counts__item"><span class="live-counts__number">1</span> finished</p>
</div>
"""


def test_parse_screen_reads_counts_per_question_and_the_next_poll() -> None:
    screen = live_report.parse_screen(FRAGMENT)
    # A question still waiting for its third answer shows no count at all.
    assert screen.answered == {"today-feel": 4, "session-good": 12}
    assert (screen.joined, screen.finished) == (5, 1)
    assert screen.poll_url == "/staff/o/x/consultations/1/sessions/2/results?v=ab12&n=5-1"


def test_parse_screen_of_an_unchanged_fragment_without_counts() -> None:
    screen = live_report.parse_screen(FRAGMENT.split('<div id="live-counts"')[0])
    assert screen.joined is None and screen.finished is None
    assert live_report.parse_screen("").answered == {}


def test_percentile_interpolates_between_ranks() -> None:
    values = list(range(1, 101))
    assert live_report.percentile(values, 50) == pytest.approx(50.5)
    assert live_report.percentile(values, 95) == pytest.approx(95.05)
    assert live_report.percentile([7.0], 95) == 7.0
    assert math.isnan(live_report.percentile([], 95))


def test_shown_after_measures_from_the_third_answer_of_each_question() -> None:
    answers = [("a", 1.0), ("a", 2.0), ("a", 3.0), ("a", 4.0), ("b", 1.0), ("b", 1.5), ("b", 2.0)]
    seen = [(2.5, {"a": 3}), (3.5, {"a": 3, "b": 3}), (5.0, {"a": 4, "b": 3})]
    delays, unseen = live_report.shown_after(answers, seen)
    # a: 3rd answer at 3.0 was already showing at 2.5 (0 s); 4th at 4.0 shown at 5.0.
    # b: 3rd answer at 2.0 shown at 3.5.
    assert sorted(delays) == [0.0, 1.0, 1.5]
    assert unseen == 0
    assert live_report.shown_after([("c", 1.0)] * 3, seen) == ([], 1)


def test_summarise_takes_medians_over_rounds() -> None:
    def round_(p95: float, answers: int) -> dict:
        spread = {"n": 10, "p50": 1.0, "p95": p95, "max": p95 + 1}
        return {
            "join_seconds": p95 / 10,
            "joined": 40,
            "requests": {"answer": spread},
            "server_cpu": 0.5,
            "client_cpu": 0.25,
            "server_cpu_ms_per_request": p95 / 10,
            "screen": {"screen (1 s)": {**spread, "unseen": 1}},
            "stored": {
                "answers": answers,
                "submitted": 40,
                "expected_answers": 200,
                "expected_submitted": 40,
            },
        }

    summary = live_report.summarise([round_(10, 200), round_(30, 199), round_(20, 200)])
    assert summary["requests"]["answer"]["p95"] == 20
    assert summary["join_seconds"] == 2.0
    assert summary["screen"]["screen (1 s)"]["unseen"] == 3
    assert summary["stored"]["answers"] == 199  # the worst round: a lost answer shows


def test_every_group_session_question_gets_a_valid_random_answer() -> None:
    survey = load_catalog().get(live_bench.SURVEY)
    rng = random.Random(1)
    for question in survey.questions_for(live_bench.VERSION):
        body = live_bench.answer_form(question, rng)
        assert body.endswith("action=continue")
        # The server would accept it: the question's own parser reads it without complaint.
        assert question.parse(parse_qs(body)) is not None
    assert live_bench.parse_args(["--db", "sqlite", "--rounds", "1"]).phones == 40
