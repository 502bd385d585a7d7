"""The national-scale findings benchmark, run at a tiny scale on SQLite: the generator makes
what it says (facts exactly as voices.findings.facts would rebuild them) and the bench
prints a report of the right shape. No timer is checked: figures pass no judgement here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from bench import findings_bench, findings_data
from voices import db
from voices.findings import facts

RESPONDENTS = 240


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[findings_data.Setup, dict]:
    path = tmp_path_factory.mktemp("findings-bench") / "bench.db"
    setup, counts = findings_data.load(findings_data.sqlite_url(path), RESPONDENTS, seed=5)
    return setup, counts.rows


def facts_in(url: str) -> tuple[Counter, Counter]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            closed = conn.execute(
                text(
                    "SELECT consultation_id, response_id, question_id, option, number"
                    " FROM closed_answer_fact"
                )
            ).all()
            themes = conn.execute(
                text(
                    "SELECT consultation_id, response_id, answer_id, question_id, framework,"
                    " theme, reviewed, sentiment FROM theme_mention"
                )
            ).all()
    finally:
        engine.dispose()
    return Counter(map(tuple, closed)), Counter(map(tuple, themes))


def test_the_generator_makes_three_linked_rounds_of_the_asked_size(loaded) -> None:
    setup, rows = loaded
    assert rows["response"] == RESPONDENTS
    assert len(setup.consultations) == 3
    engine = db.make_engine(setup.url)
    with engine.connect() as conn:
        links = dict(conn.execute(text("SELECT id, previous_round_id FROM consultation")).all())
        versions = {v for (v,) in conn.execute(text("SELECT DISTINCT version FROM response"))}
        statuses = {s for (s,) in conn.execute(text("SELECT DISTINCT status FROM response"))}
    engine.dispose()
    first, second, third = setup.consultations
    assert links == {first: None, second: first, third: second}
    assert versions == {"5-7", "8-11", "12-17"}
    assert statuses == {"submitted", "in_progress"}
    # Every respondent answers (or skips) about 15 questions; text answers are coded.
    assert 13 * RESPONDENTS < rows["answer"] < 17 * RESPONDENTS
    assert rows["answer_coding"] > 0 and rows["code_review"] > 0 and rows["theme_mention"] > 0


def test_its_facts_are_what_the_app_would_rebuild_from_the_same_rows(loaded) -> None:
    setup, _ = loaded
    written = facts_in(setup.url)
    engine = db.make_engine(setup.url)
    with Session(engine) as session:
        for consultation_id in setup.consultations:
            facts.rebuild_consultation(session, consultation_id)
        session.commit()
    engine.dispose()
    rebuilt = facts_in(setup.url)
    assert sum(written[0].values()) > 0 and sum(written[1].values()) > 0
    assert written == rebuilt


def test_the_bench_prints_every_figure_then_reuses_the_data_for_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.db"
    argv = ["--db", "sqlite", "--respondents", "150", "--runs", "1", "--sqlite-file", str(path)]
    assert findings_bench.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Findings at national scale: 150 respondents")
    assert "sqlite" in lines[1]
    labels = [line[:20].strip() for line in lines[2:]]
    for label in (
        "baseline COUNT(*)",
        "findings page",
        "filtered view",
        "CSV export rate",
        "CSV peak memory",
    ):
        assert label in labels, label
    export = next(line for line in lines if line.startswith("CSV export rate"))
    assert "rows/s" in export

    assert findings_bench.main([*argv, "--reuse", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    sqlite = result["databases"]["sqlite"]
    assert sqlite["load"]["rows"]["response"] == 150  # the same data, not loaded again
    assert sqlite["load"]["seconds"] is None
    assert sqlite["baseline_ms"] >= 0
    assert sqlite["export"]["rows"] > 0 and sqlite["export"]["rows_per_second"] > 0
    assert sqlite["export"]["peak_growth_mb"] >= 0
    for page in ("page", "filtered"):
        assert sqlite[page]["ms"] > 0 and sqlite[page]["bytes"] > 0
