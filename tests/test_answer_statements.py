"""How many SQL statements saving one answer costs: pinned, so it cannot silently regrow.

A group session is 40 phones answering at once; every statement is a round trip to the
database while the phone waits. Saving an answer is one upsert (INSERT ... ON CONFLICT
DO UPDATE), not a read, an insert or update, and a retry (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import select

from tests.helpers import follow, question_id, start
from tests.live.phone_helpers import ROOM_CODE, make_live
from voices.models import Answer

# The rate limits' one check-and-count (per address and per phone, one multi-row upsert;
# none in the database when they are in Redis), the response with all its answers (one
# query), the answer's upsert, and the response's "last touched" time. A live session adds
# one: it is read afresh (the facilitator moves on).
STATEMENTS_PER_ANSWER = 4


@contextmanager
def counted(engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)  # the tests' savepoints are not the app's work

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def first_question(client, code: str = "TQ4RTX"):
    page = follow(client, start(client, code=code))
    while question_id(page) == "welcome":
        page = follow(client, client.post(str(page.url.path), data={"action": "continue"}))
    return page


def post(client, page, data: dict):
    return client.post(str(page.url.path), data=data)


def test_a_new_answer_costs_a_pinned_number_of_statements(client, engine, consultation):
    page = first_question(client)
    client.get(str(page.url.path))  # warm the consultation directory
    with counted(engine) as statements:
        saved = post(client, page, {"answer": "foster", "action": "continue"})
    assert saved.status_code == 303
    assert len(statements) == STATEMENTS_PER_ANSWER, statements
    assert sum("INSERT INTO ANSWER" in s.upper() for s in statements) == 1
    assert sum("ON CONFLICT" in s.upper() for s in statements) == 2  # the limits' and the answer's


def test_a_changed_answer_costs_the_same_and_leaves_one_row(client, engine, session, consultation):
    page = first_question(client)
    post(client, page, {"answer": "foster", "action": "continue"})
    with counted(engine) as statements:
        changed = post(client, page, {"answer": "kinship", "action": "continue"})
    assert changed.status_code == 303
    assert len(statements) == STATEMENTS_PER_ANSWER, statements
    rows = session.exec(select(Answer).where(Answer.question_id == question_id(page))).all()
    assert [r.value for r in rows] == [{"option": "kinship"}]


def test_an_answer_in_a_live_session_costs_the_same(client, engine, session, consultation):
    make_live(session, consultation)
    page = first_question(client, code=ROOM_CODE)
    with counted(engine) as statements:
        saved = post(client, page, {"answer": "foster", "action": "continue"})
    assert saved.status_code == 303
    assert len(statements) == STATEMENTS_PER_ANSWER + 1, statements  # + the live session
