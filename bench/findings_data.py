"""A national-scale findings data set, loaded fast: 100,000 respondents to three yearly rounds
of my-life-in-care (linked by previous_round_id), about 1.5 million answers, their codings,
some reviews and approved quotes, and the fact tables findings count in SQL.

    .venv/bin/python bench/findings_data.py [--db sqlite|postgresql|both] [--respondents 100000]
        [--sqlite-file PATH] [--seed 17]

The database is migrated with the app's migrations (voices.db.upgrade) first; one
organisation, its viewer, worker and two reviewers, and the three rounds are made through
the ORM. Then the rows bench/findings_rows.py makes are written straight into the tables
with explicit ids, CHUNK respondents at a time (SQLite: executemany on one connection, a
transaction a chunk, durability off while loading; PostgreSQL: COPY, then VACUUM ANALYZE).
PostgreSQL gets its own database, `voices_findings_bench` (dropped and made anew; never
`test`, never the other benches' `voices_bench`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from bench.findings_rows import (  # noqa: E402
    COLUMNS,
    FRAMEWORKS,
    LOCALES,
    ROUNDS,
    SURVEY,
    TABLES,
    VERSIONS,
    Coded,
    Generator,
    Rows,
    text_pool,
)
from voices import db  # noqa: E402
from voices.models import Consultation, Organisation  # noqa: E402
from voices.staff import store  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "voices_findings_bench"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_NAME}"
ORG = "national-bench"
VIEWER, WORKER, PASSWORD = "viewer@national.example", "worker@national.example", "bench tram 42"
REVIEWERS = ["reviewer1@national.example", "reviewer2@national.example"]
CHUNK = 2000  # respondents per transaction / COPY batch


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Setup:
    url: str
    org_id: int
    org_slug: str
    consultations: tuple[int, ...]  # oldest round first
    viewer: str
    worker: str
    reviewer_ids: tuple[int, ...]


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    seconds: float = 0.0


# --- organisation, people, consultations --------------------------------------------------


def prepare(url: str) -> Setup:
    """Migrate; one organisation, its viewer, worker and reviewers, three linked rounds."""
    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            org = Organisation(slug=ORG, name="National Bench Council")
            session.add(org)
            session.flush()
            store.add_member(session, org, "viewer", VIEWER, password=PASSWORD)
            store.add_member(session, org, "worker", WORKER, password=PASSWORD)
            reviewers = [
                store.add_member(session, org, "worker", e, password=PASSWORD)[0] for e in REVIEWERS
            ]
            ids: list[int] = []
            for year, name in ROUNDS:
                consultation = Consultation(
                    organisation_id=org.id,
                    title=f"My life in care {year} ({name} round)",
                    survey_id=SURVEY,
                    join_code=f"NAT{year}",
                    versions=[v for v, _ in VERSIONS],
                    locales=[loc for loc, _ in LOCALES],
                    frameworks=FRAMEWORKS,
                    previous_round_id=ids[-1] if ids else None,
                    opens_at=datetime(year, 1, 10, tzinfo=UTC),
                    closes_at=datetime(year, 3, 10, tzinfo=UTC),
                )
                session.add(consultation)
                session.flush()
                ids.append(consultation.id)
            session.commit()
            return Setup(
                url, org.id, org.slug, tuple(ids), VIEWER, WORKER, tuple(r.id for r in reviewers)
            )
    finally:
        engine.dispose()


def existing(url: str) -> tuple[Setup, dict[str, Any]] | None:
    """The Setup and row counts of a data set an earlier run loaded at url, or None. The
    database is migrated to head first, so a migration's new index counts in the figures."""
    from sqlalchemy import text

    try:
        db.upgrade(url)
    except Exception:  # no such database, or not ours
        return None
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            org = conn.execute(
                text("SELECT id FROM organisation WHERE slug = :s"), {"s": ORG}
            ).scalar_one_or_none()
            if org is None:
                return None
            ids = (
                conn.execute(
                    text("SELECT id FROM consultation WHERE organisation_id = :o ORDER BY id"),
                    {"o": org},
                )
                .scalars()
                .all()
            )
            rows = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}
    except Exception:  # no such database, or not migrated
        return None
    finally:
        engine.dispose()
    setup = Setup(url, org, ORG, tuple(ids), VIEWER, WORKER, ())
    return setup, {"rows": rows, "seconds": None}


