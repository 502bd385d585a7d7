"""Safeguarding tiers on real-register writing: what emails a lead and what a worker reads.

The probe (safeguarding_probe.jsonl, written for these tests) holds short disclosures in
young people's words and hard negatives ("I killed it at football"). The other tests pin
the general reasons a strong pattern is only a check: the labelling guide's check list,
everyday care, play and lessons, the child's own temper, a past the answer says is over.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, load_lexicon, screen
from voices.yamlsource import SourceError

PROBE = Path(__file__).with_name("safeguarding_probe.jsonl")


def _probe() -> list[dict]:
    return [json.loads(line) for line in PROBE.read_text("utf-8").splitlines() if line.strip()]


def test_the_probe_keeps_recall_with_few_false_flags_and_no_false_alert_on_a_negative() -> None:
    rows = _probe()
    told = [r for r in rows if r["flag"]]
    harmless = [r for r in rows if not r["flag"]]
    assert len(told) >= 40 and len(harmless) >= 40
    missed = [r["text"] for r in told if not screen(r["text"]).flag]
    assert len(missed) <= len(told) * 0.05, missed
    flagged = [r["text"] for r in harmless if screen(r["text"]).flag]
    assert len(flagged) <= 10, flagged
    assert not [r["text"] for r in harmless if screen(r["text"]).alert]
    alerts = [r for r in told if r["tier"] == "alert"]
    quiet = [r["text"] for r in alerts if not screen(r["text"]).alert]
    assert len(quiet) <= len(alerts) * 0.1, quiet


def test_the_learned_layer_never_alerts() -> None:
    model = similar.default_model()
    assert model is not None
    for row in _probe():
        reasons = screen(row["text"]).reasons
        assert all(r.tier == "check" for r in reasons if r.category == similar.CATEGORY)


@pytest.mark.parametrize(
    "text",
    [
        # The labelling guide's check list: young caring, hardship with a roof.
        "i look after my mum cos shes poorly and i do all the cooking",
        "gas ran out thursday and been sitting in my coat",
        # Everyday care: a carer or family member, no outsider in the clause.
        "my nan picks me up from school on fridays",
        "my big sister says shes gonna kill me for taking her hoodie",
        "My mum came to my school play!!!",
        # Play, stories and lessons.
        "my friend lost at cod and said she was gonna shoot me next round",
        "we did a lesson on knife crime and a man came in whose son got stabbed",
        "the police brought me home when i got lost at the fair",
        # The child's own temper; other children's taunts; someone else not coping.
        "i get angry and i break things in my room",
        "some kids in my class said my real mum didnt want me",
        "i look after my sister because mum cant cope",
        # A past the answer says is over, with a past the code knows only then.
        "I took a load of paracetamol last month, I'm ok now and seeing someone about it",
        "When I turned 18 I had to leave my foster home and move out. Now I'm 20, doing alright",
        # Past harm by someone still seen, nothing happening now.
        "my uncle used to slap me when i was little. i still see him at family stuff",
    ],
)
def test_a_strong_pattern_told_this_way_is_a_check(text: str) -> None:
    # The rules alone make it a check. With the learned layer it is a check, or nothing
    # when the check rests only on a context that explains it and the layer does not back
    # it (test_safeguarding_soft.py): never an alert.
    assert not screen(text).alert, screen(text)
    signal = screen(text, default_lexicon())
    assert signal.flag and not signal.alert, signal


@pytest.mark.parametrize(
    "text",
    [
        "theres never any food at home and mum sleeps all day",
        "an older lad picks me up from school and gives me money",
        "my stepdad says he'll kill me if i tell",
        "my uncle says what happens at his house stays there and i shouldnt tell my sw",
        "a guy on xbox said hed give me vbucks if i send a picture",
        "i took a load of paracetamol last night",
        "he used to hit me and he still does",
        "my dad comes in drunk and I dont feel safe at home",
        "he comes in my room at night",
        "my dad hits me when i lose at fifa",
        "I hide under my bed when he smashes my xbox",
        "my carer has a son who is 19 and he makes comments about my body",
    ],
)
def test_the_same_words_told_as_now_still_alert(text: str) -> None:
    assert screen(text).alert, screen(text)


def test_a_story_or_game_frame_drops_a_trigger_that_starts_inside_it() -> None:
    assert not screen("we read a book about a boy who runs away from home").flag
    assert not screen("me and my foster brother have pillow fights every night").flag


def test_the_new_lexicon_sections_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    body = "categories:\n  - id: abuse\n    label: Abuse\n    patterns: [hits me]\n"
    path.write_text(
        "everyday:\n  people: [my nan]\n  unless: [older]\nplay: [tekken]\n"
        "check_contexts: [i hit]\nresolved:\n  then: [last month]\n  over: [ok now]\n"
        "categories:\n  - id: abuse\n    label: Abuse\n    everyday: true\n    play: true\n"
        "    patterns: [hits me, hit him]\n    checks: [shouts at me]\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    tier = {
        t: screen(t, lexicon).alert
        for t in (
            "my nan hits me",
            "my older nan hits me",
            "he hits me at tekken",
            "i hit him",
            "he shouts at me",
            "he hits me",
            "he hits me last month but im ok now",
        )
    }
    assert tier == {
        "my nan hits me": False,
        "my older nan hits me": True,
        "he hits me at tekken": False,
        "i hit him": False,
        "he shouts at me": False,
        "he hits me": True,
        "he hits me last month but im ok now": False,
    }
    for bad, field in (
        ("everyday:\n  who: [x]\n" + body, "who"),
        (body + "    everyday: yes please\n", "everyday"),
        (body + "    checks: ['hit (me']\n", "checks"),
    ):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(SourceError) as caught:
            load_lexicon(path)
        assert field in str(caught.value.field) or field in str(caught.value), caught.value
