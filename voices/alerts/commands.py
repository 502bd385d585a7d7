"""`voices mailer [--once]`: drain the email outbox from the command line."""

from __future__ import annotations

import argparse
import sys
import time


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "mailer", help="send queued emails (safeguarding alerts) over SMTP, with retries"
    )
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.set_defaults(handler=_mailer)


def _mailer(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from voices import db
    from voices.alerts import mailer
    from voices.settings import Settings

    settings = Settings.from_env()
    if not settings.smtp_host:
        print("VOICES_SMTP_HOST is not set: emails wait in the outbox.", file=sys.stderr)
        return 1
    engine = db.make_engine(settings.database_url)
    open_session = lambda: Session(engine, expire_on_commit=False)  # noqa: E731
    try:
        while True:
            result = mailer.drain(open_session, settings)
            if args.once:
                print(
                    f"Sent {result.sent}, to retry {result.failed}, escalated {result.escalated}."
                )
                return 0 if not result.failed else 2
            time.sleep(settings.mailer_interval_seconds)
    except KeyboardInterrupt:
        return 0
    finally:
        engine.dispose()
