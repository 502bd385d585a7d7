"""Survey definitions: loading, the question-type registry, and errors that name file, line, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_SURVEYS
from voices.definitions import AnswerError, Tampered, check_paths, load_catalog, load_survey
from voices.yamlsource import SourceError

VALID = """\
id: tiny
title: {en: Tiny, cy: Bach}
audience: children
locales: [en, cy]
versions:
  - id: all
    label: {en: Everyone, cy: Pawb}
questions:
  - id: pet
    type: choice
    text: {en: "Pet?", cy: "Anifail?"}
    options:
      - {id: cat, text: {en: Cat, cy: Cath}}
      - {id: dog, text: {en: Dog, cy: Ci}}
    themes: [shanarri:nurtured]
  - id: why
    type: text
    text: {en: "Why?", cy: "Pam?"}
    show_if: {question: pet, equals: cat}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "survey.yaml"
    path.write_text(text)
    return path


def error_for(tmp_path: Path, text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_survey(write(tmp_path, text))
    return caught.value


def test_a_valid_survey_loads_into_typed_objects(tmp_path):
    survey = load_survey(write(tmp_path, VALID))
    assert survey.id == "tiny" and survey.locales == ("en", "cy")
    pet = survey.question("pet")
    assert pet.type_name == "choice" and [o.id for o in pet.options] == ["cat", "dog"]
    assert survey.question("why").show_if.any_of == ("cat",)


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (("type: text\n", "type: essay\n"), 17, "questions[1].type", "unknown type 'essay'"),
        (("id: why", "id: pet"), 16, "questions[1].id", "duplicate question id 'pet'"),
        (
            ('text: {en: "Why?", cy: "Pam?"}', 'text: {en: "Why?"}'),
            18,
            "questions[1].text",
            "missing translation 'cy'",
        ),
        (
            ("question: pet", "question: dinner"),
            19,
            "questions[1].show_if.question",
            "'dinner' is not an earlier question",
        ),
        (
            ("equals: cat", "equals: fish"),
            19,
            "questions[1].show_if.any_of[0]",
            "'fish' is not an answer",
        ),
        (
            ("shanarri:nurtured", "shanarri:happy"),
            15,
            "questions[0].themes[0]",
            "unknown theme id 'shanarri:happy'",
        ),
        (("audience: children", "audience: pets"), 3, "audience", "must be one of"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, change, line, field, message):
    error = error_for(tmp_path, VALID.replace(*change))
    assert error.file.endswith("survey.yaml")
    assert (error.line, error.field) == (line, field)
    assert message in error.message
    assert str(error).startswith(f"{error.file}:{line}: {field}: ")


def test_bad_yaml_is_reported_with_its_line(tmp_path):
    error = error_for(
        tmp_path, VALID.replace("title: {en: Tiny, cy: Bach}", "title: {en: Tiny?, cy")
    )
    assert error.line == 2 and "not valid YAML" in error.message


def test_show_if_must_point_backwards(tmp_path):
    text = VALID.replace("    show_if: {question: pet, equals: cat}\n", "")
    text = text.replace(
        "    themes: [shanarri:nurtured]\n",
        "    themes: [shanarri:nurtured]\n    show_if: {question: why, equals: x}\n",
    )
    error = error_for(tmp_path, text)
    assert error.field == "questions[0].show_if.question"


def test_check_paths_collects_every_bad_file(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID.replace("type: text", "type: essay"))
    (tmp_path / "b.yaml").write_text(
        VALID.replace("id: tiny", "id: tiny-b").replace("cy: Ci", "de: Hund")
    )
    (tmp_path / "c.yaml").write_text(VALID.replace("id: tiny", "id: tiny-c"))
    errors = check_paths([tmp_path])
    assert [Path(e.file).name for e in errors] == ["a.yaml", "b.yaml"]


def test_the_test_survey_has_every_question_type():
    survey = load_catalog(TEST_SURVEYS).get("all-types")
    assert {q.type_name for q in survey.questions} == {
        "info",
        "choice",
        "choices",
        "scale",
        "yes_no",
        "text",
    }


def test_the_starter_surveys_are_valid_and_tagged():
    catalog = load_catalog()
    assert {"my-life-in-care", "before-my-review", "group-session", "carers-voice"} <= set(
        catalog.surveys
    )
    life = catalog.get("my-life-in-care")
    assert len(life.versions) == 3 and set(life.locales) == {"en", "cy", "pl", "ar"}
    closed = [q for q in life.questions if q.type_name in {"choice", "choices", "scale", "yes_no"}]
    assert closed and all(any(t.startswith("shanarri:") for t in q.themes) for q in closed)
    assert len(catalog.get("group-session").questions) == 5
    assert catalog.get("carers-voice").audience == "carers"


# --- answers: what each question type accepts ------------------------------------------------


@pytest.fixture
def questions():
    return load_catalog(TEST_SURVEYS).get("all-types")


def test_choice_accepts_one_known_option(questions):
    q = questions.question("where-live")
    assert q.parse({"answer": ["home"]}) == {"option": "home"}
    assert q.parse({"answer": ["other"], "other_text": ["A boat"]}) == {
        "option": "other",
        "other": "A boat",
    }
    with pytest.raises(AnswerError):
        q.parse({})
    with pytest.raises(Tampered):
        q.parse({"answer": ["castle"]})
    with pytest.raises(Tampered):
        q.parse({"answer": ["home", "foster"]})


def test_choices_keeps_survey_order_and_rejects_repeats(questions):
    q = questions.question("likes")
    assert q.parse({"answer": ["games", "sport"]}) == {"options": ["sport", "games"]}
    with pytest.raises(Tampered):
        q.parse({"answer": ["sport", "sport"]})


def test_scale_and_yes_no_take_only_their_values(questions):
    assert questions.question("foster-ok").parse({"answer": ["5"]}) == {"value": 5}
    with pytest.raises(Tampered):
        questions.question("foster-ok").parse({"answer": ["6"]})
    assert questions.question("feel-safe").parse({"answer": ["not_sure"]}) == {"value": "not_sure"}
    with pytest.raises(Tampered):
        questions.question("feel-safe").parse({"answer": ["maybe"]})


def test_text_limit_keeps_what_was_typed(questions):
    q = questions.question("anything-else")
    with pytest.raises(AnswerError) as caught:
        q.parse({"answer": ["y" * 41]})
    assert caught.value.code == "too_long" and caught.value.kept == "y" * 41
    assert q.parse({"answer": ["  hi\r\nthere "]}) == {"text": "hi\nthere"}


def test_an_option_can_have_words_and_a_place_per_version(tmp_path):
    text = VALID.replace(
        "      - {id: dog, text: {en: Dog, cy: Ci}}",
        "      - {id: dog, text: {en: Dog, cy: Ci}, versions: [all],"
        " wording: {all: {en: Doggy, cy: Ci bach}}}",
    )
    pet = load_survey(write(tmp_path, text)).question("pet")
    dog = pet.options[1]
    assert dog.text_for("all")["en"] == "Doggy" and dog.text_for("other")["en"] == "Dog"
    assert dog.in_version("all") and not dog.in_version("other")
    assert pet.options[0].in_version("other"), "no versions: every version"


@pytest.mark.parametrize(
    ("option", "field", "message"),
    [
        ("versions: [big]", "questions[0].options[1].versions[0]", "unknown version 'big'"),
        (
            "wording: {big: {en: D, cy: C}}",
            "questions[0].options[1].wording.big",
            "unknown version 'big'",
        ),
        ("colour: brown", "questions[0].options[1]", "an option takes"),
    ],
)
def test_option_versions_and_wording_are_checked(tmp_path, option, field, message):
    text = VALID.replace(
        "      - {id: dog, text: {en: Dog, cy: Ci}}",
        f"      - {{id: dog, text: {{en: Dog, cy: Ci}}, {option}}}",
    )
    error = error_for(tmp_path, text)
    assert (error.field, message in error.message) == (field, True), error
