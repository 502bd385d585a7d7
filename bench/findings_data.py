"""A national-scale findings data set, loaded fast: 100,000 respondents to three yearly rounds
of my-life-in-care (linked by previous_round_id), about 1.5 million answers, their codings,
some reviews and approved quotes, and the fact tables findings count in SQL.

    .venv/bin/python bench/findings_data.py [--db sqlite|postgresql|both] [--respondents 100000]
        [--sqlite-file PATH] [--seed 17]

The database is migrated with the app's migrations (voices.db.upgrade) first. Rows are
written straight into the tables with explicit ids (SQLite: executemany on one connection,
in transactions of a few thousand respondents; PostgreSQL: COPY), so nothing goes through
the ORM. PostgreSQL gets its own database, `voices_findings_bench` (dropped and made anew;
never `test`, never the other benches' `voices_bench`).

What it looks like:
- versions 5-7 / 8-11 / 12-17 at 15 / 35 / 50 %; locales mostly en, some cy, pl, ar;
- where-live (the breakdown) by version: own-place only from 8-11, mostly 12-17;
- each child has a wellbeing that moves their scales and yes/no answers (a children's home a
  little lower, each round a little better), so findings differ by group and over time;
- 6 % of responses still in progress (answers, no facts); 4 % of closed answers skipped;
- free text from the labelled answers in tests/data/coding (the safeguarding ones left out),
  coded once by the shipped coders, so suggestions and sentiment are the engine's own;
- a share of coded answers reviewed (more in older rounds), the agreed themes a little
  different from the suggestions; a few hundred approved quotes per round;
- ClosedAnswerFact and ThemeMention written from exactly these rows, by the rules of
  voices/models/findings.py (facts for submitted responses only; an item's theme rows come
  from its agreed review if it has one, else from the engine's suggestions).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from voices import db  # noqa: E402
from voices.definitions import load_catalog  # noqa: E402
from voices.models import Consultation, Organisation  # noqa: E402
from voices.review import coding  # noqa: E402
from voices.staff import store  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "voices_findings_bench"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_NAME}"
SURVEY = "my-life-in-care"
FRAMEWORKS = ["shanarri", "promise"]
ORG = "national-bench"
VIEWER, WORKER, PASSWORD = "viewer@national.example", "worker@national.example", "bench tram 42"
REVIEWERS = ["reviewer1@national.example", "reviewer2@national.example"]
ROUNDS = ((2024, "first"), (2025, "second"), (2026, "third"))
VERSIONS = (("5-7", 0.15), ("8-11", 0.35), ("12-17", 0.50))
LOCALES = (("en", 0.85), ("cy", 0.08), ("pl", 0.04), ("ar", 0.03))
PLACES = {  # where-live weights by version; "other" is "somewhere else"
    "5-7": (("foster", 60), ("family", 25), ("childrens-home", 5), ("parents", 8), ("other", 2)),
    "8-11": (
        ("foster", 58),
        ("family", 22),
        ("childrens-home", 10),
        ("parents", 6),
        ("own-place", 1),
        ("other", 3),
    ),
    "12-17": (
        ("foster", 48),
        ("family", 15),
        ("childrens-home", 16),
        ("parents", 4),
        ("own-place", 13),
        ("other", 4),
    ),
}
PLACE_MOOD = {"childrens-home": -0.5, "own-place": -0.2, "family": 0.2, "foster": 0.1}
IN_PROGRESS, SKIP = 0.06, 0.04
TEXT_ANSWERED = {"one-change": 0.75, "anything-else": 0.35}
REVIEWED = (0.40, 0.25, 0.08)  # share of coded answers with an agreed review, by round
QUOTES_PER_ROUND = 300
CHUNK = 2000  # respondents per transaction / COPY batch
TABLES = {
    "response": "id consultation_id start_key token_hash version locale status"
    " created_at updated_at submitted_at",
    "answer": "id response_id question_id value skipped updated_at",
    "answer_coding": "id consultation_id answer_id suggestions sentiment polarity"
    " engine_version coded_at",
    "code_review": "id consultation_id answer_id reviewer_id themes blind settlements"
    " created_at updated_at",
    "quote_approval": "id organisation_id consultation_id answer_id redacted_text"
    " approved_by_id approved_at",
    "closed_answer_fact": "id consultation_id response_id question_id option number",
    "theme_mention": "id consultation_id response_id answer_id question_id framework theme"
    " reviewed sentiment",
}
COLUMNS = {table: names.split() for table, names in TABLES.items()}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Coded:
    """One pool text as the engine coded it."""

    text: str
    value: str  # the answer's value JSON, as the app stores it
    suggestions: dict[str, list[dict[str, Any]]]
    suggestions_json: str
    sentiment: str
    polarity: float


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


# --- the pool of free text ---------------------------------------------------------------


def text_pool(limit: int = 400) -> list[Coded]:
    """Invented children's words from the labelled sets, coded once by the shipped coders."""
    texts: list[str] = []
    for line in (ROOT / "tests/data/coding/dev.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if not item.get("safeguarding") and item["text"] not in texts:
            texts.append(item["text"])
    coders = [(f, *coding.shipped_coder(f)) for f in FRAMEWORKS]
    pool = []
    for text in texts[:limit]:
        suggestions: dict[str, list[dict[str, Any]]] = {}
        sentiment, polarity = "neutral", 0.0
        for framework, coder, _version in coders:
            found = coder.code(text, "en")
            suggestions[framework] = coding.suggestions_json(found)
            sentiment, polarity = found.sentiment.label, float(found.sentiment.polarity)
        value = json.dumps({"text": text})
        pool.append(Coded(text, value, suggestions, json.dumps(suggestions), sentiment, polarity))
    return pool


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
    """The Setup and row counts of a data set an earlier run loaded at url, or None."""
    from sqlalchemy import text

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


@dataclass
class Ids:
    """The next id of each table (a fresh database: every table starts at 1)."""

    next: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 1))

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


