"""Fixtures shared by the coding tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.coding.lexicon import Lexicon
from voices.coding.safeguarding import load_lexicon


@pytest.fixture
def one_pattern_lexicon(tmp_path: Path) -> Lexicon:
    """A lexicon with one strong pattern ("hits me"), so the learned layer's part is plain."""
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "categories:\n  - id: abuse\n    label: Abuse\n    patterns: [hits me]\n", encoding="utf-8"
    )
    return load_lexicon(path)
