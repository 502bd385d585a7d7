"""The shipped learned layer of themes: trained on the labelled sets, loaded by every Coder
that has no reviewed examples of its own."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.coding.test_learning import TINY
from tests.coding.test_similar import DATA, HELD_OUT
from tests.test_cli import voices
from voices import paths
from voices.coding import theme_model
from voices.coding.codebook import Framework, Theme, load_frameworks
from voices.coding.labelled import read_labelled
from voices.coding.learning import L2, LogisticModel, ThemeClassifier
from voices.coding.matcher import ThemeMatcher
from voices.coding.pipeline import Coder, coder_for, combine
from voices.coding.text import tokenize

EXAMPLES = [(f"the hamster {w} is great", ["home"]) for w in ("cage", "wheel", "food")] * 4
EXAMPLES += [(f"my {w} lessons are hard", ["school"]) for w in ("maths", "art", "pe")] * 4
TINY_WORDS = ("red", "blue", "green")


def _shipped(framework_id: str) -> dict:
    return json.loads(theme_model.path_for(framework_id).read_text("utf-8"))


@pytest.mark.parametrize("framework_id", ["shanarri", "promise"])
def test_the_shipped_layer_is_the_one_the_labelled_files_give(framework_id: str) -> None:
    shipped = _shipped(framework_id)
    files = shipped["trained_on"]
    assert not set(files) & HELD_OUT  # the measuring sets are never trained on
    framework = load_frameworks(paths.FRAMEWORKS).frameworks[framework_id]
    examples = [
        (i.text, sorted(i.themes)) for f in files for i in read_labelled(DATA / f, framework_id)
    ]
    assert theme_model.train(ThemeMatcher(framework), examples, tuple(files)) == shipped, (
        f"surveys/coding/themes/{framework_id}.json is stale: run `make coding-models`"
    )


def test_a_round_trip_through_json_keeps_the_probabilities(tmp_path: Path) -> None:
    matcher = ThemeMatcher(TINY)
    data = theme_model.train(matcher, EXAMPLES, ("tiny.jsonl",))
    (tmp_path / "tiny.json").write_text(json.dumps(data), "utf-8")
    loaded = theme_model.shipped(matcher, tmp_path)
    assert loaded is not None
    trained = ThemeClassifier(
        matcher, EXAMPLES, l2=theme_model.SHIPPED_L2, epochs=theme_model.SHIPPED_EPOCHS
    )
    for text in ("I love the hamster", "art lessons", "nothing here"):
        lexicon = matcher.all_scores(text)
        got = loaded.probabilities(tokenize(text), lexicon)
        want = trained.probabilities(tokenize(text), lexicon)
        assert got == pytest.approx(want, abs=1e-4)


def test_the_shipped_layer_leans_less_on_single_words_than_a_reviewers_classifier() -> None:
    # Stronger L2 for the layer that codes other authors' answers (docs/coding.md, Session 13);
    # a classifier trained on a council's own reviewed codes keeps the lighter pull.
    matcher = ThemeMatcher(TINY)
    data = theme_model.train(matcher, EXAMPLES)
    reviewed = ThemeClassifier(matcher, EXAMPLES)
    assert theme_model.SHIPPED_L2 > L2
    for i, theme in enumerate(TINY.theme_ids):
        shipped = sum(abs(row[i]) for name, row in data["weights"].items() if ":" not in name)
        own = sum(abs(w) for name, w in reviewed.models[theme].weights.items() if ":" not in name)
        assert 0 < shipped < own


def _training_loss(classifier: ThemeClassifier, matcher: ThemeMatcher) -> float:
    loss = 0.0
    for text, themes in EXAMPLES:
        found = classifier.probabilities(tokenize(text), matcher.all_scores(text))
        loss -= sum(math.log(p if t in themes else 1.0 - p) for t, p in found.items())
    return loss


def test_the_shipped_layer_trains_longer_than_a_reviewers_classifier() -> None:
    # With a decaying rate, 30 passes stop short of the fit on thousands of answers; the
    # shipped layer takes more (docs/coding.md, "Session 17: the theme layer's training").
    matcher = ThemeMatcher(TINY)
    shipped = theme_model.from_json(matcher, theme_model.train(matcher, EXAMPLES))
    reviewed = ThemeClassifier(matcher, EXAMPLES, l2=theme_model.SHIPPED_L2)
    assert shipped is not None
    assert _training_loss(shipped, matcher) < _training_loss(reviewed, matcher)


def test_a_framework_whose_themes_changed_is_coded_by_its_lexicon(tmp_path: Path) -> None:
    data = theme_model.train(ThemeMatcher(TINY), EXAMPLES)
    (tmp_path / "tiny.json").write_text(json.dumps(data), "utf-8")
    edited = Framework(
        id="tiny",
        title="Tiny",
        source="test",
        themes=(*TINY.themes, Theme("play", "Play", "Fun.", keywords=("play",))),
    )
    assert theme_model.shipped(ThemeMatcher(edited), tmp_path) is None
    assert theme_model.shipped(ThemeMatcher(TINY), tmp_path / "none") is None


def test_the_shipped_frameworks_with_labelled_answers_have_a_layer() -> None:
    assert coder_for("shanarri").classifier is not None
    assert coder_for("promise").classifier is not None
    assert coder_for("pledge-sample").classifier is None  # no labelled answers name its themes


def test_the_shipped_layer_keeps_what_the_words_plainly_say() -> None:
    coder = coder_for("shanarri")
    assert "safe" in coder.code("i dont feel safe at home").themes
    assert "achieving" in coder.code("i got good grades in my exams this year").themes
    assert coder.code("ok").themes == ()


def test_voices_themes_train_writes_one_file_per_labelled_framework(tmp_path: Path) -> None:
    result = voices("themes", "train", str(DATA / "dev.jsonl"), "--output-folder", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["promise.json", "shanarri.json"]
    assert json.loads((tmp_path / "shanarri.json").read_text("utf-8"))["examples"] == 416


def test_the_shipped_layer_overrules_keywords_it_is_sure_of_but_reviewers_examples_do_not() -> None:
    # Two keywords of "home" score 0.86: enough alone, in the blend, to outweigh a layer
    # that has seen "house" and "home" in answers about a school house match every time.
    examples = [(f"my school house {w} won the home match", ["school"]) for w in TINY_WORDS] * 5
    examples += [(f"our home is {w}", ["home"]) for w in ("warm", "big", "cosy")] * 5
    matcher = ThemeMatcher(TINY)
    shipped = theme_model.from_json(matcher, theme_model.train(matcher, examples))
    assert shipped is not None and shipped.veto == theme_model.VETO
    text = "school house won the home match"
    assert [s.theme for s in combine(matcher, shipped, text)] == ["school"]
    reviewed = Coder(TINY, examples)
    assert reviewed.classifier is not None and reviewed.classifier.veto == 0.0
    assert [s.theme for s in combine(matcher, reviewed.classifier, text)] == ["school", "home"]


def test_the_shipped_layer_has_more_say_in_the_blend_than_a_reviewers_classifier() -> None:
    # One keyword ("house", lexicon 0.63) and a layer that gives the theme 0.2: the shipped
    # layer, trained on thousands of real answers, drops it; a reviewer's classifier, trained
    # on a few dozen, keeps it. Both are sure (0.9) of "school", which no keyword names.
    matcher = ThemeMatcher(TINY)
    logit = {"home": math.log(0.2 / 0.8), "school": math.log(0.9 / 0.1)}
    models = {theme: LogisticModel(bias, {}) for theme, bias in logit.items()}
    text = "a big house"
    shipped = ThemeClassifier.from_models(
        matcher, set(), models, theme_model.VETO, theme_model.SHIPPED_BLEND
    )
    assert [s.theme for s in combine(matcher, shipped, text)] == ["school"]
    reviewed = ThemeClassifier.from_models(matcher, set(), models)
    assert [s.theme for s in combine(matcher, reviewed, text)] == ["school", "home"]


def _layer(home: float, school: float, lone: float | None) -> ThemeClassifier:
    # A layer whose probabilities are the given ones whatever the words (no features).
    logit = {"home": math.log(home / (1 - home)), "school": math.log(school / (1 - school))}
    models = {theme: LogisticModel(bias, {}) for theme, bias in logit.items()}
    return ThemeClassifier.from_models(
        ThemeMatcher(TINY), set(), models, theme_model.VETO, theme_model.SHIPPED_BLEND, lone
    )


def test_an_answer_with_no_theme_over_the_threshold_keeps_its_best_from_the_lone_score() -> None:
    # No keyword; the layer gives "school" 0.6, "home" 0.55: blended 0.36 and 0.33, both under
    # the threshold (0.4). The best alone is kept, and only it.
    matcher = ThemeMatcher(TINY)
    text = "i learn english every day"
    assert [s.theme for s in combine(matcher, _layer(0.55, 0.6, 0.3), text)] == ["school"]
    assert combine(matcher, _layer(0.55, 0.6, None), text) == []


def test_the_lone_score_is_no_second_theme_and_no_theme_from_a_weak_layer() -> None:
    matcher = ThemeMatcher(TINY)
    text = "i learn english every day"
    # Near miss: the best reaches only 0.27 (layer 0.45): still no theme.
    assert combine(matcher, _layer(0.3, 0.45, 0.3), text) == []
    # Near miss: one theme over the threshold (0.9 → 0.54); "home" at 0.33 is not added.
    assert [s.theme for s in combine(matcher, _layer(0.55, 0.9, 0.3), text)] == ["school"]


def test_the_lone_score_is_shanarris_only_and_not_for_reviewers_examples() -> None:
    shanarri, promise = coder_for("shanarri"), coder_for("promise")
    assert shanarri.classifier is not None and shanarri.classifier.lone == 0.3
    assert promise.classifier is not None and promise.classifier.lone is None
    assert Coder(TINY, EXAMPLES).classifier.lone is None  # type: ignore[union-attr]
    # The shipped SHANARRI layer puts this under the threshold; alone, it is `healthy`.
    text = "when it gets really bad i go and sit on the bridge for a bit, helps me think"
    assert [s.theme for s in combine(shanarri.matcher, shanarri.classifier, text)] == ["healthy"]
