"""The cross-author folds the fold benches share, and their `--fold` / `--also` options.

Every real-register author that training may see sits in one fold, so each is scored by
layers trained without it; the allowed probes are scored in every fold. When a session
spends its measuring sets, it adds each real set to one fold and each probe to PROBES, so
that a bench run with no options is the session's cross-author measure.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.coding.golden import MEASURING_ONLY
from voices.paths import CODING_DATA as DATA

STANDARD_FOLDS = (
    (
        *("real-b", "real-e", "real-h", "real-t", "real-x", "real-aa", "real-af", "real-ak"),
        *("real-ap", "real-au", "real-az", "real-be"),
    ),
    (
        *("real-c", "real-f", "real-i", "real-u", "real-y", "real-ab", "real-ag", "real-al"),
        *("real-aq", "real-av", "real-ba"),
    ),
    (
        *("real-j", "real-k", "real-m", "real-n", "real-z", "real-ac", "real-ah", "real-am"),
        *("real-ar", "real-aw", "real-bb"),
    ),
)
PROBES = (
    *("probe-p", "probe-q", "probe-r", "probe-s", "probe-v", "probe-w", "probe-o", "probe-a"),
    *("probe-ad", "probe-ae", "probe-ai", "probe-aj", "probe-an", "probe-ao", "probe-as"),
    *("probe-at", "probe-ax", "probe-ay", "probe-bc", "probe-bd"),
)


def data_file(name: str) -> Path:
    """A labelled set by name (`real-b`) or path; measuring-only sets are refused."""
    path = Path(name)
    if path.suffix != ".jsonl":
        path = DATA / f"{name}.jsonl"
    if path.name in MEASURING_ONLY:
        raise SystemExit(f"{path.name} is measuring-only: not for tuning (golden.MEASURING_ONLY)")
    if not path.is_file():
        raise SystemExit(f"no such labelled file: {path}")
    return path.resolve()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fold",
        action="append",
        help="comma-separated sets held out together (default: the standard three folds)",
    )
    parser.add_argument(
        "--also",
        default=",".join(PROBES),
        help="comma-separated sets scored in every fold (default: the allowed probes; '' for none)",
    )


def chosen(args: argparse.Namespace) -> tuple[list[list[Path]], list[Path]]:
    """The folds and the sets scored in every fold, as files."""
    specs = args.fold or [",".join(fold) for fold in STANDARD_FOLDS]
    folds = [[data_file(n) for n in spec.split(",")] for spec in specs]
    return folds, [data_file(n) for n in args.also.split(",") if n]