@dataclass
class Generator:
    """Makes each respondent's rows, table by table, for one chunk at a time."""

    setup: Setup
    pool: list[Coded]
    seed: int
    ids: Ids = field(default_factory=Ids)
    quotes_left: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.survey = load_catalog().get(SURVEY)
        self.questions = {
            v: [q for q in self.survey.questions_for(v) if q.type_name != "info"]
            for v, _ in VERSIONS
        }
        self.quotes_left = dict.fromkeys(self.setup.consultations, QUOTES_PER_ROUND)

    def chunk(self, round_index: int, first: int, count: int) -> dict[str, list[tuple]]:
        rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        rng = random.Random(f"{self.seed}-{round_index}-{first}")
        for number in range(first, first + count):
            self.respondent(rows, rng, round_index, number)
        return rows

    def respondent(
        self, rows: dict[str, list[tuple]], rng: random.Random, round_index: int, number: int
    ) -> None:
        consultation = self.setup.consultations[round_index]
        year = ROUNDS[round_index][0]
        version, locale = pick(rng, VERSIONS), pick(rng, LOCALES)
        started = datetime(year, 1, 10) + timedelta(seconds=rng.uniform(0, 59 * 86400))
        submitted = rng.random() >= IN_PROGRESS
        done = started + timedelta(seconds=rng.uniform(120, 1500))
        rid = self.ids.take("response")
        key = f"{round_index}-{number:060d}"
        rows["response"].append(
            (rid, consultation, "s" + key, "t" + key, version, locale)
            + (
                ("submitted", started, done, done)
                if submitted
                else ("in_progress", started, done, None)
            )
        )
        questions = self.questions[version]
        if not submitted:
            questions = questions[: rng.randrange(1, len(questions))]
        place = pick(rng, PLACES[version])
        mood = rng.gauss(0.15 * round_index + PLACE_MOOD.get(place, 0.0), 0.9)
        for question in questions:
            self.answer(
                rows, rng, (consultation, rid, round_index, done, submitted), question, place, mood
            )

    def answer(self, rows, rng, where, question, place, mood) -> None:  # noqa: ANN001
        consultation, rid, round_index, at, submitted = where
        kind = question.type_name
        answered = rng.random() < TEXT_ANSWERED.get(question.id, 1 - SKIP)
        aid = self.ids.take("answer")
        if not answered:
            rows["answer"].append((aid, rid, question.id, None, True, at))
            return
        if kind == "text":
            coded = rng.choice(self.pool)
            rows["answer"].append((aid, rid, question.id, coded.value, False, at))
            if submitted:
                self.coded(rows, rng, (consultation, rid, round_index, at), aid, question.id, coded)
            return
        value, facts = closed_value(rng, question, place, mood)
        rows["answer"].append((aid, rid, question.id, json.dumps(value), False, at))
        if submitted:
            for option, point in facts:
                fid = self.ids.take("closed_answer_fact")
                rows["closed_answer_fact"].append(
                    (fid, consultation, rid, question.id, option, point)
                )

    def coded(self, rows, rng, where, aid: int, qid: str, coded: Coded) -> None:  # noqa: ANN001
        consultation, rid, round_index, at = where
        rows["answer_coding"].append(
            (
                self.ids.take("answer_coding"),
                consultation,
                aid,
                coded.suggestions_json,
                coded.sentiment,
                coded.polarity,
                coding.ENGINE_VERSION,
                at,
            )
        )
        themes = {f: [s["theme"] for s in coded.suggestions.get(f, [])] for f in FRAMEWORKS}
        reviewed = rng.random() < REVIEWED[round_index]
        if reviewed:
            themes = {f: agreed(rng, f, ids) for f, ids in themes.items()}
            reviewer = rng.choice(self.setup.reviewer_ids)
            later = at + timedelta(days=rng.uniform(1, 30))
            rows["code_review"].append(
                (
                    self.ids.take("code_review"),
                    consultation,
                    aid,
                    reviewer,
                    json.dumps(themes),
                    False,
                    "[]",
                    later,
                    later,
                )
            )
            if self.quotes_left[consultation] > 0 and rng.random() < 0.1:
                self.quotes_left[consultation] -= 1
                rows["quote_approval"].append(
                    (
                        self.ids.take("quote_approval"),
                        self.setup.org_id,
                        consultation,
                        aid,
                        coded.text,
                        reviewer,
                        later,
                    )
                )
        for framework, ids in themes.items():
            for theme in ids:
                rows["theme_mention"].append(
                    (
                        self.ids.take("theme_mention"),
                        consultation,
                        rid,
                        aid,
                        qid,
                        framework,
                        theme,
                        reviewed,
                        coded.sentiment,
                    )
                )


