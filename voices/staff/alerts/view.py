"""Pure helpers for the alert pages: queue order and highlight segments (no HTTP, no DB)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Strongest first: a strong signal, then an answer nobody could screen, then a weak signal.
TIER_ORDER = {"alert": 0, "unscreened": 1, "check": 2}
ACTIVE = ("open", "acknowledged")


def queue_key(status: str, tier: str, created_at: Any) -> tuple[int, int, Any]:
    """Open and acknowledged first, then strongest tier, then oldest."""
    return (0 if status in ACTIVE else 1, TIER_ORDER.get(tier, 9), created_at)


def segments(text: str, reasons: Iterable[Mapping[str, Any]], field: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, marked) from the reasons' offsets into this field.

    Offsets count characters (code points), as Python slices do, so emoji and Arabic
    letters are one each. Overlapping spans merge; spans past the end are clipped.
    """
    spans = sorted(
        (max(0, int(r["start"])), min(len(text), int(r["end"])))
        for r in reasons
        if r.get("field") == field and "start" in r and "end" in r
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged:
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
