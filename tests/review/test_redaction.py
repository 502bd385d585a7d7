"""A suggested redacted copy (voices.review.redaction): names and places out, words kept."""

from __future__ import annotations

import pytest

from voices.review.redaction import MAX_QUOTE_CHARS, check, suggest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My social worker Sarah Jones never rings.", "My social worker [name] never rings."),
        ("Sarah never rings.", "Sarah never rings."),  # sentence start: left for the reviewer
        ("I miss Mum. Dad is ok. On Monday in May I see Nan.",) * 2,
        ("I go to St Mary's High School now.", "I go to [place] now."),
        ("Oakwood Academy is ok", "[place] is ok"),
        ("I lived at 12 Acacia Avenue before.", "I lived at [place] before."),
        ("We lived near Park Road and Mill Lane.", "We lived near [place] and [place]."),
        ("Post it to LS1 4AP please", "Post it to [place] please"),
        ("my postcode is ls14ap", "my postcode is [place]"),
        ("Text 07700 900123 or +44 7700 900 123.", "Text [phone] or [phone]."),
        ("I am 15 and in year 10", "I am 15 and in year 10"),  # short numbers stay
        ("Email me at kid.name+x@example.co.uk ok", "Email me at [email] ok"),
        ("I moved from New York to here", "I moved from [place] to here"),
        ("Jo's dog is mine and Max's dog too", "Jo's dog is mine and [name]'s dog too"),
        ("I HATE IT and CAMHS never came", "I HATE IT and CAMHS never came"),
        ("I told Mr Jones about it", "I told Mr [name] about it"),
    ],
)
def test_english_suggestions(text, expected):
    assert suggest(text).text == expected


def test_counts_what_was_put_in():
    found = suggest("I told Sarah and Tom Smith at 12 Acacia Avenue, see tom@example.com")
    assert found.replaced == {"[name]": 2, "[place]": 1, "[email]": 1}


def test_own_name_in_named_mode_even_at_a_sentence_start_and_in_lower_case():
    found = suggest("Kayden is my name. everyone calls me kayden", own_name="Kayden")
    assert found.text == "[name] is my name. everyone calls me [name]"
    assert suggest("Kayden is my name.", own_name=None).text == "Kayden is my name."


def test_extra_allowed_words():
    assert suggest("I like the Pathway thing", allow=["Pathway"]).text == "I like the Pathway thing"


def test_welsh_names_places_and_schools():
    text = "Mae Dafydd yn byw yng Nghaerdydd. Dw i'n hoffi Ysgol Glan Taf. Ar ddydd Llun, Mam."
    assert suggest(text).text == (
        "Mae [name] yn byw yng [place]. Dw i'n hoffi [place]. Ar ddydd Llun, Mam."
    )


def test_polish_keeps_its_letters():
    text = "Mój brat Łukasz mieszka w Krakowie, a ja tęsknię za nim."
    assert suggest(text).text == "Mój brat [name] mieszka w [place], a ja tęsknię za nim."


def test_arabic_has_no_capitals_so_only_patterns_apply():
    text = "أخي أحمد يعيش بعيدا، رقمي 07700 900123 وبريدي kid@example.com"
    found = suggest(text)
    assert found.text == "أخي أحمد يعيش بعيدا، رقمي [phone] وبريدي [email]"
    assert suggest("أنا أحب المدرسة").text == "أنا أحب المدرسة"  # nothing mangled


@pytest.mark.parametrize(
    ("redacted", "problem"),
    [("", "empty"), ("   \n", "empty"), ("x" * (MAX_QUOTE_CHARS + 1), "too-long"), ("ok", None)],
)
def test_check(redacted, problem):
    assert check(redacted) == problem
    assert check("x" * MAX_QUOTE_CHARS) is None
