"""A consultation's `.qdpx` project from the database.

What goes in: the free text of every answer of a submitted response that the review screen
shows (never one an open safeguarding alert holds: checked again as the text is read) and
every group note; each item's AGREED codes (voices/staff/review/store.py `agreed_themes`),
never the engine's unreviewed suggestions. Sources are named by pseudonymous respondent id
and question id; no respondent name, reference or database id is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from voices.alerts.holds import held_answer_ids
from voices.coding.codebook import Framework
from voices.definitions import Survey
from voices.findings.refi import project as qdpx
from voices.findings.refi.ids import SecretGuids, respondent_name
from voices.models import Answer, Consultation, GroupNote, Response, User
from voices.review import coding, queue
from voices.review.queue import Item, ItemKey
from voices.staff.review import store

BATCH = 500


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _question_words(survey: Survey | None, question_id: str, version: str) -> str:
    question = survey.question(question_id) if survey is not None else None
    if question is None:
        return ""
    words = question.text_for(version)
    return words.get("en") or next(iter(words.values()), "")


class _Builder:
    def __init__(
        self, db: Session, consultation: Consultation, survey: Survey | None, secret: str
    ) -> None:
        if consultation.id is None:
            raise ValueError("a consultation not yet saved has nothing to export")
        self.cid: int = consultation.id
        self.db, self.consultation, self.survey, self.secret = db, consultation, survey, secret
        self.guid = SecretGuids(secret, consultation.id)
        self.items: list[Item] = store.load_items(db, consultation.id)
        self.agreed: dict[ItemKey, dict[str, list[str]]] = store.agreed_themes(db, consultation.id)
        self.answer_ids = [i for kind, i in (it.key for it in self.items) if kind == "answer"]
        self.note_ids = [i for kind, i in (it.key for it in self.items) if kind == "note"]
        self.reviewers = self._reviewers()

    def _reviewers(self) -> dict[int, qdpx.User]:
        ids = sorted(
            {r.reviewer_id for it in self.items if (r := queue.agreed(it.reviews)) is not None}
        )
        users = {u.id: u for u in self.db.exec(select(User).where(col(User.id).in_(ids))).all()}
        found = {}
        for n, user_id in enumerate(ids, start=1):
            user = users.get(user_id)
            name = (user.display_name if user is not None else "") or f"Reviewer {n}"
            found[user_id] = qdpx.User(self.guid("user", user_id), name)
        return found

    def _coded(self, item: Item) -> qdpx.Coded | None:
        themes = self.agreed.get(item.key)
        review = queue.agreed(item.reviews)
        if themes is None or review is None:
            return None
        kind, ident = item.key
        user = self.reviewers[review.reviewer_id]
        return qdpx.Coded(
            self.guid(f"{kind}-selection", ident), themes, user.guid, review.created_at
        )

    def respondents(self) -> dict[int, tuple[int, dict[str, str]]]:
        """answer id -> (response id, the response's variables), for the exported answers."""
        found: dict[int, tuple[int, dict[str, str]]] = {}
        for chunk in _chunks(self.answer_ids):
            rows = self.db.exec(
                select(Answer.id, Response.id, Response.version, Response.locale)
                .join(Response, col(Response.id) == Answer.response_id)
                .where(col(Answer.id).in_(chunk))
            ).all()
            for answer_id, response_id, version, locale in rows:
                values = {"Survey version": version, "Language": locale}
                found[answer_id] = (response_id, values)
        return found

    def cases(self, respondents: Mapping[int, tuple[int, dict[str, str]]]) -> list[qdpx.Case]:
        held = held_answer_ids(self.db, self.cid)
        sources: dict[int, list[str]] = {}
        values: dict[int, dict[str, str]] = {}
        for answer_id in self.answer_ids:
            if answer_id in held or answer_id not in respondents:
                continue
            response_id, values[response_id] = respondents[answer_id]
            sources.setdefault(response_id, []).append(self.guid("answer", answer_id))
        return [
            qdpx.Case(
                self.guid("case", rid),
                respondent_name(self.secret, self.cid, rid),
                tuple(guids),
                values[rid],
            )
            for rid, guids in sources.items()
        ]

    def answers(self) -> Iterator[qdpx.TextItem]:
        by_key = {it.key: it for it in self.items}
        for chunk in _chunks(self.answer_ids):
            held = held_answer_ids(self.db, self.cid)
            rows = self.db.exec(
                select(Answer, Response)
                .join(Response, col(Response.id) == Answer.response_id)
                .where(col(Answer.id).in_(chunk))
                .where(Response.consultation_id == self.cid)
                .where(Response.status == "submitted")
                .order_by(col(Response.submitted_at), col(Answer.id))
            ).all()
            for answer, response in rows:
                text = coding.coded_text(answer.value)
                if answer.id in held or not text.strip():
                    continue
                who = respondent_name(self.secret, self.cid, response.id)
                yield qdpx.TextItem(
                    guid=self.guid("answer", answer.id),
                    name=f"{who} {answer.question_id}",
                    description=_question_words(self.survey, answer.question_id, response.version),
                    text=text,
                    created_at=response.submitted_at,
                    coded=self._coded(by_key[("answer", answer.id)]),
                )

    def notes(self) -> Iterator[qdpx.TextItem]:
        by_key = {it.key: it for it in self.items}
        number = 0
        for chunk in _chunks(self.note_ids):
            rows = self.db.exec(
                select(GroupNote)
                .where(col(GroupNote.id).in_(chunk))
                .where(GroupNote.consultation_id == self.cid)
                .order_by(col(GroupNote.id))
            ).all()
            for note in rows:
                if not note.text.strip():
                    continue
                number += 1
                yield qdpx.TextItem(
                    guid=self.guid("note", note.id or 0),
                    name=f"Group note {number}",
                    description=(
                        f"A group of {note.participants}, aged {note.age_min} to {note.age_max}"
                    ),
                    text=note.text,
                    created_at=note.created_at,
                    coded=self._coded(by_key[("note", note.id or 0)]),
                )


def build_project(
    db: Session,
    consultation: Consultation,
    survey: Survey | None,
    frameworks: Sequence[Framework],
    secret: str,
    exporter: User,
) -> qdpx.Project:
    """The project to hand to `project.write_qdpx` (items are read as it is written)."""
    builder = _Builder(db, consultation, survey, secret)
    now = datetime.now(UTC)
    creator = qdpx.User(builder.guid("user", exporter.id or 0), exporter.display_name or "Voices")
    users = [u for u in builder.reviewers.values() if u.guid != creator.guid]
    description = (
        f"Free-text answers and group notes of the consultation '{consultation.title}', "
        "with their reviewed codes, exported from Voices on "
        f"{now:%Y-%m-%d}. Answers held by a safeguarding alert are not included."
    )

    def items() -> Iterator[qdpx.TextItem]:
        yield from builder.answers()
        yield from builder.notes()

    return qdpx.Project(
        name=consultation.title,
        description=description,
        created_at=now,
        creator=creator,
        frameworks=frameworks,
        users=users,
        cases=builder.cases(builder.respondents()),
        items=items(),
    )


def consultation_frameworks(consultation: Consultation) -> list[Framework]:
    """The consultation's frameworks that exist (in the consultation's order)."""
    known = coding.frameworks()
    return [known[f] for f in consultation.frameworks if f in known]