def closed_value(rng: random.Random, question, place: str, mood: float):  # noqa: ANN001, ANN201
    """The stored value of one closed answer and its fact rows [(option, number)]."""
    kind = question.type_name
    if kind == "choice":  # only where-live on this survey: the placement already drawn
        value: dict[str, Any] = {"option": place}
        if place == "other":
            value["other"] = "with my nan's friend"
        return value, [(place, None)]
    if kind == "choices":
        ids = [o.id for o in question.options] + (["other"] if question.other else [])
        chosen = sorted(rng.sample(ids, rng.choice((1, 1, 2, 2, 3))), key=ids.index)
        value = {"options": chosen}
        if "other" in chosen:
            value["other"] = "dancing"
        return value, [(o, None) for o in chosen]
    if kind == "scale":
        point = min(5, max(1, round(3.2 + mood + rng.gauss(0, 0.9))))
        return {"value": point}, [(str(point), point)]
    chance = 0.55 + 0.25 * mood  # yes_no: "yes" is the good answer on this survey...
    if question.id in ("bullied", "social-worker-changed"):
        chance = 0.45 - 0.2 * mood  # ...except these two
    roll = rng.random()
    said = "not_sure" if roll < 0.08 else ("yes" if rng.random() < chance else "no")
    return {"value": said}, [(said, None)]


def agreed(rng: random.Random, framework: str, suggested: list[str]) -> list[str]:
    """What a reviewer agreed: mostly the suggestions, sometimes one dropped or one added."""
    themes = list(suggested)
    if themes and rng.random() < 0.2:
        themes.remove(rng.choice(themes))
    if rng.random() < 0.15:
        extra = rng.choice([t.id for t in coding.frameworks()[framework].themes])
        if extra not in themes:
            themes.append(extra)
    return themes


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

    def write(self, rows: dict[str, list[tuple]]) -> None:
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
    """COPY per table per chunk; the id sequences moved past the rows after; ANALYZE, as
    autovacuum would soon do on a live server."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url.replace("+psycopg", ""))

    def write(self, rows: dict[str, list[tuple]]) -> None:
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
        self.conn.execute("ANALYZE")
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
    url: str, respondents: int, seed: int = 17, pool: list[Coded] | None = None
) -> tuple[Setup, Counts]:
    """Migrate the database at url and fill it; returns what was made and how long it took."""
    began = time.perf_counter()
    setup = prepare(url)
    generator = Generator(setup, pool or text_pool(), seed)
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
