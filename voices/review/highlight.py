"""Evidence spans turned into safe, marked-up pieces of a child's words (no HTTP, no DB).

The engine stores evidence as character offsets into the coded text. A reviewer sees each
span in a <mark> that names its themes in words (never colour alone). Everything is escaped
here, so a child's "<script>" is shown as text, whatever the template does with the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Piece:
    text: str
    themes: tuple[str, ...] = ()  # theme labels this piece is evidence for; () when unmarked


def spans_of(suggestions: Mapping[str, Any], label: Any) -> list[tuple[int, int, str]]:
    """(start, end, theme label) for every evidence span in stored suggestions.

    label(framework_id, theme_id) names a theme for people."""
    found: list[tuple[int, int, str]] = []
    for framework_id, suggested in suggestions.items():
        for entry in suggested or ():
            name = label(framework_id, str(entry.get("theme", "")))
            for evidence in entry.get("evidence") or ():
                if len(evidence) >= 2 and all(isinstance(n, int) for n in evidence[:2]):
                    found.append((evidence[0], evidence[1], name))
    return found


def pieces(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """The text cut into pieces; overlapping or touching spans merge into one mark naming
    every theme they stand for. Spans are clipped to the text; empty ones are dropped."""
    clipped = sorted(
        (max(0, start), min(len(text), end), name)
        for start, end, name in spans
        if min(len(text), end) > max(0, start)
    )
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, name in clipped:
        if merged and start <= merged[-1][1]:
            last_start, last_end, names = merged[-1]
            if name not in names:
                names.append(name)
            merged[-1] = (last_start, max(last_end, end), names)
        else:
            merged.append((start, end, [name]))
    out: list[Piece] = []
    at = 0
    for start, end, names in merged:
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], tuple(names)))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out


def render(parts: Iterable[Piece], evidence_for: str) -> Markup:
    """HTML for the pieces: marked ones as <mark> followed by the themes in words.

    evidence_for: the translated lead-in, e.g. "evidence for". The label sits outside the
    mark, in brackets, so it is read aloud and seen without relying on the highlight colour."""
    html = []
    for part in parts:
        if not part.themes:
            html.append(escape(part.text))
            continue
        names = escape(", ".join(part.themes))
        html.append(
            Markup(
                '<mark class="review-mark">{}</mark>'
                '<span class="review-mark__label"> [{}: {}]</span>'
            ).format(part.text, evidence_for, names)
        )
    return Markup("").join(html)
