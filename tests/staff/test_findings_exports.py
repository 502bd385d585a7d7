"""The findings tables export over HTTP: viewers and admins get the suppressed tables (never
an answer), workers the same tables unsuppressed; CSV, XLSX and JSON; audited."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from tests.findings import facts_helpers as facts
from tests.staff.conftest import make_staff, signed_in
from voices.models import Answer, AuditEvent

CHILD_WORDS = "my social worker never rings me back"


@pytest.fixture
def world(session, organisation):
    c = facts.consultation(session, organisation)
    for _ in range(10):
        facts.respondent(
            session,
            c,
            version="8-11",
            closed={"where-live": "foster", "home-feel": "4"},
            themes=[("shanarri", "safe", True, "positive")],
        )
    for _ in range(3):
        row = facts.respondent(
            session,
            c,
            version="12-17",
            closed={"where-live": "family", "home-feel": "2"},
            themes=[("shanarri", "safe", False, "negative")],
        )
        session.add(
            Answer(response_id=row.id, question_id="one-change", value={"text": CHILD_WORDS})
        )
    session.commit()
    return c


def _url(org, c, name, query=""):
    return f"/staff/o/{org.slug}/consultations/{c.id}/export/{name}" + (
        f"?{query}" if query else ""
    )


def _sections(response) -> dict[str, list[list[str]]]:
    """A findings CSV's tables by title (a title row, a header, rows; a blank row between)."""
    text = response.content.decode("utf-8-sig")
    found: dict[str, list[list[str]]] = {}
    title = None
    for row in csv.reader(io.StringIO(text, newline="")):
        if not row:
            title = None
        elif title is None:
            title = row[0]
            found[title] = []
        else:
            found[title].append(row)
    return found


def _theme(sections, theme="safe") -> dict[str, str]:
    header, *rows = sections["themes"]
    return next(dict(zip(header, r, strict=True)) for r in rows if r[1] == theme)


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_without_answer_access_the_tables_are_suppressed(
    client, session, organisation, world, role
):
    signed_in(client, make_staff(session, organisation, role))
    response = client.get(_url(organisation, world, "findings.csv"))
    assert response.status_code == 200
    sections = _sections(response)
    assert set(sections) == {"summary", "themes", "closed questions", "quotes"}
    summary = dict(sections["summary"][1:])
    assert summary["suppressed"] == "yes" and summary["threshold"] == "5"
    assert summary["respondents"] == "13"
    safe = _theme(sections)
    # 3 suggested is small, so 10 reviewed (13 - 3) is hidden too (secondary suppression)
    assert safe["respondents"] == "13" and safe["reviewed"] == "hidden"
    assert safe["suggested"] == "fewer than 5" and safe["suggested_percent"] == ""
    assert "3" not in {safe["suggested"], safe["sentiment_negative"]}
    closed = [
        dict(zip(sections["closed questions"][0], r, strict=True))
        for r in sections["closed questions"][1:]
    ]
    assert closed, "closed questions tagged to the framework's themes are exported"
    small = [r for r in closed if r["option"] == "family"]
    assert small and all(r["count"] != "3" for r in small)
    assert CHILD_WORDS.encode() not in response.content


def test_a_worker_gets_the_same_tables_unsuppressed(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "worker"))
    sections = _sections(client.get(_url(organisation, world, "findings.csv")))
    assert dict(sections["summary"][1:])["suppressed"] == "no"
    safe = _theme(sections)
    assert safe["suggested"] == "3" and safe["sentiment_negative"] == "3"
    assert safe["reviewed"] == "10"


def test_a_too_small_filtered_group_exports_only_the_message(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "viewer"))
    response = client.get(_url(organisation, world, "findings.json", "version=12-17"))
    data = json.loads(response.content)
    assert data["shown"] is False and data["message"] and data["themes"] == []
    assert data["respondents"]["value"] is None


def test_viewer_json_and_xlsx(client, session, organisation, world, tmp_path):
    signed_in(client, make_staff(session, organisation, "viewer"))
    data = json.loads(client.get(_url(organisation, world, "findings.json")).content)
    assert data["suppressed"] is True and data["framework"] == "shanarri"
    safe = next(t for t in data["themes"] if t["theme"] == "safe")
    assert safe["suggested"] == {"value": None, "percent": None, "hidden": "small"}
    assert safe["respondents"]["value"] == 13 and safe["reviewed"]["value"] is None
    response = client.get(_url(organisation, world, "findings.xlsx"))
    assert response.status_code == 200
    path = tmp_path / "f.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path)
    assert book.sheetnames == ["summary", "themes", "closed questions", "quotes"]
    rows = [[c.value for c in r] for r in book["themes"].iter_rows()]
    row = next(r for r in rows if r[1] == "safe")
    assert row[rows[0].index("suggested")] == "fewer than 5"
    assert row[rows[0].index("respondents")] == 13


def test_framework_and_filters_follow_the_query(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "worker"))
    data = json.loads(
        client.get(
            _url(organisation, world, "findings.json", "framework=promise&version=8-11")
        ).content
    )
    assert data["framework"] == "promise" and data["version"] == "8-11"
    bad = client.get(_url(organisation, world, "findings.csv", "date_from=yesterday"))
    assert bad.status_code == 400


def test_safeguarding_alone_may_not_export_findings(client, session, organisation, world):
    signed_in(client, make_staff(session, organisation, "safeguarding"))
    assert client.get(_url(organisation, world, "findings.csv")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_findings_export_is_audited(client, session, organisation, world, fmt):
    signed_in(client, make_staff(session, organisation, "viewer"))
    assert client.get(_url(organisation, world, f"findings.{fmt}")).status_code == 200
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == f"export.findings.{fmt}")
    ).one()
    assert event.target_id == str(world.id)
    assert event.detail["suppressed"] is True and event.detail["rows"] > 0
    assert event.detail["framework"] == "shanarri" and event.detail["filtered"] is False
