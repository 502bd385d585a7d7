"""Dissent: the learned layer overrules a strong pattern's words told in a harmless frame.

A strong pattern matched, but its telling made it a check, or doubt did (tier.py: a lesson,
a past, one word, "we got absolutely battered 5-0 sunday, ref was blind"). When the learned
layer (similar.py) finds both the whole answer and the match's sentence far below its own
starting point (its bias, about 0.0014: an answer with no telling words), the words around
the match argue against a concern, not merely fail to argue for one; then the match does
not flag. A short answer's low score is not this: it sits near the bias, ten times over
DISSENT. Chosen across authors (docs/coding.md, session 19).

A weaker (`high`) pattern's match lying on a strong match's own words ("battered" in "got
battered") says no more than it, so it falls with it (session 20). Never otherwise a weaker
pattern, a labelling guide's check, a near rule or the layer's own check (a concern told in
a weak word scores low too: three were lost that way); never a category the lexicon does
not let the layer doubt (self-harm, suicidal thoughts, sexual harm). Since session 22, one
exception: a flag made only of weaker patterns' single words ("scared", "police"), topics
like a strong one-word match, in an answer of at most TOPIC_WORDS words, is overruled at
TOPIC_DISSENT (`topic_dissented`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from voices.coding.lexicon import Category

# Held out from each author's answers, the lowest concern a strong pattern flagged scored
# 2.5e-5 ("my foster mum says im evil ..."): half that, for a margin. Clears 38 false flags on
# 24 real authors and 10 on 14 probes, no concern lost (docs/coding.md, session 19).
DISSENT = 1e-5
# A strong pattern that matched one word alone is a topic, not a telling (tier.py), so it
# needs less to overrule. Held out, the lowest concern such a topic flagged scored 6.7e-4
# ("the restraints in secure ..."): a seventh of it, a wide margin (docs/coding.md, session 20).
TOPIC_DISSENT = 1e-4
# A strong match laughed off in its own sentence ("he battered me at fifa again lol") is
# told as a joke when the layer finds it far unlike flagged answers. Held out, the lowest
# concern laughed off so scored 3.2e-4: under two thirds of it, and a seventh of the layer's
# bias, so a short answer's low score (near the bias) never reaches it (docs/coding.md,
# session 22).
LAUGH_DISSENT = 2e-4
# Only in an answer this short: in a long one, many everyday words pull the layer's score far
# down whatever its one weak word says (held out, a concern of 52 words scored 1e-8), so the
# score no longer speaks of that word (docs/coding.md, session 22).
TOPIC_WORDS = 40

Key = tuple[str, int, int]  # category, start, end


def dissented(
    keys: Collection[Key],
    strong: set[Key],
    categories: dict[str, Category],
    answer: Callable[[], float],
    sentence: Callable[[int, int], float],
    topics: Collection[Key] = (),
    laughed: Collection[Key] = (),
) -> bool:
    """Whether every match is a strong pattern's or lies on one's words, in a category the
    layer may doubt, and the layer scores the answer (`answer()`) and each strong match's
    sentence (`sentence(start, end)`) under DISSENT, or under TOPIC_DISSENT when every
    strong match is a topic (`topics`: one word alone), or under LAUGH_DISSENT when every
    one has a laugh in its sentence (`laughed`). The scores are asked for only when the
    matches qualify."""
    judged = [k for k in keys if k in strong]
    if not judged or any(
        not categories[k[0]].doubt or k not in strong and not _on(k, judged) for k in keys
    ):
        return False
    cut = max(
        DISSENT,
        TOPIC_DISSENT if all(k in topics for k in judged) else 0.0,
        LAUGH_DISSENT if all(k in laughed for k in judged) else 0.0,
    )
    if answer() >= cut:
        return False
    return all(sentence(start, end) < cut for _, start, end in judged)


def _on(key: Key, strong: Collection[Key]) -> bool:
    """A weaker match lying on a strong match's own words ("hit" in "hit me"): it says no more
    than the strong match, so it falls with it."""
    return any(s < key[2] and key[1] < e for _, s, e in strong)


def topic_dissented(
    keys: Collection[Key],
    topics: Collection[Key],
    categories: dict[str, Category],
    answer: Callable[[], float],
    sentence: Callable[[int, int], float],
    words: int,
) -> bool:
    """Whether every match is a weaker pattern's one word alone (`topics`), in a category the
    layer may doubt, in an answer of at most TOPIC_WORDS words, and the layer scores the
    answer and each match's sentence under TOPIC_DISSENT."""
    if not keys or words > TOPIC_WORDS:
        return False
    if any(k not in topics or not categories[k[0]].doubt for k in keys):
        return False
    return answer() < TOPIC_DISSENT and all(sentence(s, e) < TOPIC_DISSENT for _, s, e in keys)
