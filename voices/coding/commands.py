"""The coding engine's commands: `voices code` (batch coding of JSON Lines) here, and the
registration of `voices evaluate` (evaluate_command.py) and of the `train` commands
(train_commands.py).

Errors name the line number, never the text: children's words stay out of terminals' logs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from voices.coding import train_commands
from voices.coding.labelled import BadLine, read_labelled, record_of


@contextmanager
def _open(name: str, mode: str, std: IO[str]) -> Iterator[IO[str]]:
    if name == "-":
        yield std
    else:
        with open(name, mode, encoding="utf-8") as f:
            yield f


def _frameworks_folder(args: argparse.Namespace) -> Path | None:
    return Path(args.frameworks) if args.frameworks else None


def coder_from_args(args: argparse.Namespace, examples: list[tuple[str, list[str]]] | None = None):
    from voices.coding.pipeline import coder_for

    return coder_for(args.framework, _frameworks_folder(args), examples=examples)


def reviewed_examples(args: argparse.Namespace) -> list[tuple[str, list[str]]] | None:
    """Reviewed examples from every --train file, in order; None when there are none."""
    if not args.train:
        return None
    return [
        (i.text, sorted(i.themes))
        for file in args.train
        for i in read_labelled(Path(file), args.framework)
    ]


def _code(args: argparse.Namespace) -> int:
    from voices.yamlsource import SourceError

    try:
        examples = reviewed_examples(args)
        coder = coder_from_args(args, examples)
    except (BadLine, OSError, KeyError, SourceError) as exc:
        print(f"voices code: {exc}", file=sys.stderr)
        return 2
    bad = 0
    with _open(args.input, "r", sys.stdin) as source, _open(args.output, "w", sys.stdout) as out:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                record = record_of(line)
            except BadLine as exc:
                print(f"line {number}: {exc}; skipped", file=sys.stderr)
                bad += 1
                continue
            locale = record.get("locale")  # the page's, if known: a hint for the screen
            coding = coder.code(record["text"], locale if isinstance(locale, str) else None)
            out.write(json.dumps(coding.to_json(record.get("id")), ensure_ascii=False) + "\n")
    if bad:
        print(f"{bad} line(s) skipped", file=sys.stderr)
    return 1 if bad else 0


def register(commands: argparse._SubParsersAction) -> None:
    _register_code(commands)
    _register_evaluate(commands)
    train_commands.register(commands)


def _register_code(commands: argparse._SubParsersAction) -> None:
    code = commands.add_parser(
        "code",
        help="suggest themes, sentiment and safeguarding flags for JSON Lines of free text",
        description='Reads JSON Lines {"id": ..., "text": ...} and writes one coded line per '
        "input, in the same order. Bad lines are reported by number and skipped (exit 1).",
    )
    code.add_argument("--framework", required=True, help="framework id, e.g. shanarri")
    code.add_argument("--input", default="-", help="JSON Lines file, or - for stdin (default)")
    code.add_argument("--output", default="-", help="file to write, or - for stdout (default)")
    code.add_argument(
        "--frameworks", help="folder of framework files (default: surveys/frameworks)"
    )
    code.add_argument(
        "--train",
        metavar="FILE",
        action="append",
        help="reviewed examples (labelled JSON Lines, as for evaluate) to learn from first; "
        "may be given more than once",
    )
    code.set_defaults(handler=_code)


def _register_evaluate(commands: argparse._SubParsersAction) -> None:
    ev = commands.add_parser(
        "evaluate",
        help="score the engine against a labelled JSON Lines file",
        description='Reads labelled lines {"id", "text", "themes": ["framework:theme", ...], '
        '"sentiment", "safeguarding"} and prints per-theme precision, recall, F1, support and '
        "Cohen's kappa, micro and macro F1, sentiment accuracy with a confusion matrix, and "
        "safeguarding recall and precision.",
    )
    ev.add_argument(
        "files", nargs="*", metavar="FILE", help="labelled JSON Lines files, each scored apart"
    )
    ev.add_argument("--framework", help="framework id, e.g. shanarri (needed with FILE)")
    ev.add_argument(
        "--org",
        metavar="SLUG",
        help="instead of files: what an organisation's reviewed codes changed (suggestions "
        "accepted before and after its latest learned model, per framework)",
    )
    ev.add_argument(
        "--train",
        metavar="FILE",
        action="append",
        help="reviewed examples (same format) to learn from, prints the scores before and "
        "after; may be given more than once",
    )
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--compare-vader",
        action="store_true",
        help="also print VADER's sentiment accuracy on each file (needs vaderSentiment)",
    )
    ev.add_argument("--frameworks", help="folder of framework files (default: surveys/frameworks)")
    ev.set_defaults(handler=_run_evaluate)


def _run_evaluate(args: argparse.Namespace) -> int:
    # Imported when run: evaluate_command builds on this module's readers.
    from voices.coding.evaluate_command import run

    if args.org:
        from voices.review.commands import evaluate_org

        return evaluate_org(args)
    if not args.files or not args.framework:
        print("voices evaluate: give FILE... and --framework, or --org SLUG", file=sys.stderr)
        return 2
    return run(args)
