"""docs/data-inventory.md classifies every table and column, and a respondent's journey stores
no address, user agent or fingerprint anywhere (the Children's Code: data minimisation)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel
from starlette.testclient import TestClient

import voices.models  # noqa: F401  (registers every table on SQLModel.metadata)
from tests.helpers import follow, question_id, soup, start

INVENTORY = Path(__file__).parent.parent / "docs" / "data-inventory.md"
ROW = re.compile(r"^\|\s*`(?P<table>\w+)`\s*\|\s*`(?P<column>\w+)`\s*\|(?P<rest>.*)\|\s*$")
FIELDS = ("what", "personal", "basis", "retention", "access", "erasure")
PERSONAL = {"child-words", "child-identity", "child-record", "staff", "pseudonymous"}
BASES = {"6(1)(e)", "6(1)(c)", "6(1)(e)-staff", "9(2)(g)+Sch1p6", "9(2)(g)+Sch1p18"}
RETENTIONS = {
    "unfinished",
    "named",
    "consultation",
    "with-source",
    "account",
    "session",
    "token",
    "audit",
    "2-days",
    "until-sent",
    "config",
}


def inventory() -> dict[tuple[str, str], dict[str, str]]:
    """(table, column) -> the row's cells, read from the doc's tables."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for number, line in enumerate(INVENTORY.read_text().splitlines(), 1):
        match = ROW.match(line)
        if not match:
            continue
        cells = [c.strip() for c in match["rest"].split("|")]
        assert len(cells) == len(FIELDS), f"line {number}: expected {len(FIELDS)} cells: {line}"
        key = (match["table"], match["column"])
        assert key not in rows, f"line {number}: {key} is listed twice"
        rows[key] = dict(zip(FIELDS, cells, strict=True))
    return rows


def schema() -> set[tuple[str, str]]:
    return {(t.name, c.name) for t in SQLModel.metadata.sorted_tables for c in t.columns}


def test_every_column_in_the_schema_is_in_the_inventory() -> None:
    missing = sorted(schema() - inventory().keys())
    assert not missing, f"add these to docs/data-inventory.md: {missing}"


def test_the_inventory_lists_no_column_that_no_longer_exists() -> None:
    stale = sorted(inventory().keys() - schema())
    assert not stale, f"docs/data-inventory.md lists columns that do not exist: {stale}"


def _problems(key: tuple[str, str], row: dict[str, str]) -> list[str]:
    problems = [f"{f} is empty" for f in FIELDS if not row[f]]
    if row["personal"] not in PERSONAL | {"no"}:
        problems.append(f"unknown personal-data class {row['personal']!r}")
    if not set(re.split(r",\s*", row["retention"])) <= RETENTIONS:
        problems.append(f"unknown retention {row['retention']!r}")
    if row["personal"] == "no":
        return problems
    bases = set(re.split(r",\s*", row["basis"]))
    if not bases or not bases <= BASES:
        problems.append(f"a personal-data column needs a lawful basis, not {row['basis']!r}")
    if row["personal"] == "child-words" and not any(b.startswith("9(2)") for b in bases):
        problems.append("a child's words may hold special category data: give an Art 9 condition")
    for right in ("access", "erasure"):
        value = row[right]
        if value == "n/a" or (value.startswith("no") and ":" not in value):
            problems.append(f"{right}: say yes, anonymised, or 'no: why'")
    return problems


def test_every_personal_data_column_has_basis_retention_and_rights() -> None:
    problems = {
        f"{t}.{c}": p for (t, c), row in inventory().items() if (p := _problems((t, c), row))
    }
    assert not problems, json.dumps(problems, indent=1)


def test_the_childs_words_and_name_are_classified_as_such() -> None:
    """A guard against the easy mistake: marking the most sensitive columns "no"."""
    rows = inventory()
    for key in [("answer", "value"), ("quote_approval", "redacted_text"), ("group_note", "text")]:
        assert rows[key]["personal"] == "child-words", key
    for key in [("response", "respondent_name"), ("response", "reference")]:
        assert rows[key]["personal"] == "child-identity", key
        assert rows[key]["access"] == "yes" and rows[key]["erasure"] == "yes"
        assert "named" in rows[key]["retention"]


# --- data minimisation ----------------------------------------------------------------------

