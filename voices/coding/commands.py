"""`voices code` and the training commands: batch coding of JSON Lines (evaluate: evaluate_command).

Errors name the line number, never the text: children's words stay out of terminals' logs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from voices import paths
from voices.coding.evaluation import (
    Labelled,
)

SENTIMENTS = {"positive", "negative", "mixed", "neutral"}


class BadLine(ValueError):
    pass


@contextmanager
def _open(name: str, mode: str, std: IO[str]) -> Iterator[IO[str]]:
    if name == "-":
        yield std
    else:
        with open(name, mode, encoding="utf-8") as f:
            yield f


def _record(line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise BadLine("not a JSON object")
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        raise BadLine("no 'text'")
    return data


def _frameworks_folder(args: argparse.Namespace) -> Path | None:
    return Path(args.frameworks) if args.frameworks else None


def _coder(args: argparse.Namespace, examples: list[tuple[str, list[str]]] | None = None):
    from voices.coding.pipeline import coder_for

    return coder_for(args.framework, _frameworks_folder(args), examples=examples)


def _examples(args: argparse.Namespace) -> list[tuple[str, list[str]]] | None:
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
        examples = _examples(args)
        coder = _coder(args, examples)
    except (BadLine, OSError, KeyError, SourceError) as exc:
        print(f"voices code: {exc}", file=sys.stderr)
        return 2
    bad = 0
    with _open(args.input, "r", sys.stdin) as source, _open(args.output, "w", sys.stdout) as out:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                record = _record(line)
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


def read_labelled(path: Path, framework_id: str) -> list[Labelled]:
    """Labelled lines; themes are "framework:theme" ids, and only this framework's are kept."""
    items: list[Labelled] = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = _record(line)
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


def model_json(data: dict[str, Any]) -> str:
    """A weights file with one feature a line, so a retrained model diffs readably."""
    head = [
        f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},"
        for k, v in data.items()
        if k != "weights"
    ]
    rows = [
        f"  {json.dumps(f, ensure_ascii=False)}: {json.dumps(w)}"
        for f, w in data["weights"].items()
    ]
    return "{\n" + "\n".join(head) + '\n "weights": {\n' + ",\n".join(rows) + "\n }\n}\n"


def _training(args: argparse.Namespace, command: str) -> list[Labelled] | None:
    """Every labelled answer in the --train files, or None after printing what is wrong."""
    try:
        return [item for file in args.files for item in read_labelled(Path(file), "")]
    except (BadLine, OSError) as exc:
        print(f"voices {command} train: {exc}", file=sys.stderr)
        return None


def _write_model(output: str | Path, data: dict[str, Any], what: str) -> None:
    Path(output).write_text(model_json(data), encoding="utf-8")
    print(
        f"Trained on {what} from {', '.join(data['trained_on'])}: "
        f"{len(data['weights'])} weights written to {output}"
    )


def _safeguarding_train(args: argparse.Namespace) -> int:
    from voices.coding import similar

    labelled = _training(args, "safeguarding")
    if labelled is None:
        return 2
    examples = [(i.text, i.safeguarding) for i in labelled if i.safeguarding is not None]
    flagged = sum(1 for _, f in examples if f)
    if not flagged or flagged == len(examples):
        print(
            "voices safeguarding train: needs answers labelled both true and false "
            f"(found {flagged} true of {len(examples)})",
            file=sys.stderr,
        )
        return 2
    model = similar.train(examples, trained_on=tuple(Path(f).name for f in args.files))
    _write_model(args.output, model.to_json(), f"{len(examples)} answers ({flagged} flagged)")
    return 0


