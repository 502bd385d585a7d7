"""The shipped frameworks, and the cross-walk between two of them. Pure."""

from __future__ import annotations

import functools

from voices import paths
from voices.coding.codebook import Framework, load_frameworks


@functools.lru_cache(maxsize=1)
def _frameworks() -> dict[str, Framework]:
    return dict(load_frameworks(paths.FRAMEWORKS).frameworks)


def frameworks() -> dict[str, Framework]:
    """The shipped frameworks, by id (read once)."""
    return _frameworks()


def crosswalk(target: Framework, source: Framework) -> dict[str, set[str]]:
    """{target theme: source themes that cross-walk to it}, from either side's cross-walk."""
    walk: dict[str, set[str]] = {t.id: set() for t in target.themes}
    for theme in source.themes:
        for ref in theme.crosswalk:
            fid, _sep, tid = ref.partition(":")
            if fid == target.id and tid in walk:
                walk[tid].add(theme.id)
    known = {t.id for t in source.themes}
    for theme in target.themes:
        for ref in theme.crosswalk:
            fid, _sep, tid = ref.partition(":")
            if fid == source.id and tid in known:
                walk[theme.id].add(tid)
    return walk
