"""`voices findings rebuild [--consultation ID]`: rebuild the findings' fact tables.

The facts are written with every change (voices.findings.facts), and migration 0007 fills
them for existing data; this is for operators, e.g. after restoring a backup or loading data
by hand. Idempotent. Prints numbers only, never a child's words. Exit 2: no such consultation.
"""

from __future__ import annotations

import argparse
import sys

USAGE = 2


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("findings", help="the facts findings pages count")
    actions = group.add_subparsers(dest="findings_command", required=True, metavar="ACTION")
    rebuild = actions.add_parser(
        "rebuild",
        help="rebuild the closed-answer and theme-mention facts from the answers and reviews",
        description="Recomputes the findings facts of one consultation (or of every one) "
        "from submitted answers, codings and agreed reviews, in one transaction.",
    )
    rebuild.add_argument("--consultation", type=int, help="one consultation's id (default: all)")
    rebuild.set_defaults(handler=_rebuild)


def _rebuild(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from voices import db
    from voices.findings import facts
    from voices.models import Consultation
    from voices.settings import Settings

    engine = db.make_engine(Settings.from_env().database_url)
    try:
        with Session(engine) as session:
            if args.consultation is not None:
                if session.get(Consultation, args.consultation) is None:
                    print(
                        f"voices findings rebuild: no consultation {args.consultation}",
                        file=sys.stderr,
                    )
                    return USAGE
                done = {args.consultation: facts.rebuild_consultation(session, args.consultation)}
            else:
                done = facts.rebuild_all(session)
            session.commit()
    finally:
        engine.dispose()
    for consultation_id, counts in done.items():
        print(
            f"Consultation {consultation_id}: {counts.closed} closed answers, "
            f"{counts.mentions} theme mentions."
        )
    return 0
