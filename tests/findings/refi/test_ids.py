"""The pieces every REFI-QDA file is made of."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from voices.findings.refi.ids import SecretGuids, respondent_name, xml_datetime, xml_text

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_secret_guids_are_stable_per_consultation_and_hide_ids():
    first, again, other = SecretGuids("s", 1), SecretGuids("s", 1), SecretGuids("s", 2)
    assert first("answer", 7) == again("answer", 7)
    assert first("answer", 7) != other("answer", 7) != first("note", 7)
    assert first("answer", 7) != SecretGuids("t", 1)("answer", 7)
    assert GUID.match(first("answer", 7))
    with pytest.raises(ValueError):
        SecretGuids("", 1)


def test_respondent_names_match_the_answers_export():
    """The .qdpx names respondents as the answers spreadsheet does, so the two can be joined."""
    cells = pytest.importorskip("voices.findings.exports.cells")
    assert respondent_name("k", 3, 41) == cells.pseudonym("k", 3, 41)


def test_respondent_names_are_pseudonymous():
    name = respondent_name("k", 3, 41)
    assert re.fullmatch(r"R-[0-9a-f]{16}", name)
    assert name != respondent_name("k", 4, 41) != respondent_name("k", 3, 42)


def test_dates_are_utc_and_text_is_xml_safe():
    assert xml_datetime(datetime(2026, 12, 6, 5, 38, 26, 999)) == "2026-12-06T05:38:26Z"
    later = datetime(2026, 12, 6, 6, 0, tzinfo=timezone(timedelta(hours=1)))
    assert xml_datetime(later) == "2026-12-06T05:00:00Z"
    assert xml_datetime(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00Z"
    assert xml_datetime(None) == ""
    assert xml_text("a\x00b\x07c\td\ne\ufffe") == "abc\td\ne"
