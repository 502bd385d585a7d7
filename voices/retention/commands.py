"""`voices purge`, `voices backup` and `voices restore`.

purge: applies each organisation's retention (voices.retention.policy) in one transaction per
organisation, then the housekeeping every organisation shares. Idempotent; prints counts per
kind, never a name or a child's words. Exit 2: no organisation with that slug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

USAGE = 2


def register(commands: argparse._SubParsersAction) -> None:
    purge = commands.add_parser(
        "purge",
        help="remove what each organisation's retention says must go (see docs/operations.md)",
        description="Deletes unfinished responses and expired resume codes, removes names "
        "from submitted responses past their retention, and clears long-dead housekeeping "
        "rows. One transaction per organisation. Prints counts only.",
    )
    purge.add_argument("--dry-run", action="store_true", help="say what would go; change nothing")
    purge.add_argument("--org", metavar="SLUG", help="one organisation only (no housekeeping)")
    purge.set_defaults(handler=_purge)

    backup = commands.add_parser(
        "backup", help="copy the database to FILE (safe while the server runs; mode 0600)"
    )
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore", help="replace the database with the backup in FILE (stop the server first)"
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--force", action="store_true", help="overwrite a database that already holds data"
    )
    restore.set_defaults(handler=_restore)


def _with_engine(work: Callable[[Engine], int]) -> int:
    from voices import db
    from voices.settings import Settings

    engine = db.make_engine(Settings.from_env().database_url)
    try:
        return work(engine)
    finally:
        engine.dispose()


def _purge(args: argparse.Namespace) -> int:
    from voices.models import utcnow
    from voices.settings import Settings

    settings = Settings.from_env()
    timeouts = (
        timedelta(minutes=settings.staff_idle_minutes),
        timedelta(hours=settings.staff_max_hours),
    )

    def work(engine: Engine) -> int:
        lines = run_purge(engine, utcnow(), timeouts, org=args.org, dry_run=args.dry_run)
        if lines is None:
            print(f"voices purge: no organisation with the slug {args.org!r}", file=sys.stderr)
            return USAGE
        print("\n".join(lines))
        return 0

    return _with_engine(work)


def run_purge(
    engine: Engine,
    now: datetime,
    timeouts: tuple[timedelta, timedelta],
    *,
    org: str | None = None,
    dry_run: bool = False,
) -> list[str] | None:
    """Purge every organisation (or the one with slug `org`; None if there is none), each in
    its own transaction, after housekeeping when no organisation was named. The report's lines."""
    from sqlmodel import Session, col, select

    from voices.models import Organisation
    from voices.retention import policy, purge

    with Session(engine) as db:
        query = select(Organisation.id).order_by(col(Organisation.id))
        if org is not None:
            query = query.where(Organisation.slug == org)
        ids = list(db.exec(query))
    if org is not None and not ids:
        return None
    lines = ["Dry run: nothing was changed."] if dry_run else []
    # Housekeeping first: it takes old sent emails, so an organisation's purge (which deletes
    # the emails of the alerts it deletes) counts the same in a dry run as in a run.
    if org is None:
        with Session(engine) as db:
            cut_house = policy.housekeeping_cutoffs(now, *timeouts)
            house = purge.housekeeping(db, cut_house, dry_run=dry_run)
            db.rollback() if dry_run else db.commit()
        lines += policy.describe("Housekeeping", house, dry_run)
    for organisation_id in ids:
        with Session(engine) as db:
            organisation = db.get(Organisation, organisation_id)
            if organisation is None:  # deleted meanwhile
                continue
            cut = policy.cutoffs(
                now, organisation.unfinished_retention_days, organisation.named_retention_days
            )
            counts = purge.purge_organisation(db, organisation, cut, dry_run=dry_run)
            heading = f"Organisation {organisation.slug}"
            db.rollback() if dry_run else db.commit()
        lines += policy.describe(heading, counts, dry_run)
    return lines


def _backup(args: argparse.Namespace) -> int:
    from voices.retention import backup

    def work(engine: Engine) -> int:
        try:
            backup.backup(engine, args.file)
        except backup.BackupError as exc:
            print(f"voices backup: {exc}", file=sys.stderr)
            return 1
        print(f"Backed up to {args.file} (readable by its owner only).")
        return 0

    return _with_engine(work)


def _restore(args: argparse.Namespace) -> int:
    from voices.retention import backup

    def work(engine: Engine) -> int:
        try:
            backup.restore(engine, args.file, force=args.force)
        except backup.BackupError as exc:
            print(f"voices restore: {exc}", file=sys.stderr)
            return 1
        print(f"Restored from {args.file}.")
        return 0

    return _with_engine(work)
