"""`voices code` and `voices evaluate`, run as a council analyst would run them."""

from __future__ import annotations

import json

from tests.test_cli import voices

PRIVATE = "zebra-private-words"


def lines(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_code_writes_one_line_per_good_input_in_order():
    result = voices(
        "code",
        "--framework",
        "shanarri",
        stdin=lines(
            {"id": "a", "text": "I dont feel safe at my placement"},
            {"id": "b", "text": "my favourite colour is blue"},
            {"id": "c", "text": "I love football and swimming on Saturdays"},
        ),
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert set(out[0]) == {"id", "themes", "scores", "evidence", "sentiment", "safeguarding"}
    assert "safe" in out[0]["themes"] and out[0]["sentiment"]["label"] == "negative"
    guard = out[0]["safeguarding"]
    assert guard["flag"] is True and guard["alert"] is True and guard["screened"] is True
    assert set(guard) == {"flag", "alert", "screened", "reasons"}
    for reason in guard["reasons"]:
        assert set(reason) == {"tier", "category", "start", "end", "words"}
        assert reason["tier"] in ("alert", "check")
    assert "alert" in {r["tier"] for r in guard["reasons"]}
    start, end, words = out[0]["evidence"]["safe"][0]
    assert "I dont feel safe at my placement"[start:end] == words
    assert out[1]["themes"] == []  # no forced guess
    assert "active" in out[2]["themes"]


def test_bad_lines_are_reported_by_number_skipped_and_never_echoed(tmp_path):
    source = tmp_path / "answers.jsonl"
    source.write_text(
        lines(
            {"id": 1, "text": "school is ok"},
            f"{{not json {PRIVATE}",
            {"id": 3, "words": PRIVATE},
            {"id": 4, "text": "   "},
            {"id": 5, "text": "I miss my mum"},
        )
    )
    target = tmp_path / "coded.jsonl"
    result = voices(
        "code", "--framework", "promise", "--input", str(source), "--output", str(target)
    )
    assert result.returncode == 1
    assert "line 2: not JSON" in result.stderr and "line 3: no 'text'" in result.stderr
    assert "line 4: no 'text'" in result.stderr and PRIVATE not in result.stderr
    assert [json.loads(x)["id"] for x in target.read_text().splitlines()] == [1, 5]


def test_code_names_an_unknown_framework():
    result = voices("code", "--framework", "no-such-thing", stdin=lines({"text": "hi"}))
    assert result.returncode == 2 and "no-such-thing" in result.stderr


def test_evaluate_prints_every_figure_and_the_gain_from_reviewed_examples(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        lines(
            {
                "id": 1,
                "text": "I don't feel safe at home",
                "themes": ["shanarri:safe"],
                "sentiment": "negative",
                "safeguarding": True,
            },
            {
                "id": 2,
                "text": "I love my carers they are kind",
                "themes": ["shanarri:nurtured", "promise:care"],
                "sentiment": "positive",
                "safeguarding": False,
            },
            {"id": 3, "text": "ok", "themes": [], "sentiment": "neutral", "safeguarding": False},
        )
    )
    result = voices(
        "evaluate", "--framework", "shanarri", str(labelled), "--json", "--train", str(labelled)
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    lexicon = report["lexicon"]
    assert set(lexicon["themes"]) >= {"safe", "nurtured", "included"}
    assert set(lexicon["themes"]["safe"]) == {"precision", "recall", "f1", "support", "kappa"}
    assert lexicon["themes"]["safe"]["support"] == 1
    assert {"micro_f1", "macro_f1", "sentiment", "safeguarding"} <= set(lexicon)
    assert {"recall", "precision", "tp", "fp", "fn", "tn"} <= set(lexicon["safeguarding"]["alert"])
    assert set(lexicon["sentiment"]["confusion"]) == {"positive", "negative", "mixed", "neutral"}
    assert "gain_macro_f1" in report and "trained" in report
    assert set(report["safeguarding_by_sensitivity"]) == {"standard", "high"}

    text = voices("evaluate", "--framework", "shanarri", str(labelled))
    assert "macro-F1" in text.stdout and "Safeguarding recall" in text.stdout
    assert "Safeguarding trade-off" in text.stdout


def test_evaluate_rejects_a_bad_labelled_file_precisely(tmp_path):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(lines({"id": 1, "text": "hi", "themes": [], "sentiment": "happy"}))
    result = voices("evaluate", "--framework", "shanarri", str(labelled))
    assert result.returncode == 2
    assert f"{labelled}:1: 'sentiment' must be one of" in result.stderr


def test_code_can_learn_from_reviewed_examples_first(tmp_path):
    reviewed = tmp_path / "reviewed.jsonl"
    reviewed.write_text(
        lines(
            *(
                {"id": i, "text": f"zorblax wibbles tonight {i}", "themes": ["shanarri:active"]}
                for i in range(40)
            ),
            *({"id": 100 + i, "text": f"my review went fine {i}", "themes": []} for i in range(40)),
        )
    )
    plain = voices(
        "code", "--framework", "shanarri", stdin=lines({"text": "zorblax wibbles tonight"})
    )
    learned = voices(
        "code",
        "--framework",
        "shanarri",
        "--train",
        str(reviewed),
        stdin=lines({"text": "zorblax wibbles tonight"}),
    )
    assert "active" not in json.loads(plain.stdout)["themes"]
    assert "active" in json.loads(learned.stdout)["themes"]


def test_reviewed_examples_may_come_from_several_files(tmp_path):
    # A council may keep reviewed examples in several files: every one of them counts.
    files = []
    for part in range(2):
        path = tmp_path / f"reviewed-{part}.jsonl"
        path.write_text(
            lines(
                *(
                    {"id": i, "text": f"zorblax wibbles {part} {i}", "themes": ["shanarri:active"]}
                    for i in range(20)
                ),
                *(
                    {"id": 100 + i, "text": f"my review was ok {part} {i}", "themes": []}
                    for i in range(20)
                ),
            )
        )
        files += ["--train", str(path)]
    report = json.loads(
        voices("evaluate", "--framework", "shanarri", str(files[1]), "--json", *files).stdout
    )
    assert report["trained"]["texts"] == 40
    learned = voices(
        "code", "--framework", "shanarri", *files, stdin=lines({"text": "zorblax wibbles"})
    )
    assert "active" in json.loads(learned.stdout)["themes"]
    result = voices("evaluate", "--framework", "shanarri", files[1], *files)
    assert f"reviewed examples in {files[1]}, {files[3]}" in result.stdout
    assert "80 reviewed examples" in result.stdout


def test_evaluate_compares_sets_and_vader(tmp_path):
    files = []
    for name, text in (("a", "I love my carers they are kind"), ("b", "I hate school")):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(lines({"id": 1, "text": text, "themes": [], "sentiment": "positive"}))
        files.append(str(path))
    result = voices("evaluate", "--framework", "shanarri", "--compare-vader", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("VADER sentiment accuracy") == 2
    assert "Across sets" in result.stdout and "a.jsonl" in result.stdout
    assert "Themes per answer, answers over 160 characters" in result.stdout
    report = json.loads(
        voices("evaluate", "--framework", "shanarri", "--json", "--compare-vader", *files).stdout
    )
    assert [f["file"] for f in report["files"]] == files
    assert report["files"][0]["vader"]["accuracy"] == 1.0
    assert report["files"][1]["lexicon"]["themes_per_answer"]["labelled"] == 0.0
