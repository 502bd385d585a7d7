"""The rows of the national-scale findings data set (bench/findings_data.py writes them):
each respondent's response, answers, codings, reviews, quotes and facts, as plain tuples in
the tables' column order, with ids given here (a fresh database: every table from 1).

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
- ClosedAnswerFact and ThemeMention made from exactly these rows, by the rules of
  voices/models/findings.py (facts for submitted responses only; an item's theme rows come
  from its agreed review if it has one, else from the engine's suggestions).
"""

from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from voices.definitions import Question, load_catalog
from voices.review import coding

ROOT = Path(__file__).resolve().parent.parent
SURVEY = "my-life-in-care"
FRAMEWORKS = ["shanarri", "promise"]
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
Rows = dict[str, list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Coded:
    """One pool text as the engine coded it."""

    text: str
    value: str  # the answer's value JSON, as the app stores it
    suggestions: dict[str, list[dict[str, Any]]]
    suggestions_json: str
    sentiment: str
    polarity: float


@functools.lru_cache(maxsize=2)
def text_pool(limit: int = 400) -> tuple[Coded, ...]:
    """Invented children's words from the labelled sets, coded once by the shipped coders."""
    texts: list[str] = []
    for line in (ROOT / "tests/data/coding/dev.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if not item.get("safeguarding") and item["text"] not in texts:
            texts.append(item["text"])
    coders = [(f, coding.shipped_coder(f)[0]) for f in FRAMEWORKS]
    pool = []
    for text in texts[:limit]:
        suggestions: dict[str, list[dict[str, Any]]] = {}
        sentiment, polarity = "neutral", 0.0
        for framework, coder in coders:
            found = coder.code(text, "en")
            suggestions[framework] = coding.suggestions_json(found)
            sentiment, polarity = found.sentiment.label, float(found.sentiment.polarity)
        value = json.dumps({"text": text})
        pool.append(Coded(text, value, suggestions, json.dumps(suggestions), sentiment, polarity))
    return tuple(pool)


def pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


@dataclass(frozen=True)
class Where:
    """The respondent an answer belongs to."""

    consultation: int
    response: int
    round_index: int
    at: datetime
    submitted: bool


@dataclass
class Generator:
    """Makes each respondent's rows, table by table, one chunk of respondents at a time."""

    consultations: tuple[int, ...]  # oldest round first
    org_id: int
    reviewer_ids: tuple[int, ...]
    pool: tuple[Coded, ...]
    seed: int
    next_id: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 1))
    quotes_left: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        survey = load_catalog().get(SURVEY)
        self.questions = {
            v: [q for q in survey.questions_for(v) if q.type_name != "info"] for v, _ in VERSIONS
        }
        self.quotes_left = dict.fromkeys(self.consultations, QUOTES_PER_ROUND)

    def take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def chunk(self, round_index: int, first: int, count: int) -> Rows:
        rows: Rows = {t: [] for t in TABLES}
        rng = random.Random(f"{self.seed}-{round_index}-{first}")
        for number in range(first, first + count):
            self.respondent(rows, rng, round_index, number)
        return rows

    def respondent(self, rows: Rows, rng: random.Random, round_index: int, number: int) -> None:
        consultation = self.consultations[round_index]
        version, locale = pick(rng, VERSIONS), pick(rng, LOCALES)
        started = datetime(ROUNDS[round_index][0], 1, 10) + timedelta(
            seconds=rng.uniform(0, 59 * 86400)
        )
        submitted = rng.random() >= IN_PROGRESS
        done = started + timedelta(seconds=rng.uniform(120, 1500))
        where = Where(consultation, self.take("response"), round_index, done, submitted)
        key = f"{round_index}-{number:060d}"
        status = ("submitted", done) if submitted else ("in_progress", None)
        rows["response"].append(
            (where.response, consultation, "s" + key, "t" + key, version, locale, status[0])
            + (started, done, status[1])
        )
        questions = self.questions[version]
        if not submitted:
            questions = questions[: rng.randrange(1, len(questions))]
        place = pick(rng, PLACES[version])
        mood = rng.gauss(0.15 * round_index + PLACE_MOOD.get(place, 0.0), 0.9)
        for question in questions:
            self.answer(rows, rng, where, question, place, mood)

    def answer(
        self, rows: Rows, rng: random.Random, where: Where, question: Question, place: str,
        mood: float,
    ) -> None:  # fmt: skip
        answered = rng.random() < TEXT_ANSWERED.get(question.id, 1 - SKIP)
        aid = self.take("answer")
        if not answered:
            rows["answer"].append((aid, where.response, question.id, None, True, where.at))
            return
        if question.type_name == "text":
            coded = rng.choice(self.pool)
            rows["answer"].append((aid, where.response, question.id, coded.value, False, where.at))
            if where.submitted:
                self.coded(rows, rng, where, aid, question.id, coded)
            return
        value, facts = closed_value(rng, question, place, mood)
        rows["answer"].append(
            (aid, where.response, question.id, json.dumps(value), False, where.at)
        )
        if where.submitted:
            for option, point in facts:
                rows["closed_answer_fact"].append(
                    (self.take("closed_answer_fact"), where.consultation, where.response)
                    + (question.id, option, point)
                )

    def coded(
        self, rows: Rows, rng: random.Random, where: Where, aid: int, qid: str, coded: Coded
    ) -> None:
        rows["answer_coding"].append(
            (self.take("answer_coding"), where.consultation, aid, coded.suggestions_json)
            + (coded.sentiment, coded.polarity, coding.ENGINE_VERSION, where.at)
        )
        themes = {f: [s["theme"] for s in coded.suggestions.get(f, [])] for f in FRAMEWORKS}
        reviewed = rng.random() < REVIEWED[where.round_index]
        if reviewed:
            themes = {f: agreed(rng, f, ids) for f, ids in themes.items()}
            self.review(rows, rng, where, aid, themes, coded.text)
        for framework, ids in themes.items():
            for theme in ids:
                rows["theme_mention"].append(
                    (self.take("theme_mention"), where.consultation, where.response, aid, qid)
                    + (framework, theme, reviewed, coded.sentiment)
                )

    def review(
        self, rows: Rows, rng: random.Random, where: Where, aid: int,
        themes: dict[str, list[str]], text: str,
    ) -> None:  # fmt: skip
        """The agreed review of one answer, and now and then its approved quote."""
        reviewer = rng.choice(self.reviewer_ids)
        later = where.at + timedelta(days=rng.uniform(1, 30))
        rows["code_review"].append(
            (self.take("code_review"), where.consultation, aid, reviewer, json.dumps(themes))
            + (False, "[]", later, later)
        )
        if self.quotes_left[where.consultation] > 0 and rng.random() < 0.1:
            self.quotes_left[where.consultation] -= 1
            rows["quote_approval"].append(
                (self.take("quote_approval"), self.org_id, where.consultation, aid, text)
                + (reviewer, later)
            )


def closed_value(
    rng: random.Random, question: Question, place: str, mood: float
) -> tuple[dict[str, Any], list[tuple[str, int | None]]]:
    """The stored value of one closed answer and its fact rows [(option, number)]."""
    kind = question.type_name
    if kind == "choice":  # only where-live on this survey: the placement already drawn
        value: dict[str, Any] = {"option": place}
        if place == "other":
            value["other"] = "with my nan's friend"
        return value, [(place, None)]
    if kind == "choices":
        ids = [o.id for o in getattr(question, "options", ())]
        ids += ["other"] if getattr(question, "other", None) else []
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