ADDRESS = "203.0.113.77"  # TEST-NET-3: never a real address
FORWARDED = "198.51.100.23"  # what an untrusted client may claim in X-Forwarded-For
USER_AGENT = "PrivacyCanaryBrowser/9.9 (canary-device-model-XJ9)"
REFERRER = "https://referrer-canary.example/from"
CANARIES = (ADDRESS, FORWARDED, "PrivacyCanary", "canary-device", "referrer-canary")
# Column-name parts that would mean storing where or on what a child answered.
TRACKING = {"ip", "addr", "address", "agent", "ua", "fingerprint", "device", "referer"}
TRACKING |= {"referrer", "geo", "location", "lat", "lng", "lon", "latitude", "longitude"}
RESPONDENT_TABLES = ("response", "answer", "audit_event", "safeguarding_alert", "theme_mention")


@pytest.fixture
def canary_client(app) -> TestClient:
    headers = {
        "User-Agent": USER_AGENT,
        "X-Forwarded-For": FORWARDED,
        "Referer": REFERRER,
        "Origin": "http://testserver",
    }
    with TestClient(
        app, follow_redirects=False, client=(ADDRESS, 51234), headers=headers
    ) as client:
        yield client


def _answer_everything(client: TestClient) -> None:
    """Every question of the test survey, the free-text one with words a screen may flag."""
    page = follow(client, start(client, version="12-17"))
    typed = {"where-live": {"answer": "foster"}, "likes": {"answer": ["music", "other"]}}
    typed["likes"]["other_text"] = "Drawing"
    typed["anything-else"] = {"answer": "my carer hits me"}
    for _ in range(20):
        if "/q/" not in str(page.url):
            break
        form = soup(page).find("form", method="post")
        options = form.find_all("input", {"name": "answer"}) if form else []
        data = typed.get(question_id(page)) or (
            {"answer": options[0]["value"]} if options and options[0].get("value") else {}
        )
        page = follow(client, client.post(str(page.url.path), data=data or {"action": "continue"}))


def _stored_strings(session) -> dict[str, list[str]]:
    """Every text and JSON value in every table, as text, by table.column."""
    found: dict[str, list[str]] = {}
    for table in SQLModel.metadata.sorted_tables:
        for row in session.connection().execute(sa_select(table)).mappings():
            for column, value in row.items():
                if isinstance(value, str):
                    found.setdefault(f"{table.name}.{column}", []).append(value)
                elif isinstance(value, dict | list):
                    text = json.dumps(value, ensure_ascii=False)
                    found.setdefault(f"{table.name}.{column}", []).append(text)
    return found


def test_a_journey_stores_no_address_or_user_agent(canary_client, session, consultation) -> None:
    client = canary_client
    _answer_everything(client)
    saved = client.post("/c/TQ4RTX/save")
    code = soup(saved).find(class_="resume-code").text
    client.cookies.clear()
    resumed = client.post("/c/TQ4RTX/resume", data={"resume_code": code})
    assert resumed.status_code == 303, resumed.text[:300]
    assert client.post("/c/TQ4RTX/submit").status_code == 303
    assert client.get("/c/TQ4RTX/thanks").status_code == 200
    assert client.get("/results/TQ4RTX").status_code == 200
    # A wrong resume code and a failed staff sign-in: the limiters and audit see the address.
    client.post("/c/TQ4RTX/resume", data={"resume_code": "999 999 999"})
    client.post("/staff/sign-in", data={"email": "nobody@example.org", "password": "x" * 12})

    stored = _stored_strings(session)
    assert any("my carer hits me" in v for v in stored["answer.value"]), "the journey ran"
    assert stored["response.status"] == ["submitted"]
    assert stored["rate_limit_bucket.key"] and stored["audit_event.action"], "limits and audit ran"
    leaks = {
        column: canary
        for column, values in stored.items()
        for canary in CANARIES
        if any(canary in value for value in values)
    }
    assert leaks == {}, f"stored where or on what a child answered: {leaks}"


def test_no_respondent_table_has_a_column_for_tracking() -> None:
    tables = {t.name: t for t in SQLModel.metadata.sorted_tables}
    suspicious = [
        f"{name}.{column.name}"
        for name in RESPONDENT_TABLES
        for column in tables[name].columns
        if set(column.name.lower().split("_")) & TRACKING
    ]
    assert suspicious == []


def test_every_test_docs_privacy_names_exists() -> None:
    """docs/privacy.md proves each standard with a test: each one named must be real."""
    root = INVENTORY.parent.parent
    text = (root / "docs" / "privacy.md").read_text()
    named = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", text))
    assert len(named) > 30
    missing = [
        f"{path}::{name}"
        for path, name in sorted(named)
        if not (root / path).exists()
        or not re.search(rf"^def {name}\(", (root / path).read_text(), re.MULTILINE)
    ]
    assert missing == []
