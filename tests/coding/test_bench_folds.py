"""bench/folds.py: the standard folds follow what training sees, so a bare bench run measures
every author held out. When a session spends its measuring sets and forgets the folds, this
fails."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bench import folds
from tests.coding.golden import MEASURING_ONLY
from voices import paths

# Spent in session 14, after the folds were drawn; always trained on, never held out, so
# that the cross-author figures of later sessions stay comparable.
NEVER_HELD_OUT = {"real-d", "real-g", "real-l"}


def trained_real_sets() -> set[str]:
    model = json.loads((paths.SURVEYS / "coding" / "sentiment-model.json").read_text("utf-8"))
    return {Path(n).stem for n in model["trained_on"] if n.startswith("real-")}


def test_each_real_set_trained_on_sits_in_exactly_one_fold():
    in_folds = [name for fold in folds.STANDARD_FOLDS for name in fold]
    assert len(in_folds) == len(set(in_folds))
    assert set(in_folds) == trained_real_sets() - NEVER_HELD_OUT


def test_every_allowed_probe_is_scored_in_every_fold():
    allowed = {p.stem for p in folds.DATA.glob("probe-*.jsonl") if p.name not in MEASURING_ONLY}
    assert set(folds.PROBES) == allowed


def test_no_options_mean_the_standard_folds_and_probes_and_an_empty_also_means_none():
    parser = argparse.ArgumentParser()
    folds.add_arguments(parser)
    held_out, also = folds.chosen(parser.parse_args([]))
    assert [[p.stem for p in fold] for fold in held_out] == [list(f) for f in folds.STANDARD_FOLDS]
    assert [p.stem for p in also] == list(folds.PROBES)
    held_out, also = folds.chosen(parser.parse_args(["--fold", "real-b,real-c", "--also", ""]))
    assert [[p.stem for p in fold] for fold in held_out] == [["real-b", "real-c"]] and also == []


def test_a_measuring_only_set_is_refused(monkeypatch):
    monkeypatch.setattr(folds, "MEASURING_ONLY", ("real-b.jsonl",))
    with pytest.raises(SystemExit, match="measuring-only"):
        folds.data_file("real-b")
    with pytest.raises(SystemExit, match="no such labelled file"):
        folds.data_file("real-zz")
