"""Cross-author figures: retrain the learned layers without some authors, measure on them.

    .venv/bin/python bench/cross_author.py      # the standard folds and probes (bench/folds.py)
    .venv/bin/python bench/cross_author.py --fold real-b,real-c --fold real-e,real-f
    .venv/bin/python bench/cross_author.py --also probe-q,probe-r  # also scored in every fold
    .venv/bin/python bench/cross_author.py --train-extra /tmp/x.jsonl

Coding quality is judged on words the team never saw, so a change is judged here: each fold
copies `voices/` and `surveys/` into a scratch folder, trains the three learned layers there
(the screen's, then sentiment's, which reads the screen, then themes') on the shipped
training files minus the fold's own, and scores the fold's files with `voices evaluate`.
Only totals are printed, never an answer. The training files are the ones the shipped
sentiment model names (`trained_on`), so the folds follow the Makefile.

Measuring-only sets (tests/coding/golden.py, MEASURING_ONLY) are refused: the coordinator
alone runs them, with the shipped models.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess  # nosec B404: runs this checkout's own CLI on our own files
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import folds  # noqa: E402

COLUMNS = ("SHANARRI", "Promise", "sentiment", "alert P", "flag R", "false flags")


def shipped_training() -> list[Path]:
    model = json.loads((ROOT / "surveys/coding/sentiment-model.json").read_text("utf-8"))
    return [folds.DATA / name for name in model["trained_on"]]


def run(scratch: Path, *args: str) -> str:
    command = [sys.executable, "-m", "voices.cli", *args]
    env = {"PYTHONPATH": str(scratch), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True)  # nosec B603
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:2])} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def fold(held: list[Path], also: list[Path], extra: list[Path]) -> dict[str, list[float | None]]:
    """Train without `held`, then score `held` and `also`: {file name: the COLUMNS figures}."""
    with tempfile.TemporaryDirectory(prefix="cross-author-") as folder:
        scratch = Path(folder)
        shutil.copytree(ROOT / "voices", scratch / "voices")
        shutil.copytree(ROOT / "surveys", scratch / "surveys")
        train = [str(p) for p in shipped_training() if p not in held] + [str(p) for p in extra]
        run(scratch, "safeguarding", "train", *train)
        run(scratch, "sentiment", "train", *train)
        run(scratch, "themes", "train", *train)
        files = [str(p) for p in held + also]
        results: dict[str, dict[str, dict]] = {}
        for framework in ("shanarri", "promise"):
            out = json.loads(run(scratch, "evaluate", "--framework", framework, "--json", *files))
            for entry in out["files"] if "files" in out else [{"file": files[0], **out}]:
                results.setdefault(Path(entry["file"]).name, {})[framework] = entry["lexicon"]
        return {name: figures(r["shanarri"], r["promise"]) for name, r in results.items()}


def figures(shanarri: dict, promise: dict) -> list[float | None]:
    guard = shanarri["safeguarding"]
    alert = guard["alert"]
    has_themes = any(t["support"] for t in shanarri["themes"].values())
    return [
        shanarri["macro_f1"] if has_themes else None,
        promise["macro_f1"] if has_themes else None,
        shanarri["sentiment"]["accuracy"],
        alert.get("precision"),
        guard["recall"],
        guard.get("fp"),
    ]


def show(name: str, row: list[float | None]) -> str:
    cells = ["" if v is None else (f"{v:.0f}" if i == 5 else f"{v:.3f}") for i, v in enumerate(row)]
    return f"{name:<22}" + "".join(f"{c:>12}" for c in cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folds.add_arguments(parser)
    parser.add_argument("--train-extra", action="append", default=[], help="extra training file")
    args = parser.parse_args()
    held_out, also = folds.chosen(args)
    extra = [Path(p).resolve() for p in args.train_extra]
    with ThreadPoolExecutor(max_workers=2) as pool:  # one fold a core
        outcomes = list(pool.map(lambda held: fold(held, also, extra), held_out))
    print(f"{'held out':<22}" + "".join(f"{c:>12}" for c in COLUMNS))
    held_rows = []
    for held, outcome in zip(held_out, outcomes, strict=True):
        for path in held:
            held_rows.append(outcome[path.name])
            print(show(path.stem, outcome[path.name]))
    means = [
        statistics.fmean(column) if (column := [v for v in col if v is not None]) else None
        for col in zip(*held_rows, strict=True)
    ]
    print(show("mean of held out", means[:5] + [None]))
    for path in also:
        rows = [outcome[path.name] for outcome in outcomes]
        medians = [
            statistics.median(column) if (column := [v for v in col if v is not None]) else None
            for col in zip(*rows, strict=True)
        ]
        print(show(f"{path.stem} (median)", medians))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
