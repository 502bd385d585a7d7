"""Golden output of the coding engine: every labelled answer and a seeded batch of generated
ones, coded with every shipped framework (and, for two, with reviewed examples), kept in
tests/data/coding/golden/ so that "same results" is checked by a test, not by hand.

    .venv/bin/python tests/coding/golden.py          # rewrite the stored files
    .venv/bin/python tests/coding/golden.py --check  # compare, print the first mismatches

Rewrite the files only for a change meant to change results, in a commit that says so.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from voices.coding.labelled import read_labelled  # noqa: E402
from voices.coding.pipeline import coder_for  # noqa: E402
from voices.paths import CODING_DATA as DATA  # noqa: E402

GOLDEN = DATA / "golden"
FRAMEWORKS = ("shanarri", "promise", "pledge-sample", "core-commitments-sl", "priorities-rotherham")
TRAINED = ("shanarri", "promise")  # also coded with the development set as reviewed examples
GENERATED = 2000
SEED = 15


class Run(NamedTuple):
    framework: str
    train: bool

    @property
    def name(self) -> str:
        return self.framework + ("-train-dev" if self.train else "")


RUNS = (*(Run(f, False) for f in FRAMEWORKS), *(Run(f, True) for f in TRAINED))


# Measuring sets kept out of sight of whoever tunes the engine: a golden diff would show
# the engine's output on their answers (docs/coding-dataset.md, "Files"). The coordinator
# alone runs them, for totals.
MEASURING_ONLY = (  # session 22's authors; the older measuring sets were spent and trained on
    "real-bf.jsonl",
    "real-bg.jsonl",
    "real-bh.jsonl",
    "probe-bi.jsonl",
    "probe-bj.jsonl",
)


def labelled() -> list[tuple[str, str]]:
    """(id, text) of every labelled answer but the measuring-only sets, file by file."""
    found = []
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name in MEASURING_ONLY:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.append((record["id"], record["text"]))
    return found


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_JOINS = (" ", ". ", ", ", " and ", " but ", "! ", "\n", " tbh ", "... ")
_NAMES = ("Jo", "Sam", "Aisha", "Kacper", "Mrs Evans", "my sw", "Dylan")


def generated(texts: list[str], count: int = GENERATED, seed: int = SEED) -> list[tuple[str, str]]:
    """(id, text): pieces of labelled answers joined in new ways, with case, apostrophe,
    stretched-letter and name changes, from a seeded generator (the same every run)."""
    pieces = [p.strip() for t in texts for p in _SENTENCE.findall(t) if p.strip()]
    rng = random.Random(seed)
    found = []
    for n in range(count):
        parts = [rng.choice(pieces) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(_JOINS) + part
        text = _vary(text, rng)
        found.append((f"gen-{n:04d}", text))
    return found


def _vary(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        text = text.upper()
    elif roll < 0.3:
        text = text.capitalize()
    if rng.random() < 0.2:
        text = text.replace("'", "").replace("\u2019", "")
    if rng.random() < 0.15:
        text = text.replace("n't", "n\u2019t").replace("'m", "\u2019m")
    if rng.random() < 0.15:
        text = re.sub(r"o\b", "ooo", text, count=1)
    if rng.random() < 0.2:
        words = text.split(" ")
        words.insert(rng.randrange(len(words) + 1), rng.choice(_NAMES))
        text = " ".join(words)
    if rng.random() < 0.1:
        text += rng.choice((" :(", " :)", " \U0001f622", " \U0001f600", "!!", "?"))
    return text


def answers() -> list[tuple[str, str]]:
    known = labelled()
    return known + generated([t for _, t in known])


def code(run: Run, items: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    examples = None
    if run.train:
        examples = [
            (i.text, sorted(i.themes)) for i in read_labelled(DATA / "dev.jsonl", run.framework)
        ]
    coder = coder_for(run.framework, examples=examples)
    for id, text in items:
        yield coder.code(text).to_json(id)


def path(run: Run) -> Path:
    return GOLDEN / f"{run.name}.jsonl.gz"


def lines(records: Iterator[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]


def write(run: Run, items: list[tuple[str, str]]) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    raw = io.BytesIO()
    # mtime=0 and no file name: the same output gives the same bytes.
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(("\n".join(lines(code(run, items))) + "\n").encode("utf-8"))
    path(run).write_bytes(raw.getvalue())


def stored(run: Run) -> list[str]:
    return gzip.decompress(path(run).read_bytes()).decode("utf-8").splitlines()


def differences(run: Run, items: list[tuple[str, str]], limit: int = 5) -> list[str]:
    """Readable reports of the first `limit` answers whose output differs from the store."""
    texts = dict(items)
    now, then = lines(code(run, items)), stored(run)
    found = []
    if len(now) != len(then):
        found.append(f"{run.name}: {len(now)} answers coded, {len(then)} stored")
    for new, old in zip(now, then, strict=False):
        if new == old:
            continue
        new_record, old_record = json.loads(new), json.loads(old)
        id = new_record["id"]
        changed = [
            f"    {key}:\n      stored {json.dumps(old_record.get(key), ensure_ascii=False)}\n"
            f"      now    {json.dumps(new_record.get(key), ensure_ascii=False)}"
            for key in sorted(set(new_record) | set(old_record))
            if new_record.get(key) != old_record.get(key)
        ]
        found.append(f"{run.name} {id}: {texts.get(id, '?')!r}\n" + "\n".join(changed))
        if len(found) >= limit:
            break
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    items = answers()
    bad = 0
    for run in RUNS:
        if args.check:
            found = differences(run, items)
            bad += bool(found)
            print("\n".join(found) or f"{run.name}: same")
        else:
            write(run, items)
            print(f"{path(run).relative_to(ROOT)}: {len(items)} answers")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
