"""The `voices` command line: surveys, frameworks, coding, database, demo data, server."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from voices import paths

Handler = Callable[[argparse.Namespace], int]


def _surveys_check(args: argparse.Namespace) -> int:
    from voices.definitions import check_paths

    targets = [Path(p) for p in args.paths] or [paths.SURVEYS]
    missing = [t for t in targets if not t.exists()]
    for target in missing:
        print(f"{target}: no such file or folder", file=sys.stderr)
    errors = check_paths(t for t in targets if t.exists())
    for error in errors:
        print(error, file=sys.stderr)
    if errors or missing:
        return 1
    print("All surveys are valid.")
    return 0


def _frameworks_check(args: argparse.Namespace) -> int:
    from voices.coding import similar
    from voices.coding.codebook import (
        check_crosswalks,
        check_safeguarding_links,
        load_frameworks,
    )
    from voices.coding.safeguarding import default_lexicon
    from voices.yamlsource import SourceError

    folder = Path(args.folder) if args.folder else paths.FRAMEWORKS
    try:
        found = load_frameworks(folder)
        categories = set(default_lexicon().categories) | {similar.CATEGORY}
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = check_crosswalks(found) + check_safeguarding_links(found, categories)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{len(found.frameworks)} frameworks are valid: {', '.join(sorted(found.frameworks))}.")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from voices import db
    from voices.settings import Settings

    db.upgrade(Settings.from_env().database_url)
    print("Database is up to date.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from voices import db, demo
    from voices.definitions import load_catalog
    from voices.settings import Settings

    settings = Settings.from_env()
    catalog = load_catalog(settings.surveys_dir)
    db.upgrade(settings.database_url)
    engine = db.make_engine(settings.database_url)
    try:
        result = demo.create_demo(engine, settings.base_url, catalog)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"Demo organisation: {result['organisation']}")
        for item in result["consultations"]:
            print(f"  {item['join_code']}  {item['title']} ({item['survey']})  {item['url']}")
            print(f"          live session's facilitator screen: {item['session_url']}")
            print(f"          findings: {item['findings_url']}")
            print(f"          public results: {item['results_url']}")
        print(f"Staff sign-in: {result['staff_url']} (demo accounts, one per role)")
        for account in result["staff"]:
            print(f"  {account['role']:<13} {account['email']}  password: {account['password']}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from voices.definitions import load_catalog
    from voices.settings import Settings
    from voices.yamlsource import SourceError

    try:  # refuse to start on an invalid survey (file, line and field) or a bad setting
        load_catalog(Settings.from_env().surveys_dir)
    except (SourceError, ValueError) as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 1

    uvicorn.run(
        "voices.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # X-Forwarded-For is read by the app, and only from VOICES_TRUSTED_PROXIES.
        proxy_headers=False,
        # uvicorn's access log prints paths and query strings (join codes): ours prints
        # the route's name instead (voices/requestlog.py).
        access_log=False,
        log_config=log_config(),
    )
    return 0


def log_config() -> dict:
    """uvicorn's logging, plus the app's own loggers at INFO on the same handler."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["voices"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voices",
        description="Voices: surveys that let children and young people in care have their say.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    surveys = commands.add_parser("surveys", help="work with survey definitions")
    surveys_commands = surveys.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = surveys_commands.add_parser(
        "check", help="validate survey YAML files; errors name file, line and field"
    )
    check.add_argument("paths", nargs="*", help="files or folders (default: the surveys folder)")
    check.set_defaults(handler=_surveys_check)

    frameworks = commands.add_parser("frameworks", help="work with theme frameworks")
    frameworks_commands = frameworks.add_subparsers(dest="action", required=True, metavar="ACTION")
    fcheck = frameworks_commands.add_parser("check", help="validate the framework YAML files")
    fcheck.add_argument(
        "folder", nargs="?", help="folder of frameworks (default: surveys/frameworks)"
    )
    fcheck.set_defaults(handler=_frameworks_check)
    from voices.findings.refi import commands as refi_commands

    refi_commands.register(frameworks_commands)

    database = commands.add_parser("db", help="manage the database")
    db_commands = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade", help="create or migrate the database to the latest schema (VOICES_DATABASE_URL)"
    ).set_defaults(handler=_db_upgrade)

    demo = commands.add_parser(
        "demo", help="create a demo organisation and one open consultation per starter survey"
    )
    demo.add_argument("--json", action="store_true", help="print the result as JSON")
    demo.set_defaults(handler=_demo)

    serve = commands.add_parser("serve", help="run the web app with uvicorn")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(handler=_serve)

    register_extra_commands(commands)
    return parser


def register_extra_commands(commands: argparse._SubParsersAction) -> None:
    """Commands owned by other capabilities register themselves here."""
    from voices.alerts import commands as alert_commands
    from voices.coding import commands as coding_commands

    coding_commands.register(commands)
    from voices.review import commands as review_commands

    review_commands.register(commands)
    from voices.staff import commands as staff_commands

    staff_commands.register(commands)
    alert_commands.register(commands)
    from voices.findings import commands as findings_commands

    findings_commands.register(commands)
    from voices.retention import commands as retention_commands

    retention_commands.register(commands)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
