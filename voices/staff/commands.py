"""`voices users add`: make the first admin (and any other member) from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys

from voices.models import ROLES


def register(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="manage staff accounts")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add", help="give a person a role in an organisation (creating the account if needed)"
    )
    add.add_argument("--org", required=True, help="the organisation's slug")
    add.add_argument("--role", required=True, help=f"one of: {', '.join(ROLES)}")
    add.add_argument("--email", required=True, help="the person's email address")
    add.add_argument("--name", default="", help="the person's name as shown to colleagues")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new account's password from standard input instead of prompting",
    )
    add.set_defaults(handler=_users_add)


def _fail(message: str) -> int:
    print(f"voices users add: {message}", file=sys.stderr)
    return 1


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password for the new account: ")
    if getpass.getpass("Same password again: ") != first:
        return None
    return first


def _users_add(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from voices import db
    from voices.settings import Settings
    from voices.staff import passwords, store

    if args.role not in ROLES:
        return _fail(f"unknown role {args.role!r}; choose one of: {', '.join(ROLES)}")
    email = store.normalise_email(args.email)
    if "@" not in email or len(email) > 254:
        return _fail(f"{args.email!r} is not an email address")
    engine = db.make_engine(Settings.from_env().database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            organisation = store.organisation_by_slug(session, args.org)
            if organisation is None:
                return _fail(f"no organisation with the slug {args.org!r}")
            password = None
            if store.user_by_email(session, email) is None:
                password = _read_password(args.password_stdin)
                if password is None:
                    return _fail("the two passwords did not match")
                problem = passwords.password_problem(password)
                if problem:
                    return _fail(problem)
            user, added = store.add_member(
                session, organisation, args.role, email, password=password, name=args.name
            )
            session.commit()
    finally:
        engine.dispose()
    state = "now" if added else "already"
    print(f"{user.email} is {state} {args.role} in {organisation.name}.")
    return 0
