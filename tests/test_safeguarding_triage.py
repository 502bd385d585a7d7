"""Which answers the screen cannot read, and the tier an answer's signals make (pure)."""

from __future__ import annotations

import pytest

from voices.alerts import messages
from voices.safeguarding_triage import free_texts, language, tier
from voices.settings import Settings


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "en"), ("qps", "en"), ("cy", "cy"), ("cy_GB", "cy"), ("pl-PL", "pl"), ("ar", "ar")],
)
def test_the_page_locale_is_the_screen_s_language_hint(locale, expected):
    assert language(locale) == expected


def test_free_texts_are_the_text_and_something_else_boxes():
    assert free_texts({"text": "hello"}) == [("text", "hello")]
    assert free_texts({"options": ["sport", "other"], "other": "Drama"}) == [("other", "Drama")]
    assert free_texts({"option": "foster"}) == []
    assert free_texts({"text": "   "}) == []
    assert free_texts(None) == []


def test_a_strong_signal_beats_an_unreadable_page_which_beats_a_weak_one():
    assert tier(alert=True, flagged=True, unreadable=True) == "alert"
    assert tier(alert=False, flagged=True, unreadable=True) == "unscreened"
    assert tier(alert=False, flagged=False, unreadable=True) == "unscreened"
    assert tier(alert=False, flagged=True, unreadable=False) == "check"
    assert tier(alert=False, flagged=False, unreadable=False) is None


def test_alert_email_says_where_and_links_but_holds_no_answer():
    from datetime import UTC, datetime

    link = messages.alert_link("https://voices.example/", "north", 7)
    assert link == "https://voices.example/staff/o/north/alerts/7"
    subject, body = messages.alert_email(
        organisation="North Council",
        consultation="My life in care",
        tier="alert",
        raised_at=datetime(2026, 12, 6, 1, 2, tzinfo=UTC),
        link=link,
    )
    assert "North Council" in subject
    assert "My life in care" in body and link in body and "06 December 2026 at 01:02" in body


def test_smtp_settings_from_the_environment():
    env = {
        "VOICES_SECRET_KEY": "k",
        "VOICES_SMTP_HOST": "mail.example",
        "VOICES_SMTP_PORT": "587",
        "VOICES_SMTP_TLS": "STARTTLS",
        "VOICES_SMTP_PASSWORD": "hunter22",
        "VOICES_ESCALATE_MINUTES": "15",
    }
    settings = Settings.from_env(env)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_tls) == (
        "mail.example",
        587,
        "starttls",
    )
    assert settings.escalate_minutes == 15 and "hunter22" not in repr(settings)
    assert Settings.from_env({"VOICES_SECRET_KEY": "k"}).smtp_host == ""
    with pytest.raises(ValueError, match="VOICES_SMTP_TLS"):
        Settings.from_env({"VOICES_SECRET_KEY": "k", "VOICES_SMTP_TLS": "maybe"})
