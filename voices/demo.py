"""Demo data: one organisation, one open consultation per starter survey and one live session
for each, with fixed codes; sample responses, reviewed codes, quotes and "you said, we did"
actions for the findings pages (voices/demo_findings.py), and last year's round of "My life
in care" so findings can show the change since then.

Running it twice changes nothing: rows are found by their fixed slug and join codes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from voices import demo_findings
from voices.definitions import Survey, SurveyCatalog
from voices.demo_answers import FRAMEWORKS, add_sample_answers
from voices.models import ROLES, Consultation, LiveSession, Organisation, utcnow
from voices.staff import store

DEMO_SLUG = "demo-council"
DEMO_CONSULTATIONS = (
    # (survey id, join code, anonymous, who is asking)
    ("my-life-in-care", "MYCARE", True, "Demo Council's Children in Care Council"),
    ("before-my-review", "PREP47", False, "Your Independent Reviewing Officer"),
    ("group-session", "TEAM46", True, "The participation team"),
    ("carers-voice", "CARER9", True, "Demo Council's fostering service"),
)
# The consultation given a few submitted answers to review (voices/demo_answers.py).
SAMPLE_SURVEY = "my-life-in-care"
# One live session per demo consultation, with fixed codes too: consultation code -> (session
# code, pace). The group-session survey's demo session is presenter-paced, to show it off.
DEMO_SESSIONS = {
    "MYCARE": ("MYCAR4", "self"),
    "PREP47": ("PREP73", "self"),
    "TEAM46": ("TEAM73", "presenter"),
    "CARER9": ("CARE37", "self"),
}
# The demo consultations opened this many days ago: their sample responses span six weeks.
OPEN_DAYS = 43
# One account per role, with fixed passwords: for trying the staff pages, never for real use.
DEMO_STAFF = tuple(
    (f"{role}@demo-council.example", f"demo {role} voices 2026", role) for role in ROLES
)


def create_demo(engine: Engine, base_url: str, catalog: SurveyCatalog) -> dict[str, Any]:
    with Session(engine, expire_on_commit=False) as session:
        organisation = _demo_organisation(session)
        staff = _demo_staff(session, organisation)
        reviewer = store.user_by_email(session, DEMO_STAFF[ROLES.index("worker")][0])
        reviewer_id = reviewer.id if reviewer else None
        made = []
        for survey_id, code, anonymous, who in DEMO_CONSULTATIONS:
            survey = catalog.get(survey_id)
            if survey is None:
                continue
            consultation = _demo_consultation(session, organisation, survey, code, anonymous, who)
            if survey_id == SAMPLE_SURVEY:
                add_sample_answers(session, consultation)
                _previous_round(session, consultation, survey, reviewer_id)
            live = _demo_session(session, consultation)
            demo_findings.fill(session, consultation, survey, reviewer_id, live.id)
            staff_base = f"{base_url}/staff/o/{DEMO_SLUG}/consultations/{consultation.id}"
            made.append(
                {
                    "title": consultation.title,
                    "survey": survey_id,
                    "join_code": code,
                    "url": f"{base_url}/c/{code}",
                    "review_url": f"{staff_base}/review",
                    "session_url": f"{staff_base}/sessions/{live.id}",
                    "findings_url": f"{staff_base}/findings",
                    "results_url": f"{base_url}/results/{code}",
                }
            )
        session.commit()
        return {
            "organisation": organisation.name,
            "consultations": made,
            "staff_url": f"{base_url}/staff",
            "staff": staff,
        }


def _demo_organisation(session: Session) -> Organisation:
    organisation = session.exec(select(Organisation).where(Organisation.slug == DEMO_SLUG)).first()
    if organisation is None:
        organisation = Organisation(
            slug=DEMO_SLUG,
            name="Demo Council",
            help_contact="Children's Rights Service, 0300 123 4567 (Monday to Friday, 9am to 5pm)",
        )
        session.add(organisation)
        session.flush()
    return organisation


def _demo_consultation(
    session: Session,
    organisation: Organisation,
    survey: Survey,
    code: str,
    anonymous: bool,
    who: str,
) -> Consultation:
    """The demo consultation with this fixed code, found or made once."""
    consultation = session.exec(select(Consultation).where(Consultation.join_code == code)).first()
    if consultation is None:
        consultation = Consultation(
            organisation_id=organisation.id,
            title=survey.title["en"],
            survey_id=survey.id,
            join_code=code,
            anonymous=anonymous,
            who_is_asking=who,
            # Opened before the oldest sample response (voices/demo_findings.py).
            opens_at=utcnow() - timedelta(days=OPEN_DAYS),
            closes_at=None,
            frameworks=list(FRAMEWORKS),
        )
        session.add(consultation)
        session.flush()
    return consultation


def _previous_round(
    session: Session, consultation: Consultation, survey: Survey, reviewer_id: int | None
) -> Consultation:
    """Last year's round of the survey, closed, with its own sample responses; the demo
    consultation's previous_round_id points to it (as "duplicate for the next round" does)."""
    code, opened, closed = demo_findings.PREVIOUS_ROUND
    earlier = session.exec(select(Consultation).where(Consultation.join_code == code)).first()
    if earlier is None:
        now = utcnow()
        earlier = Consultation(
            organisation_id=consultation.organisation_id,
            title=f"{survey.title['en']} (last year)",
            survey_id=survey.id,
            join_code=code,
            anonymous=consultation.anonymous,
            who_is_asking=consultation.who_is_asking,
            opens_at=now - timedelta(days=opened),
            closes_at=now - timedelta(days=closed),
            frameworks=list(consultation.frameworks),
        )
        session.add(earlier)
        session.flush()
    if consultation.previous_round_id != earlier.id:
        consultation.previous_round_id = earlier.id
        session.add(consultation)
    demo_findings.fill(session, earlier, survey, reviewer_id)
    return earlier


def _demo_session(session: Session, consultation: Consultation) -> LiveSession:
    """The consultation's demo live session, found by its fixed code or made once."""
    code, pace = DEMO_SESSIONS[consultation.join_code]
    live = session.exec(select(LiveSession).where(LiveSession.join_code == code)).first()
    if live is None:
        live = LiveSession(
            organisation_id=consultation.organisation_id,
            consultation_id=consultation.id,
            join_code=code,
            pace=pace,
        )
        session.add(live)
        session.flush()
    return live


def _demo_staff(session: Session, organisation: Organisation) -> list[dict[str, str]]:
    made = []
    for email, password, role in DEMO_STAFF:
        # The fixed password is set only when the account is new: running again changes nothing.
        new = store.user_by_email(session, email) is None
        store.add_member(session, organisation, role, email, password=password if new else None)
        session.flush()
        made.append({"email": email, "password": password, "role": role})
    return made
