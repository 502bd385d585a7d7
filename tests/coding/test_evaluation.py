"""The evaluation arithmetic, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from voices.coding.evaluation import (
    Labelled,
    Predicted,
    cohens_kappa,
    evaluate,
    format_report,
    theme_scores,
)


def fs(*ids: str) -> frozenset[str]:
    return frozenset(ids)


def test_per_theme_precision_recall_and_averages():
    truth = [fs("safe"), fs("safe", "healthy"), fs(), fs("healthy")]
    guess = [fs("safe"), fs("safe"), fs("safe"), fs("healthy", "active")]
    scores, micro, macro = theme_scores(truth, guess, ["safe", "healthy", "active"])
    by_id = {s.theme: s for s in scores}
    # safe: tp 2, fp 1, fn 0 -> P 2/3, R 1, F1 0.8
    assert by_id["safe"].precision == pytest.approx(2 / 3)
    assert by_id["safe"].recall == 1.0 and by_id["safe"].f1 == pytest.approx(0.8)
    assert by_id["safe"].support == 2
    # healthy: tp 1, fn 1 -> P 1, R 0.5, F1 2/3; active: fp 1 only -> F1 0
    assert by_id["healthy"].f1 == pytest.approx(2 / 3)
    assert by_id["active"].f1 == 0.0 and by_id["active"].support == 0
    assert macro == pytest.approx((0.8 + 2 / 3 + 0) / 3)
    # micro: tp 3, fp 2, fn 1 -> P 0.6, R 0.75
    assert micro == pytest.approx(2 * 0.6 * 0.75 / 1.35)


def test_kappa_is_one_for_perfect_agreement_and_zero_for_chance():
    assert cohens_kappa(tp=5, fp=0, fn=0, tn=5) == 1.0
    # The engine says yes to everything: observed agreement equals chance agreement.
    assert cohens_kappa(tp=5, fp=5, fn=0, tn=0) == pytest.approx(0.0)
    assert cohens_kappa(tp=20, fp=5, fn=10, tn=15) == pytest.approx(0.4)


def test_sentiment_confusion_and_safeguarding_counts():
    items = [
        Labelled("1", "a", fs("safe"), "negative", True),
        Labelled("2", "b", fs(), "positive", False),
        Labelled("3", "c", fs(), "mixed", True),
        Labelled("4", "d", fs(), "neutral", False),
    ]
    preds = [
        Predicted(fs("safe"), "negative", True),
        Predicted(fs(), "positive", True),
        Predicted(fs(), "negative", False),
        Predicted(fs(), "neutral", False),
    ]
    report = evaluate(items, preds, ["safe"])
    assert report.sentiment_accuracy == 0.75
    assert report.sentiment_confusion["mixed"]["negative"] == 1
    assert report.safeguarding_counts == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
    assert report.safeguarding_recall == 0.5 and report.safeguarding_precision == 0.5
    text = format_report(report, "shanarri")
    assert "macro-F1" in text and "Safeguarding recall 0.500" in text
    assert report.as_json()["sentiment"]["accuracy"] == 0.75


def test_themes_per_answer_counts_long_answers_apart():
    from voices.coding.evaluation import LONG_ANSWER, themes_per_answer

    long_text = "x" * (LONG_ANSWER + 1)
    items = [
        Labelled("1", "short", frozenset({"safe"})),
        Labelled("2", long_text, frozenset({"safe"})),
    ]
    preds = [
        Predicted(frozenset({"safe"}), "neutral", False),
        Predicted(frozenset({"safe", "healthy", "active"}), "neutral", False),
    ]
    overall = themes_per_answer(items, preds)
    assert (overall.answers, overall.engine, overall.labelled) == (2, 2.0, 1.0)
    long = themes_per_answer(items, preds, LONG_ANSWER)
    assert (long.answers, long.engine, long.labelled) == (1, 3.0, 1.0)
    report = evaluate(items, preds, ["safe", "healthy", "active"])
    assert report.as_json()[f"themes_per_answer_over_{LONG_ANSWER}"]["engine"] == 3.0


def test_confusion_summary_names_the_commonest_mistakes():
    from voices.coding.evaluation import confusion_summary, sentiment_accuracy

    items = [Labelled(str(n), "t", frozenset(), sentiment="neutral") for n in range(3)]
    accuracy, confusion = sentiment_accuracy(items, ["negative", "negative", "neutral"])
    assert accuracy == 1 / 3
    assert confusion_summary(confusion) == "neutral read as negative 2"


def test_vader_labels_follow_the_documented_mapping():
    from voices.coding.vader import label_from_scores

    assert label_from_scores({"pos": 0.3, "neg": 0.0, "compound": 0.6}) == "positive"
    assert label_from_scores({"pos": 0.0, "neg": 0.4, "compound": -0.5}) == "negative"
    assert label_from_scores({"pos": 0.2, "neg": 0.2, "compound": 0.1}) == "mixed"
    assert label_from_scores({"pos": 0.05, "neg": 0.0, "compound": 0.02}) == "neutral"


def test_alert_and_alert_or_check_are_scored_apart():
    # Tiered labels: only "alert" answers should alert; any concern should flag.
    items = [
        Labelled("1", "a", fs(), None, True, "alert"),
        Labelled("2", "b", fs(), None, True, "check"),
        Labelled("3", "c", fs(), None, False, None),
        Labelled("4", "d", fs(), None, True, "alert"),
    ]
    preds = [
        Predicted(fs(), "neutral", True, True),  # alert: right
        Predicted(fs(), "neutral", True, True),  # alert on a check: a false alert, a true flag
        Predicted(fs(), "neutral", True, False),  # a check on nothing: a false flag only
        Predicted(fs(), "neutral", True, False),  # a check on an alert: a missed alert
    ]
    report = evaluate(items, preds, ["safe"])
    assert report.safeguarding_counts == {"tp": 3, "fp": 1, "fn": 0, "tn": 0}
    assert report.alert == {"recall": 0.5, "precision": 0.5, "tp": 1, "fp": 1, "fn": 1, "tn": 1}
    assert report.as_json()["safeguarding"]["alert"]["precision"] == 0.5
    text = format_report(report, "shanarri")
    assert "alert or check" in text and "Safeguarding alert recall 0.500" in text


def test_a_set_without_tiers_counts_every_concern_as_an_alert():
    items = [Labelled("1", "a", fs(), None, True), Labelled("2", "b", fs(), None, False)]
    preds = [Predicted(fs(), "neutral", True, True), Predicted(fs(), "neutral", True, False)]
    report = evaluate(items, preds, ["safe"])
    assert report.alert["recall"] == 1.0 and report.alert["precision"] == 1.0
