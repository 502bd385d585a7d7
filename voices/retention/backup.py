"""Backing up and restoring the database: the whole of it, children's words included.

SQLite: Python's sqlite3 online backup API (`Connection.backup`), which copies a consistent
snapshot while the server keeps writing. PostgreSQL: `pg_dump -Fc` and `pg_restore --clean
--if-exists --no-owner` (the client tools must be installed and no older than the server).

A backup file is created with mode 0600 before anything is written into it, so no other user
of the machine can ever read it. Restore refuses to overwrite a database that holds data
unless asked to (`force`), because that data would be lost.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # runs pg_dump/pg_restore, never a shell
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy import table as table_
from sqlalchemy.engine import URL, Engine

MODE = 0o600
SKIP = {"alembic_version"}  # a migrated but empty database holds no data


class BackupError(Exception):
    """What went wrong, in words for the operator (never the database's contents)."""


def backup(engine: Engine, file: str | os.PathLike[str]) -> None:
    """Write a backup of the engine's database to file (replaced if it exists)."""
    target = Path(file)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)
    except OSError as exc:
        raise BackupError(f"cannot write {partial}: {exc.strerror}") from exc
    try:
        if engine.dialect.name == "sqlite":
            os.close(fd)
            _sqlite_backup(_sqlite_path(engine.url), partial)
        else:
            with os.fdopen(fd, "wb") as out:
                _run(["pg_dump", "-Fc", "--no-owner", "-d", _libpq_url(engine.url)], engine, out)
        os.chmod(partial, MODE)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def restore(engine: Engine, file: str | os.PathLike[str], *, force: bool = False) -> None:
    """Replace the engine's database with the backup in file."""
    source = Path(file)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    sqlite = engine.dialect.name == "sqlite"
    missing = sqlite and not Path(_sqlite_path(engine.url)).exists()
    held = {} if missing else rows_held(engine)
    if held and not force:
        raise BackupError(
            f"the database {engine.url.render_as_string(hide_password=True)} already holds "
            f"data ({_summary(held)}); restoring {source} would replace all of it. "
            "Run again with --force to overwrite it."
        )
    engine.dispose()  # no pooled connection may keep the old database open
    if sqlite:
        if missing:  # a new database file: as private as the backup it comes from
            os.close(os.open(_sqlite_path(engine.url), os.O_WRONLY | os.O_CREAT, MODE))
        _sqlite_restore(source, _sqlite_path(engine.url))
    else:
        _run(
            ["pg_restore", "-l", str(source)],
            engine,
            subprocess.DEVNULL,
            f"{source} is not a pg_dump backup",
        )
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*command, "-d", _libpq_url(engine.url), str(source)], engine, subprocess.DEVNULL)
    engine.dispose()


def rows_held(engine: Engine) -> dict[str, int]:
    """Tables that hold rows (other than the migration marker), with their row counts."""
    found = {}
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            if name in SKIP:
                continue
            count = conn.execute(select(func.count()).select_from(table_(name))).scalar_one()
            if count:
                found[name] = count
    return found


def _summary(held: dict[str, int]) -> str:
    first = ("organisation", "response", "answer", "user")
    shown = [t for t in first if t in held] or sorted(held)[:3]
    words = [f"{held[t]} {t} row{'' if held[t] == 1 else 's'}" for t in shown]
    return ", ".join(words) + (
        f", and {len(held) - len(shown)} more tables" if len(held) > len(shown) else ""
    )


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return url.database


def _sqlite_backup(database: str, target: Path) -> None:
    if not Path(database).exists():
        raise BackupError(f"{database}: no such database file")
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # One self-contained file: no -wal or -shm beside the backup.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _sqlite_restore(source: Path, database: str) -> None:
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            names = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup") from exc
        if "alembic_version" not in names:
            raise BackupError(f"{source} is a SQLite file but not a Voices backup")
        target = sqlite3.connect(database)
        try:
            backup_db.backup(target)
            target.execute("PRAGMA journal_mode=WAL")  # as voices.db sets it
        finally:
            target.close()
    finally:
        backup_db.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _libpq_url(url: URL) -> str:
    """The URL pg_dump understands; the password goes in the environment, not argv."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], engine: Engine, out, problem: str = "") -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools "
            "(e.g. apt install postgresql-client-15), no older than the server"
        )
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = str(engine.url.password)
    # A fixed program and arguments from the settings' URL, no shell: nothing to inject.
    done = subprocess.run(  # nosec B603  # see above
        command, stdout=out, stderr=subprocess.PIPE, env=env, check=False
    )
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        reason = problem or (detail[-1] if detail else f"exit status {done.returncode}")
        raise BackupError(f"{command[0]} failed: {reason}")