def _sentiment_train(args: argparse.Namespace) -> int:
    from voices.coding import sentiment_model
    from voices.coding.safeguarding import screen
    from voices.coding.sentiment import analyse

    labelled = _training(args, "sentiment")
    if labelled is None:
        return 2
    labelled = [i for i in labelled if i.sentiment is not None]
    missing = sorted(set(sentiment_model.LABELS) - {i.sentiment for i in labelled})
    if missing:
        print(
            f"voices sentiment train: needs answers of every label (none are {', '.join(missing)})",
            file=sys.stderr,
        )
        return 2
    examples = []
    for item in labelled:
        rules = analyse(item.text, learned=False)
        flagged = screen(item.text).flag
        reading = sentiment_model.Reading(
            rules.label, rules.polarity, flagged, rules.got_through, rules.around_but
        )
        examples.append((item.text, reading, item.sentiment))
    model = sentiment_model.train(examples, trained_on=tuple(Path(f).name for f in args.files))
    _write_model(args.output, model.to_json(), f"{len(examples)} answers")
    return 0


def _themes_train(args: argparse.Namespace) -> int:
    """One weights file per framework whose themes the files label (--output: the folder)."""
    from voices.coding import theme_model
    from voices.coding.codebook import load_frameworks
    from voices.coding.matcher import ThemeMatcher

    if _training(args, "themes") is None:
        return 2
    trained_on = tuple(Path(f).name for f in args.files)
    written = 0
    for framework in load_frameworks(paths.FRAMEWORKS).frameworks.values():
        items = [i for f in args.files for i in read_labelled(Path(f), framework.id)]
        if not any(i.themes for i in items):
            continue  # no one labelled this framework's themes: its lexicon codes alone
        examples = [(i.text, sorted(i.themes)) for i in items]
        data = theme_model.train(ThemeMatcher(framework), examples, trained_on)
        output = theme_model.path_for(framework.id, Path(args.output_folder))
        output.parent.mkdir(parents=True, exist_ok=True)
        _write_model(output, data, f"{len(examples)} answers ({framework.id})")
        written += 1
    return 0 if written else 2


def register(commands: argparse._SubParsersAction) -> None:
    _register_code(commands)
    _register_evaluate(commands)
    _add_train_command(
        commands,
        "safeguarding",
        "the safeguarding screen's learned layer",
        label="safeguarding",
        reader="the screen",
        default=paths.SURVEYS / "safeguarding" / "model.json",
        handler=_safeguarding_train,
    )
    _add_train_command(
        commands,
        "sentiment",
        "the sentiment reader's learned layer",
        label="sentiment",
        reader="the sentiment reader",
        default=paths.SURVEYS / "coding" / "sentiment-model.json",
        handler=_sentiment_train,
    )
    _register_themes(commands)


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


def _register_themes(commands: argparse._SubParsersAction) -> None:
    themes = commands.add_parser("themes", help="the shipped learned layer of themes")
    sub = themes.add_subparsers(dest="themes_command", required=True)
    train = sub.add_parser(
        "train",
        help="train the learned layer of themes on labelled answers",
        description="Reads labelled JSON Lines (as for evaluate) and writes one weights file "
        "per framework whose themes they label, into the folder the coder loads them from.",
    )
    train.add_argument("files", nargs="+", metavar="FILE", help="labelled JSON Lines files")
    train.add_argument(
        "--output-folder",
        default=str(paths.SURVEYS / "coding" / "themes"),
        help="where to write the models (default: surveys/coding/themes)",
    )
    train.set_defaults(handler=_themes_train)


def _add_train_command(
    commands: argparse._SubParsersAction,
    name: str,
    help: str,
    *,
    label: str,
    reader: str,
    default: Path,
    handler: Any,
) -> None:
    """`voices NAME train FILE... [--output]`: rebuild one learned layer's weights file."""
    group = commands.add_parser(name, help=help)
    subcommands = group.add_subparsers(dest=f"{name}_command", required=True)
    train = subcommands.add_parser(
        "train",
        help="train the learned layer on labelled answers",
        description=f"Reads labelled JSON Lines (as for evaluate; only 'text' and '{label}' "
        f"are used) and writes the weights file {reader} loads.",
    )
    train.add_argument("files", nargs="+", metavar="FILE", help="labelled JSON Lines files")
    shown = (
        default.relative_to(paths.DATA_ROOT) if default.is_relative_to(paths.DATA_ROOT) else default
    )
    train.add_argument(
        "--output",
        default=str(default),
        help=f"where to write the model (default: {shown})",
    )
    train.set_defaults(handler=handler)


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
