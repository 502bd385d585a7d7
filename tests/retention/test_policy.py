"""The retention policy without a database: cutoffs, bounds and the operator's report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from voices.retention import policy
from voices.staff.retention.pages import days_problem

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def test_cutoffs_count_back_from_now_by_each_setting():
    cut = policy.cutoffs(NOW, 30, 365)
    assert cut.unfinished_before == datetime(2026, 11, 6, 3, 0, tzinfo=UTC)
    assert cut.named_before == datetime(2025, 12, 6, 3, 0, tzinfo=UTC)
    assert cut.resume_before == NOW


def test_housekeeping_cutoffs_follow_the_session_timeouts():
    cut = policy.housekeeping_cutoffs(NOW, timedelta(minutes=60), timedelta(hours=12))
    assert cut.session_seen_before == NOW - timedelta(hours=1)
    assert cut.session_started_before == NOW - timedelta(hours=12)
    assert cut.email_sent_before == NOW - timedelta(days=policy.SENT_EMAIL_DAYS)
    assert cut.token_expired_before == NOW - timedelta(days=policy.DEAD_TOKEN_DAYS)
    assert cut.bucket_started_before == NOW - timedelta(days=policy.RATE_LIMIT_DAYS)


def test_no_rate_limit_window_is_pruned_early():
    from voices import ratelimit

    assert timedelta(days=policy.RATE_LIMIT_DAYS) >= ratelimit.PRUNE_AFTER


def test_days_within_bounds_are_taken_and_others_say_why():
    assert days_problem(" 30 ", policy.UNFINISHED_DAYS) == (30, "")
    assert days_problem("1", policy.UNFINISHED_DAYS) == (1, "")
    assert days_problem("3650", policy.NAMED_DAYS) == (3650, "")
    assert days_problem("0", policy.UNFINISHED_DAYS) == (
        None,
        "Enter a number of days from 1 to 365, not 0",
    )
    assert days_problem("29", policy.NAMED_DAYS) == (
        None,
        "Enter a number of days from 30 to 3650, not 29",
    )
    for typed in ("", "ten", "-5", "3.5"):
        assert days_problem(typed, policy.NAMED_DAYS) == (
            None,
            "Enter a whole number of days from 30 to 3650",
        )


def test_the_report_gives_counts_per_kind_and_what_was_held():
    counts = policy.Counts(unfinished_responses=2, answers=5, names=1, held_unfinished=1)
    lines = policy.describe("Organisation x", counts, dry_run=True)
    assert lines[0] == "Organisation x:"
    assert "  would remove 2 unfinished responses" in lines
    assert "  would remove 1 names and references of submitted responses" in lines
    assert any(
        line.startswith("  kept 1 unfinished responses: a safeguarding alert") for line in lines
    )
    done = policy.describe("Organisation x", policy.Counts(), dry_run=False)
    assert "  removed 0 unfinished responses" in done
    assert not any("kept" in line for line in done)
