"""The engine codes every labelled answer and a seeded generated batch exactly as stored.

A failure lists the first answers that changed. If the change is meant, rewrite the store
with `make coding-golden` in a commit that says which results changed and why.
"""

from __future__ import annotations

import golden  # tests/coding/golden.py, beside this file
import pytest


@pytest.fixture(scope="module")
def items() -> list[tuple[str, str]]:
    return golden.answers()


def test_generator_is_seeded() -> None:
    texts = [t for _, t in golden.labelled()]
    assert golden.generated(texts, 50) == golden.generated(texts, 50)


@pytest.mark.parametrize("run", golden.RUNS, ids=lambda r: r.name)
def test_same_output_as_stored(run: golden.Run, items: list[tuple[str, str]]) -> None:
    found = golden.differences(run, items)
    assert not found, "coding output changed:\n" + "\n".join(found)
