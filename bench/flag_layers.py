"""Which layer of the screen raised a flag, for bench/safeguarding_folds.py's `--layers`.

Totals only: each flag is counted by layer, tier, category, length and the learned layer's
score band, never shown.
"""

from __future__ import annotations

from collections import Counter

from voices.coding import safeguarding, similar
from voices.coding.lexicon import Lexicon
from voices.coding.near import near_matches
from voices.coding.text import written_words

SHORT = 12  # words: tier.DOUBT_WORDS, the screen's own idea of a short answer
_BANDS = (0.05, 0.3, 0.6, 0.9)


def layer(text: str, signal: safeguarding.Signal, lexicon: Lexicon) -> str:
    """learned (the layer's own check), strong (a strong pattern), near (a near rule) or
    weak (a weaker pattern). A flag with several reasons is named by its strongest."""
    reasons = signal.reasons
    if all(r.category == similar.CATEGORY for r in reasons):
        return "learned"
    if any(r.level == "standard" for r in reasons):
        return "strong"
    spans = {(m.rule.category, *m.span) for m in near_matches(text, lexicon, written_words(text))}
    if any((r.category, r.start, r.end) in spans for r in reasons):
        return "near"
    return "weak"


def band(probability: float) -> str:
    low = "0"
    for cut in _BANDS:
        if probability < cut:
            return f"{low}-{cut}"
        low = f"{cut}"
    return f">={low}"


def count(
    tally: Counter,
    kind: str,
    text: str,
    concern: bool,
    signal: safeguarding.Signal,
    lexicon: Lexicon,
    model: similar.Model,
) -> None:
    """Add one flag to `tally` under each heading it is read by."""
    truth = "true" if concern else "false"
    name = layer(text, signal, lexicon)
    tier = "alert" if signal.alert else "check"
    length = "short" if len(written_words(text)) <= SHORT else "long"
    categories = sorted({r.category for r in signal.reasons})
    tally[(kind, truth, "layer/tier", f"{name}/{tier}")] += 1
    tally[(kind, truth, "layer/length", f"{name}/{length}")] += 1
    tally[(kind, truth, "layer/score", f"{name}/{band(model.probability(text))}")] += 1
    for category in categories:
        tally[(kind, truth, "category", f"{name}/{category}")] += 1


def report(tally: Counter) -> None:
    """Flags by heading: true and false, real sets held out and probes (all folds summed)."""
    rows = sorted({(k[0], k[2], k[3]) for k in tally})
    print(f"\n{'set kind':<8}{'heading':<14}{'value':<34}{'true':>7}{'false':>7}")
    for kind, heading, value in rows:
        true, false = tally[(kind, "true", heading, value)], tally[(kind, "false", heading, value)]
        print(f"{kind:<8}{heading:<14}{value:<34}{true:>7}{false:>7}")
