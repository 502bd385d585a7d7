"""A consultation where every field anyone can type holds hostile text (tests/security).

Written straight into the tables (like tests/findings/facts_helpers.py): what the pages and
exports do with stored text is the point here, not how it got in; the respondent journey
has its own tests over HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from tests.security import payloads as p
from tests.staff.conftest import make_organisation, make_staff
from tests.worlds import free_text
from voices.models import (
    Answer,
    Consultation,
    FindingAction,
    GroupNote,
    Organisation,
    QuoteApproval,
    SafeguardingAlert,
    ThemeMention,
    User,
    utcnow,
)

CODE = "HX4XQT"
PEOPLE = 26  # 13 said each theme: above the public page's threshold of 10, so quotes show
NAME = f"{p.SCRIPT}{p.IMG}"  # a display name (120 characters at most)


@dataclass
class HostileWorld:
    organisation: Organisation
    consultation: Consultation
    staff: User
    answers: dict[str, Answer] = field(default_factory=dict)  # payload key: its answer
    note: GroupNote | None = None
    alert: SafeguardingAlert | None = None
    action: FindingAction | None = None

    @property
    def base(self) -> str:
        return f"/staff/o/{self.organisation.slug}/consultations/{self.consultation.id}"


# Texts each field holds, by key; the pages are checked for every one.
ANSWERS = {f"answer-{n}": text for n, text in enumerate(p.ALL)} | {"mixed": p.mixed("ANSWER")}
QUOTES = {"mixed": p.mixed("QUOTE"), "answer-0": p.LONG_WORD, "answer-2": p.FORMULAS[0]}
NOTE = p.mixed("NOTE") + " " + p.LONG_WORD
TAKEN = p.mixed("TAKEN")
ALERTED = p.mixed("ALERTED")
ACTION = {
    "heard": p.mixed("HEARD"),
    "action": p.mixed("ACTION"),
    "progress": p.mixed("NEWS") + " " + p.LONG_WORD,
}
ACTION_CY = {k: v.replace(" ", " CY ", 1) for k, v in ACTION.items()}


def world_text(label: str) -> str:
    """The hostile words build() gave a staff field, by its label (ASKING, SEES, HELP)."""
    return p.mixed(label)


def build(session: Session) -> HostileWorld:
    org = make_organisation(session, "hostile-council", name=f"Council {p.SHORT}")
    org.help_contact = p.mixed("HELP") + " 0800 1111"
    staff = make_staff(session, org, "admin", name=NAME)
    for role in ("worker", "safeguarding"):
        make_staff(session, org, role, email=staff.email)
    consultation = Consultation(
        organisation_id=org.id,
        title=f"Title {p.SHORT}",
        survey_id="all-types",
        join_code=CODE,
        opens_at=utcnow().replace(year=2020),
        frameworks=["shanarri"],
        versions=["8-11", "12-17"],
        locales=["en", "cy"],
        anonymous=False,
        who_is_asking=p.mixed("ASKING"),
        who_sees=p.mixed("SEES"),
    )
    session.add_all([org, consultation])
    session.flush()
    world = HostileWorld(org, consultation, staff)
    keys = list(ANSWERS) + [f"quiet-{n}" for n in range(PEOPLE - len(ANSWERS))]
    for n, key in enumerate(keys):
        text, theme = (ANSWERS[key], "safe") if key in ANSWERS else ("I like school", "healthy")
        world.answers[key] = _respondent(session, world, n, text, theme)
    for key, text in QUOTES.items():
        session.add(
            QuoteApproval(
                organisation_id=org.id,
                consultation_id=consultation.id,
                answer_id=world.answers[key].id,
                redacted_text=text,
                approved_by_id=staff.id,
            )
        )
    world.note = _note(session, world)
    world.action = _action(session, world)
    # An alert holds its answer out of quotes and exports: it gets words of its own.
    held = _respondent(session, world, PEOPLE, ALERTED, "healthy")
    world.alert = _alert(session, world, held)
    session.commit()
    return world


def _respondent(session: Session, world: HostileWorld, n: int, text: str, theme: str) -> Answer:
    c = world.consultation
    answer = free_text(session, c, text, respondent_name=p.SHORT, reference=p.SHORT)
    session.add(
        ThemeMention(
            consultation_id=c.id,
            response_id=answer.response_id,
            answer_id=answer.id,
            question_id="anything-else",
            framework="shanarri",
            theme=theme,
            reviewed=True,
            sentiment="positive",
        )
    )
    return answer


def _note(session: Session, world: HostileWorld) -> GroupNote:
    note = GroupNote(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        text=NOTE,
        participants=8,
        age_min=11,
        age_max=15,
        created_by_id=world.staff.id,
    )
    session.add(note)
    session.flush()
    return note


def _action(session: Session, world: HostileWorld) -> FindingAction:
    action = FindingAction(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        framework="shanarri",
        theme="safe",
        owner=p.SHORT,
        translations={"cy": ACTION_CY},
        public=True,
        created_by_id=world.staff.id,
        **ACTION,
    )
    session.add(action)
    session.flush()
    return action


def _alert(session: Session, world: HostileWorld, answer: Answer) -> SafeguardingAlert:
    alert = SafeguardingAlert(
        organisation_id=world.organisation.id,
        consultation_id=world.consultation.id,
        response_id=answer.response_id,
        answer_id=answer.id,
        question_id=answer.question_id,
        tier="alert",
        status="acknowledged",
        acknowledged_at=utcnow(),
        acknowledged_by_id=world.staff.id,
        action_taken=TAKEN,
    )
    session.add(alert)
    session.flush()
    return alert
