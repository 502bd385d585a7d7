"""The answers export reads the database in batches: its peak memory for 20,000 rows is
about that for 2,000 (measured with tracemalloc, not a timer)."""

from __future__ import annotations

import tracemalloc
from itertools import count

from sqlalchemy import insert
from sqlmodel import Session

from tests.conftest import make_consultation
from voices.findings.exports import writers
from voices.findings.exports.answers import header
from voices.findings.exports.source import answer_rows
from voices.models import Answer, Response, utcnow

_keys = count()
ANSWERS = {
    "where-live": {"option": "foster"},
    "feel-safe": {"value": "yes"},
    "likes": {"options": ["sport", "music"]},
    "foster-ok": {"value": 4},
    "anything-else": {"text": "أشعر بالأمان في بيتي " * 3},
}


def _fill(session: Session, code: str, respondents: int) -> int:
    consultation = make_consultation(session, code)
    now = utcnow()
    first = next(_keys) * 1_000_000
    session.execute(
        insert(Response),
        [
            {
                "id": first + i,
                "consultation_id": consultation.id,
                "start_key": f"m{first + i}",
                "token_hash": f"mt{first + i}",
                "version": "12-17",
                "locale": "ar",
                "status": "submitted",
                "submitted_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(respondents)
        ],
    )
    session.execute(
        insert(Answer),
        [
            {"response_id": first + i, "question_id": qid, "value": value, "updated_at": now}
            for i in range(respondents)
            for qid, value in ANSWERS.items()
        ],
    )
    session.commit()
    return consultation.id


def _export(session: Session, consultation_id: int) -> int:
    rows = answer_rows(session, consultation_id, None, "secret", size=50)
    cells = (row.cells([]) for row in rows)
    return sum(len(chunk) for chunk in writers.csv_stream(header([]), cells))


def _peak(session: Session, consultation_id: int) -> int:
    tracemalloc.start()
    try:
        written = _export(session, consultation_id)
        assert written > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_answers_export_memory_is_flat(session: Session) -> None:
    small = _fill(session, "MEM2K1", 400)  # 2,000 rows
    large = _fill(session, "MEM20K", 4_000)  # 20,000 rows
    _export(session, small)  # warm SQLAlchemy's statement cache first
    small_peak = _peak(session, small)
    large_peak = _peak(session, large)
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)


def test_answers_csv_is_the_whole_export_for_the_benchmark(session: Session) -> None:
    from voices.findings.exports.source import answers_csv
    from voices.models import Consultation

    cid = _fill(session, "MEMCSV", 3)
    consultation = session.get(Consultation, cid)
    consultation.frameworks = ["shanarri"]
    text = b"".join(answers_csv(session, consultation, None, "secret")).decode("utf-8-sig")
    lines = text.splitlines()
    assert len(lines) == 1 + 3 * len(ANSWERS)
    assert lines[0].startswith("respondent,") and "shanarri:safe" in lines[0]
