"""`voices frameworks import FILE.qdc` and `voices frameworks export ID`: REFI-QDA codebooks
on the command line (registered under `voices frameworks` by voices/cli.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voices import paths


def _import(args: argparse.Namespace) -> int:
    from voices.coding.codebook import load_frameworks
    from voices.findings.refi.qdc_import import CodebookError, import_codebook
    from voices.yamlsource import SourceError

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
        return 1
    try:
        known = load_frameworks(paths.FRAMEWORKS).frameworks.values()
    except SourceError:
        known = []  # matching GUIDs to shipped themes is a nicety, not a need
    try:
        imported = import_codebook(data, file_name=path.name, framework_id=args.id, known=known)
    except CodebookError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    if not args.out:
        sys.stdout.write(imported.yaml_text)
        return 0
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"{out} already exists; add --force to replace it.", file=sys.stderr)
        return 1
    out.write_text(imported.yaml_text, encoding="utf-8")
    framework = imported.framework
    print(f"Wrote {out}: framework '{framework.id}' with {len(framework.themes)} themes.")
    print("Add keywords, phrases and examples, then run: voices frameworks check")
    return 0


def _export(args: argparse.Namespace) -> int:
    from voices.coding.codebook import load_frameworks
    from voices.findings.refi.codebook import codebook_bytes
    from voices.yamlsource import SourceError

    try:
        found = load_frameworks(Path(args.folder) if args.folder else paths.FRAMEWORKS)
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    framework = found.frameworks.get(args.framework)
    if framework is None:
        known = ", ".join(sorted(found.frameworks))
        print(f"No framework '{args.framework}' (known: {known}).", file=sys.stderr)
        return 1
    data = codebook_bytes([framework])
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"Wrote {args.out}: {len(framework.themes)} codes under '{framework.title}'.")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def register(frameworks_commands: argparse._SubParsersAction) -> None:
    imp = frameworks_commands.add_parser(
        "import", help="turn a REFI-QDA codebook (.qdc) into a framework YAML file"
    )
    imp.add_argument("file", help="the .qdc codebook")
    imp.add_argument("--out", help="where to write the YAML (default: print it)")
    imp.add_argument("--id", help="the framework's id (default: from the codebook's name)")
    imp.add_argument("--force", action="store_true", help="replace --out if it exists")
    imp.set_defaults(handler=_import)
    exp = frameworks_commands.add_parser(
        "export", help="write a framework as a REFI-QDA codebook (.qdc)"
    )
    exp.add_argument("framework", help="the framework's id, e.g. shanarri")
    exp.add_argument("--out", help="where to write the .qdc (default: print it)")
    exp.add_argument("--folder", help="folder of frameworks (default: surveys/frameworks)")
    exp.set_defaults(handler=_export)
