"""`voices coding learn --org SLUG`, and `voices evaluate --org SLUG`: what reviewed codes changed.

Exit codes: 0 learned (or shown); 1 a framework could not be learned (too few reviewed items
or themes; the others asked for are still learned); 2 an unknown organisation or framework,
or an organisation none of whose consultations chose a framework. Prints numbers only,
never a child's words.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session

from voices.coding.crossval import format_measures

USAGE, REFUSED = 2, 1


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("coding", help="the theme coder an organisation's reviews teach")
    actions = group.add_subparsers(dest="coding_command", required=True, metavar="ACTION")
    learn = actions.add_parser(
        "learn",
        help="retrain the coder from an organisation's reviewed codes",
        description="Learns from the agreed review of every reviewed answer and group note "
        "(never answers held by an open safeguarding alert), prints suggestions accepted "
        "before and after (cross-validated), stores the model and re-codes unreviewed answers.",
    )
    learn.add_argument("--org", required=True, help="the organisation's slug")
    learn.add_argument(
        "--framework", help="one framework id (default: every framework its consultations chose)"
    )
    learn.add_argument("--json", action="store_true", help="print the measures as JSON")
    learn.set_defaults(handler=_learn)


@contextmanager
def _session() -> Iterator[Session]:
    from voices import db
    from voices.settings import Settings

    engine = db.make_engine(Settings.from_env().database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def _fail(command: str, message: str, code: int) -> int:
    print(f"voices {command}: {message}", file=sys.stderr)
    return code


def _with_frameworks(
    command: str, args: argparse.Namespace, act: Callable[[Session, int, list[str]], int]
) -> int:
    """Find the organisation and its frameworks, then act on them (or fail precisely)."""
    from voices.review import coding, learn
    from voices.staff import store

    with _session() as db:
        organisation = store.organisation_by_slug(db, args.org)
        if organisation is None:
            return _fail(command, f"no organisation with the slug {args.org!r}", USAGE)
        if args.framework and args.framework not in coding.frameworks():
            known = ", ".join(sorted(coding.frameworks()))
            return _fail(command, f"unknown framework {args.framework!r} (known: {known})", USAGE)
        ids = [args.framework] if args.framework else learn.frameworks_in_use(db, organisation.id)
        if not ids:
            message = f"no consultation of {args.org!r} chose a framework to code against"
            return _fail(command, message, USAGE)
        return act(db, organisation.id, ids)


def _learn(args: argparse.Namespace) -> int:
    from voices.review import learn

    def act(db: Session, organisation_id: int, framework_ids: list[str]) -> int:
        code, results = 0, {}
        for framework_id in framework_ids:
            try:
                learned = learn.learn(db, organisation_id, framework_id)
            except learn.CannotLearn as exc:
                db.rollback()
                print(f"voices coding learn: {exc}", file=sys.stderr)
                code = REFUSED
                continue
            figures = learned.model.measures
            results[framework_id] = {"model": learned.model.id, "recoded": learned.recoded}
            results[framework_id].update(figures)
            if not args.json:
                print(format_measures(figures, framework_id))
                print(_outcome(learned.model.id, figures, learned.recoded) + "\n")
        if args.json:
            print(json.dumps(results, indent=2))
        return code

    return _with_frameworks("coding learn", args, act)


def _outcome(model_id: int | None, figures: dict[str, Any], recoded: int) -> str:
    if not figures.get("in_use", True):
        return (
            f"Not used: learning made held-out suggestions worse (micro F1 "
            f"{figures['before']['f1']:.2f} -> {figures['after']['f1']:.2f}), so answers are "
            f"still coded as before. Stored as model {model_id} for the record."
        )
    return (
        f"Stored as model {model_id}; re-coded {recoded} unreviewed items "
        "(reviewed items keep what their reviewers saw)."
    )


def evaluate_org(args: argparse.Namespace) -> int:
    """`voices evaluate --org SLUG`: the latest learned model's before/after per framework."""
    from voices.review import learn

    def act(db: Session, organisation_id: int, framework_ids: list[str]) -> int:
        summaries = learn.learning_summary(db, organisation_id, framework_ids)
        found: dict[str, Any] = {}
        for s in summaries:
            found[s.framework_id] = _summary_json(s)
            if args.json:
                continue
            if s.model is None:
                print(
                    f"Framework {s.framework_id}: no model learned yet "
                    f"({s.reviewed} reviewed items; {s.needed} needed).\n"
                )
                continue
            when = s.model.created_at.strftime("%Y-%m-%d %H:%M")
            by = s.created_by or "the command line"
            print(f"Model {s.model.id}, learned {when} UTC by {by}:")
            print(format_measures(s.model.measures, s.framework_id))
            if s.rejected:
                print("Not used: it made held-out suggestions worse.")
            now = f"model {s.in_use.id}" if s.in_use else "the engine as shipped"
            print(f"Coding now with {now}.\n")
        if args.json:
            print(json.dumps(found, indent=2))
        return 0

    return _with_frameworks("evaluate", args, act)


def _summary_json(s: Any) -> dict[str, Any]:
    if s.model is None:
        return {"model": None, "reviewed": s.reviewed, "needed": s.needed}
    return {
        "model": s.model.id,
        "in_use": s.in_use.id if s.in_use else None,
        "created_at": s.model.created_at.isoformat(),
        "reviewed": s.reviewed,
        **s.model.measures,
    }
