"""The demo's "you said, we did": what Demo Council's corporate parents will do (or did)
about what children said, per demo consultation, with a mix of statuses, progress notes,
a draft that is not public, and translations for the public results page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, func, select

from voices.models import Consultation, FindingAction


@dataclass(frozen=True)
class DemoAction:
    theme: str | None  # "framework:theme", or None for the consultation as a whole
    heard: str
    action: str
    owner: str
    due_days: int  # due this many days from today (negative: already past)
    status: str = "planned"
    progress: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    public: bool = True


SAME_WORKER = DemoAction(
    "promise:people",
    "Your social worker changes too often, and nobody tells you why.",
    "Keep the same social worker with you for at least a year wherever we can, and tell you "
    "before any change, and why.",
    "Head of Children's Social Care",
    90,
    "in_progress",
    "We have taken on six more social workers, so each one has fewer children to look after.",
    {
        "cy": {
            "heard": "Mae dy weithiwr cymdeithasol yn newid yn rhy aml, a does neb yn dweud "
            "pam wrthot ti.",
            "action": "Cadw'r un gweithiwr cymdeithasol gyda ti am o leiaf blwyddyn lle "
            "bynnag y gallwn ni, a dweud wrthot ti cyn unrhyw newid, a pham.",
            "progress": "Rydyn ni wedi cyflogi chwech o weithwyr cymdeithasol newydd.",
        },
        "pl": {
            "heard": "Twój pracownik socjalny zmienia się za często i nikt nie mówi ci dlaczego.",
            "action": "Tam, gdzie się da, zostawić ci tego samego pracownika socjalnego na co "
            "najmniej rok i przed każdą zmianą powiedzieć ci, dlaczego ją robimy.",
            "progress": "Zatrudniliśmy sześciu nowych pracowników socjalnych.",
        },
        "ar": {
            "heard": "يتغيّر الأخصائي الاجتماعي الخاص بك كثيرًا، ولا أحد يخبرك بالسبب.",
            "action": "إبقاء الأخصائي الاجتماعي نفسه معك لمدة سنة على الأقل كلما استطعنا، "
            "وإخبارك قبل أي تغيير وبسببه.",
            "progress": "وظّفنا ستة أخصائيين اجتماعيين جدد.",
        },
    },
)

ACTIONS: dict[str, tuple[DemoAction, ...]] = {
    "MYCARE": (
        SAME_WORKER,
        DemoAction(
            "promise:family",
            "You want to see your brothers and sisters more, and not only in a contact centre.",
            "Make time with brothers and sisters part of every care plan, and find friendlier "
            "places to meet, like parks and cafes.",
            "Family Time team",
            120,
            translations={
                "cy": {
                    "heard": "Rwyt ti eisiau gweld dy frodyr a dy chwiorydd yn amlach.",
                    "action": "Rhoi amser gyda brodyr a chwiorydd ym mhob cynllun gofal, a dod o "
                    "hyd i lefydd cyfeillgar i gwrdd.",
                }
            },
        ),
        DemoAction(
            "shanarri:included",
            "Sleepovers and school trips need too many checks, so you miss out.",
            "Your carers can now say yes to sleepovers and school trips themselves.",
            "Fostering service",
            -30,
            "done",
            "Every foster carer got a letter about this in the autumn.",
        ),
        DemoAction(
            "shanarri:healthy",
            "Waiting for help with your feelings takes too long.",
            "Agree a quicker way in to mental health support for children in care.",
            "Health partnership board",
            150,
            "in_progress",
            "We met the health service in November and they said yes to a trial.",
        ),
        DemoAction(
            "promise:care",
            "You would like wifi in your bedroom.",
            "Put wifi in every bedroom. We are not doing this, because you and your carers agree "
            "screen time at night together; every home now has wifi in its shared rooms.",
            "Fostering service",
            30,
            "not_doing",
        ),
        DemoAction(
            None,
            "Adults use words you do not understand.",
            "Write a plain-words guide with the Children in Care Council.",
            "Participation team",
            60,
            public=False,
        ),
    ),
    "MYCAR3": (
        DemoAction(
            "promise:voice",
            "You did not know who to ask when you wanted a say.",
            "Every child in care now gets a card with their advocate's number.",
            "Children's Rights Service",
            -200,
            "done",
            "Cards went out to every child in care in the spring.",
        ),
        DemoAction(
            "shanarri:achieving",
            "You want more help with homework.",
            "Free tutoring for every child in care who wants it.",
            "Virtual School",
            -150,
            "done",
        ),
    ),
    "PREP47": (
        DemoAction(
            "promise:voice",
            "You want to meet your reviewing officer before your review.",
            "Your Independent Reviewing Officer will visit or call you before every review.",
            "IRO service",
            45,
            "in_progress",
            "Half of reviews this month had a visit first.",
        ),
        DemoAction(
            "shanarri:respected",
            "Your reviews have too many people in them.",
            "You now choose who comes to your review, and it can be shorter.",
            "IRO service",
            -20,
            "done",
        ),
        DemoAction(
            "promise:voice",
            "You want an advocate there.",
            "Offer you an advocate before every review, not only when you ask.",
            "Children's Rights Service",
            100,
        ),
    ),
    "TEAM46": (
        DemoAction(
            "shanarri:active",
            "You want more to do in the holidays.",
            "A summer programme of trips and sport for young people in care.",
            "Participation team",
            -60,
            "done",
            "Sixty young people came to at least one trip.",
        ),
        DemoAction(
            "promise:people",
            "Nobody answers the phone.",
            "Answer calls from young people within one working day.",
            "Children's Social Care",
            30,
            "in_progress",
            "There is now a duty worker for young people's calls every afternoon.",
        ),
        DemoAction(
            "shanarri:responsible",
            "Bus fares are too much.",
            "Ask the council's transport team for free bus passes for care leavers.",
            "Leaving Care team",
            90,
        ),
    ),
    "CARER9": (
        DemoAction(
            "promise:scaffolding",
            "Your supervising social worker does not always call back.",
            "Supervising social workers will return carers' calls within one working day.",
            "Fostering service",
            30,
            "in_progress",
            "Calls are now logged so we can check.",
        ),
        DemoAction(
            "promise:scaffolding",
            "You do not get enough information when a child arrives.",
            "Give carers a one-page profile of the child before they move in.",
            "Placements team",
            75,
        ),
        DemoAction(
            "promise:people",
            "Kinship carers feel forgotten.",
            "A monthly support group for kinship carers, in the evening.",
            "Kinship support team",
            -40,
            "done",
        ),
    ),
}


def add_actions(db: Session, consultation: Consultation, created_by_id: int | None) -> int:
    """The consultation's demo actions, when it has none yet. Does not commit."""
    planned = ACTIONS.get(consultation.join_code, ())
    have = db.exec(
        select(func.count()).where(FindingAction.consultation_id == consultation.id)
    ).one()
    if have or not planned:
        return 0
    today = date.today()
    for item in planned:
        framework, _, theme = (item.theme or "").partition(":")
        fields: dict[str, Any] = {
            "framework": framework or None,
            "theme": theme or None,
            "due_on": today + timedelta(days=item.due_days),
        }
        db.add(
            FindingAction(
                organisation_id=consultation.organisation_id,
                consultation_id=consultation.id,
                heard=item.heard,
                action=item.action,
                owner=item.owner,
                status=item.status,
                progress=item.progress,
                translations=item.translations,
                public=item.public,
                created_by_id=created_by_id,
                **fields,
            )
        )
    return len(planned)
