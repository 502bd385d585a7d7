"""The rights pages' plain logic, without HTTP or a database: matching, reading the form,
which alerts keep a response, and the document built from rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import TEST_SURVEYS
from voices.definitions import load_catalog
from voices.models import Answer, Consultation, Response, SafeguardingAlert
from voices.review import coding
from voices.staff.rights import document, forms
from voices.staff.rights.erase import refusal_for
from voices.staff.rights.store import Held


@pytest.mark.parametrize(
    "stored, typed, same",
    [
        ("Zoë", "zoë", True),
        ("  Zoë  ", "ZOË", True),
        ("Mary  Ann", "mary ann", True),
        ("Zoë", "Zoe", False),  # no accent folding: exact letters
        ("Zoë", "Zo", False),
        (None, "Zoë", False),
        ("", "", False),
    ],
)
def test_same_words(stored, typed, same):
    search, _ = forms.read_search(typed, "")
    assert forms.same_words(stored, search.name) is same


def test_the_search_form_trims_and_needs_one_term():
    search, errors = forms.read_search("  Sam ", "")
    assert search.name == "Sam" and search.fields == ["name"] and errors == {}
    _, errors = forms.read_search("   ", "")
    assert errors == {"name": "Enter a first name or a reference"}
    _, errors = forms.read_search("", "x" * 101)
    assert "reference" in errors


def test_chosen_ids_keep_digits_once_and_drop_junk():
    assert forms.chosen_ids(["3", "x", "3", " 5 ", "-1", "9" * 20, None]) == [3, 5]
    # "²" passes str.isdigit() but not int(); 5,000 digits pass neither int() nor an id.
    assert forms.chosen_ids(["²", "1" * 5000, "2147483648", "7"]) == [7]


@pytest.mark.parametrize(
    "status, outcome, why",
    [
        ("open", None, "open"),
        ("acknowledged", None, "acknowledged"),
        ("closed", "concern", "concern"),
        ("closed", None, "closed"),
        ("closed", "false_alarm", None),
    ],
)
def test_which_alerts_keep_their_response(status, outcome, why):
    alert = SafeguardingAlert(
        organisation_id=1,
        consultation_id=1,
        response_id=1,
        question_id="q",
        tier="alert",
        status=status,
        outcome=outcome,
    )
    assert refusal_for(alert) == why


def test_the_document_uses_the_childs_language_and_version_and_withholds_held_answers():
    catalog = load_catalog(TEST_SURVEYS)
    consultation = Consultation(
        id=7, organisation_id=1, title="Round one", survey_id="all-types", join_code="X"
    )
    response = Response(
        id=3,
        consultation_id=7,
        start_key="k",
        token_hash="t",
        version="8-11",
        locale="cy",
        respondent_name="Zoë",
        status="submitted",
    )
    answers = [
        Answer(id=11, response_id=3, question_id="anything-else", value={"text": "held words"}),
        Answer(id=10, response_id=3, question_id="feel-safe", value={"value": "yes"}),
    ]
    held = Held(answers={3: answers})
    doc = document.build(
        "Test Council",
        [(response, consultation)],
        held,
        surveys=catalog.get,
        frameworks=coding.frameworks(),
        withheld={11},
        now=datetime(2026, 12, 6, tzinfo=UTC),
    )
    assert doc["generated_at"] == "2026-12-06 00:00 UTC"
    assert doc["covers"] == {"responses": 1, "consultations": [7]}
    first, second = doc["responses"][0]["answers"]  # in the survey's order
    assert first["question"] == "Wyt ti'n teimlo'n ddiogel gartref?" and first["answer"] == "Ie"
    assert second["withheld"] and "held words" not in str(doc)
