"""Learning from reviewers: accepted and rejected suggestions change what is suggested."""

from __future__ import annotations

import json

from voices.coding.codebook import Framework, Theme, load_frameworks
from voices.coding.evaluation import theme_scores
from voices.coding.pipeline import Coder
from voices.paths import CODING_DATA

DEV = CODING_DATA / "dev.jsonl"

TINY = Framework(
    id="tiny",
    title="Tiny",
    source="test",
    themes=(
        Theme("home", "Home", "Where you live.", keywords=("home", "house")),
        Theme("school", "School", "Learning.", keywords=("school", "teacher")),
    ),
)


def test_a_theme_the_lexicon_misses_is_learned_from_examples():
    examples = [(f"the hamster {w} is great", ["home"]) for w in ("cage", "wheel", "food")] * 4
    examples += [(f"my {w} lessons are hard", ["school"]) for w in ("maths", "art", "pe")] * 4
    assert Coder(TINY).code("I love the hamster").themes == ()
    learned = Coder(TINY, examples).code("I love the hamster")
    assert learned.themes == ("home",)
    # Evidence still points at the words that made the difference.
    assert [e.words for e in learned.evidence["home"]] == ["hamster"]


def test_rejected_suggestions_are_suggested_less():
    # Reviewers keep rejecting "home" for answers about a school house system.
    examples = [
        (f"my school house {w} won the cup", ["school"]) for w in ("red", "blue", "green")
    ] * 5
    examples += [(f"our house is {w}", ["home"]) for w in ("warm", "big", "cosy")] * 5
    before = Coder(TINY).code("my school house won")
    after = Coder(TINY, examples).code("my school house won")
    assert "home" in before.themes and "home" not in after.themes
    assert "school" in after.themes


def _rows(framework_id: str) -> list[tuple[str, frozenset[str]]]:
    prefix = framework_id + ":"
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    return [
        (r["text"], frozenset(t[len(prefix) :] for t in r["themes"] if t.startswith(prefix)))
        for r in rows
    ]


def test_training_on_reviewed_answers_improves_unseen_answers():
    framework = load_frameworks().frameworks["promise"]
    rows = _rows("promise")
    truth, alone, helped = [], [], []
    lexicon = Coder(framework, learned=False)  # the shipped layer has seen these rows
    for fold in range(3):
        train = [(t, list(ts)) for i, (t, ts) in enumerate(rows) if i % 3 != fold]
        learned = Coder(framework, train)
        for text, themes in rows[fold::3]:
            truth.append(themes)
            alone.append(frozenset(lexicon.code(text).themes))
            helped.append(frozenset(learned.code(text).themes))
    ids = list(framework.theme_ids)
    assert theme_scores(truth, helped, ids)[2] > theme_scores(truth, alone, ids)[2]