# --- rows ----------------------------------------------------------------------------------


# --- writing -------------------------------------------------------------------------------


def sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


class SQLiteWriter:
    """executemany on one raw connection, one transaction a chunk; durability off while
    loading (a bench file, rebuilt on a crash), back to the app's settings after."""

    def __init__(self, url: str) -> None:
        import sqlite3

        self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA cache_size=-200000")

    def write(self, rows: Rows) -> None:
        self.conn.execute("BEGIN")
        for table, batch in rows.items():
            if batch:
                names = COLUMNS[table]
                sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                self.conn.executemany(sql, ([sqlite_value(v) for v in row] for row in batch))
        self.conn.execute("COMMIT")

    def finish(self) -> None:
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()


class PostgresWriter:
    """COPY per table per chunk; the id sequences moved past the rows after; VACUUM ANALYZE,
    as autovacuum soon would on a live server (statistics, and the visibility map that lets
    an index-only scan skip the table)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url.replace("+psycopg", ""))

    def write(self, rows: Rows) -> None:
        with self.conn.cursor() as cur:
            for table, batch in rows.items():
                if batch:
                    with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
        self.conn.commit()

    def finish(self) -> None:
        with self.conn.cursor() as cur:
            for table in TABLES:
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
        self.conn.commit()
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def postgres_database() -> str:
    """A fresh `voices_findings_bench` database; raises when the server is not there."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return PG_URL


def sqlite_url(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    return f"sqlite:///{path}"


def chunks(respondents: int) -> Iterator[tuple[int, int, int]]:
    """(round index, first respondent number, count): the respondents split over the rounds
    a little unevenly (more children answer each year), CHUNK at a time."""
    shares = (0.30, 0.33, 0.37)
    per_round = [int(respondents * s) for s in shares]
    per_round[-1] = respondents - sum(per_round[:-1])
    for index, total in enumerate(per_round):
        for first in range(0, total, CHUNK):
            yield index, first, min(CHUNK, total - first)


def load(
    url: str, respondents: int, seed: int = 17, pool: tuple[Coded, ...] | None = None
) -> tuple[Setup, Counts]:
    """Migrate the database at url and fill it; returns what was made and how long it took."""
    began = time.perf_counter()
    setup = prepare(url)
    generator = Generator(
        setup.consultations, setup.org_id, setup.reviewer_ids, pool or text_pool(), seed
    )
    writer = SQLiteWriter(url) if url.startswith("sqlite") else PostgresWriter(url)
    counts = Counts()
    try:
        for round_index, first, count in chunks(respondents):
            rows = generator.chunk(round_index, first, count)
            writer.write(rows)
            for table, batch in rows.items():
                counts.rows[table] += len(batch)
    finally:
        writer.finish()
    counts.seconds = time.perf_counter() - began
    return setup, counts


def main() -> int:
    parser = argparse.ArgumentParser(description="Load a national-scale findings data set")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--sqlite-file", type=Path, default=Path("findings-bench.db"))
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    pool = text_pool()
    targets = []
    if args.db in ("sqlite", "both"):
        targets.append(("sqlite", sqlite_url(args.sqlite_file)))
    if args.db in ("postgresql", "both"):
        targets.append(("postgresql", postgres_database()))
    for name, url in targets:
        _setup, counts = load(url, args.respondents, args.seed, pool)
        rate = counts.rows["answer"] / counts.seconds
        log(f"{name}: {counts.rows} in {counts.seconds:.1f} s ({rate:,.0f} answers/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
