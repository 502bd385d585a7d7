"""Reading answers from JSON Lines, labelled or not: one object a line with a "text".

Errors name the file and line number, never the text: children's words stay out of
terminals' logs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from voices.coding.evaluation import Labelled

SENTIMENTS = {"positive", "negative", "mixed", "neutral"}


class BadLine(ValueError):
    """A line that is not a usable answer: the message says why and where, never the text."""


def record_of(line: str) -> dict[str, Any]:
    """One line as a JSON object with a non-empty "text", or BadLine saying why not."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise BadLine("not a JSON object")
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        raise BadLine("no 'text'")
    return data


def read_labelled(path: Path, framework_id: str) -> list[Labelled]:
    """Labelled lines; themes are "framework:theme" ids, and only this framework's are kept."""
    items: list[Labelled] = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = record_of(line)
                themes = record.get("themes", [])
                if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
                    raise BadLine("'themes' must be a list of theme ids")
                sentiment = record.get("sentiment")
                if sentiment is not None and sentiment not in SENTIMENTS:
                    raise BadLine(f"'sentiment' must be one of {', '.join(sorted(SENTIMENTS))}")
                flag = record.get("safeguarding")
                if flag is not None and not isinstance(flag, bool):
                    raise BadLine("'safeguarding' must be true or false")
                tier = record.get("safeguarding_tier")
                if tier not in (None, "alert", "check"):
                    raise BadLine("'safeguarding_tier' must be alert, check or null")
            except BadLine as exc:
                raise BadLine(f"{path}:{number}: {exc}") from None
            items.append(
                Labelled(
                    id=str(record.get("id", number)),
                    text=record["text"],
                    themes=frozenset(_own_themes(themes, framework_id)),
                    sentiment=sentiment,
                    safeguarding=flag,
                    safeguarding_tier=tier,
                )
            )
    return items


def _own_themes(themes: list[str], framework_id: str) -> list[str]:
    own = []
    for theme in themes:
        prefix, _, theme_id = theme.rpartition(":")
        if prefix in ("", framework_id):
            own.append(theme_id)
    return own
