"""VADER's reading of an answer, as a yardstick for our own sentiment (`voices evaluate
--compare-vader`). Only evaluation uses it: `vaderSentiment` is a development dependency.

Mapping (docs/decisions.md): VADER gives the shares of positive, negative and neutral words
and a compound score from -1 to 1. Both shares substantial (each at least MIXED_SHARE) is
*mixed*; otherwise compound >= 0.05 is positive, <= -0.05 negative (VADER's own cut-offs),
and anything between is neutral.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIXED_SHARE = 0.1
CUT = 0.05


@lru_cache(maxsize=1)
def _analyser() -> Any:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError(
            "VADER is not installed: pip install 'vaderSentiment>=3.3,<4' (the dev extra)"
        ) from exc
    return SentimentIntensityAnalyzer()


def label_from_scores(scores: dict[str, float]) -> str:
    """VADER's polarity_scores() to one of our four labels."""
    if scores["pos"] >= MIXED_SHARE and scores["neg"] >= MIXED_SHARE:
        return "mixed"
    if scores["compound"] >= CUT:
        return "positive"
    if scores["compound"] <= -CUT:
        return "negative"
    return "neutral"


def label(text: str) -> str:
    return label_from_scores(_analyser().polarity_scores(text))
