"""The rows a live-session benchmark needs, written straight into the database (the
benchmark measures a room of phones, not staff forms), and what it finds there afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, func, select

from voices import codes, db
from voices.models import Answer, Consultation, LiveSession, Organisation, Response, utcnow
from voices.staff import store

SURVEY, VERSION = "group-session", "all"
ORG = "bench-council"
WORKER, PASSWORD = "worker@bench-council.example", "bench violet tram ticket 42"


@dataclass(frozen=True)
class Setup:
    url: str
    org_slug: str
    consultation_id: int
    worker_id: int


def prepare(url: str) -> Setup:
    """Migrate; an organisation, its worker and a group-session consultation open now."""
    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            org = Organisation(slug=ORG, name="Bench Council")
            session.add(org)
            session.flush()
            worker, _ = store.add_member(session, org, "worker", WORKER, password=PASSWORD)
            consultation = Consultation(
                organisation_id=org.id,
                title="Children in Care Council, December",
                survey_id=SURVEY,
                join_code=codes.generate_join_code(),
                versions=[VERSION],
                locales=["en"],
                opens_at=utcnow() - timedelta(days=1),
            )
            session.add(consultation)
            session.commit()
            return Setup(url, org.slug, consultation.id, worker.id)
    finally:
        engine.dispose()


def new_live_session(setup: Setup) -> tuple[int, str]:
    """A self-paced live session with its own join code, as the worker's Start makes one."""
    engine = db.make_engine(setup.url)
    try:
        with Session(engine) as session:
            consultation = session.get(Consultation, setup.consultation_id)
            live = LiveSession(
                organisation_id=consultation.organisation_id,
                consultation_id=consultation.id,
                join_code=codes.generate_join_code(),
                started_by_id=setup.worker_id,
            )
            session.add(live)
            session.commit()
            return live.id, live.join_code
    finally:
        engine.dispose()


def stored(url: str, live_session_id: int) -> tuple[int, int]:
    """Answers and submitted responses the database holds for one live session."""
    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            answers = session.exec(
                select(func.count())
                .select_from(Answer)
                .join(Response, col(Response.id) == Answer.response_id)
                .where(Response.live_session_id == live_session_id)
            ).one()
            submitted = session.exec(
                select(func.count())
                .select_from(Response)
                .where(Response.live_session_id == live_session_id)
                .where(Response.status == "submitted")
            ).one()
            return int(answers), int(submitted)
    finally:
        engine.dispose()
