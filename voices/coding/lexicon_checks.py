"""Field checks shared by the safeguarding lexicon's readers (lexicon.py, near_rules.py).

Each raises the source's error, so a problem names the file, line and field.
"""

from __future__ import annotations

import re

from voices import yamlsource
from voices.yamlsource import Source

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def mapping(source: Source, data: dict, key: str, message: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise source.error((key,), message)
    return value


def known_keys(
    source: Source, data: dict, path: yamlsource.PathKey, known: tuple[str, ...], what: str
) -> None:
    for key in data:
        if key not in known:
            raise source.error((*path, key), f"unknown {what} (expected {', '.join(known)})")


def texts(source: Source, data: dict, path: yamlsource.PathKey) -> list[str]:
    value = data.get(path[-1], [])
    if not isinstance(value, list):
        raise source.error(path, "must be a list of text")
    for j, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise source.error((*path, j), "must be non-empty text")
    return value


def flagged_texts(
    source: Source, data: dict, path: yamlsource.PathKey, flag: str, default: bool
) -> list[tuple[str, bool, yamlsource.PathKey]]:
    """A list whose entries are text, or {pattern: text, <flag>: true or false}.

    Returns each entry's text, its flag (`default` for bare text) and its path for errors.
    """
    value = data.get(path[-1], [])
    if not isinstance(value, list):
        raise source.error(path, f"must be a list of text or of {{pattern, {flag}}}")
    found = []
    for j, item in enumerate(value):
        where: yamlsource.PathKey = (*path, j)
        setting = default
        if isinstance(item, dict):
            known_keys(source, item, where, ("pattern", flag), "field")
            setting = item.get(flag, default)
            if not isinstance(setting, bool):
                raise source.error((*where, flag), "must be true or false")
            item, where = item.get("pattern"), (*where, "pattern")
        if not isinstance(item, str) or not item.strip():
            raise source.error(where, "must be non-empty text")
        found.append((item, setting, where))
    return found
