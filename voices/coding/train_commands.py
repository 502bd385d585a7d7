"""`voices safeguarding|sentiment|themes train`: rebuild a learned layer's weights files from
labelled answers.

Errors name the file and line number, never the text: children's words stay out of
terminals' logs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from voices import paths
from voices.coding.evaluation import Labelled
from voices.coding.labelled import BadLine, read_labelled


def register(commands: argparse._SubParsersAction) -> None:
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
    """Every labelled answer in the FILE arguments, or None after printing what is wrong."""
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
