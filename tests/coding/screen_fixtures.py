"""Learned layers built for the safeguarding tests, so a test checks a rule, not the shipped
weights. Each gives every answer the same probability (no weights):

- `UNLIKE` finds nothing like a flagged answer: under soft.CORROBORATE, it backs no soft
  check, and under tier.DOUBT, it doubts an alert in a category that allows doubt; at the
  shipped layer's usual starting point (about 0.0015), over the dissent cut-offs, it rules
  nothing out (a layer far under them clears a laugh or a lone weak word, dissent.py);
- `UNLIKE_NO_DOUBT` backs no soft check either but is over tier.DOUBT: it doubts no alert;
- `LIKE` gives every answer 0.5, so it backs every soft check.

test_screen_fixtures.py holds each to its place among those cut-offs.
"""

from __future__ import annotations

import math

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, screen

UNLIKE = similar.Model(bias=-6.5, weights={})
UNLIKE_NO_DOUBT = similar.Model(bias=-4.0, weights={})
LIKE = similar.Model(bias=0.0, weights={})


def layer(probability: float, weights: dict[str, float] | None = None) -> similar.Model:
    """A learned layer that starts every answer at `probability`; `weights` move it."""
    return similar.Model(bias=math.log(probability / (1 - probability)), weights=weights or {})


def flags(text: str, model: similar.Model) -> bool:
    """Whether the screen at sensitivity "high" flags the answer, with this learned layer."""
    return screen(text, default_lexicon(), "high", model).flag
