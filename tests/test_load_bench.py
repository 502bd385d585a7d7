"""bench/load.py at a tiny size: a few phones against one real `voices serve` on SQLite.

Not a benchmark (no figure is judged): it proves the row count runs and can fail, so a
load run reporting "0 lost" means something.
"""

from __future__ import annotations

import argparse
import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench import load, load_server
from bench.load_check import Ledger, verify

PORTS = [18180, 18199]  # the top of bench/load.py's range: a full run uses the bottom first


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Ledger, str]:
    work: Path = tmp_path_factory.mktemp("load")
    url = f"sqlite:///{work / 'load.db'}"
    args = load.parse_args(
        ["--phones", "3", "--join-window", "1", "--think", "0", "0", "--workers", "1"]
    )
    args.respondents, args.concurrency = 2, 2
    with load_server.serve(url, 1, work, PORTS) as target:
        group, ledger = _on_own_loop(load.run_once, "group", target, args)
        window, _ = _on_own_loop(load.run_once, "window", target, args)
    return {"group": group, "window": window}, ledger, url


def _on_own_loop(run, *args):
    """asyncio.run in a thread of its own: earlier tests in the same process may leave an
    event loop running in this one (Starlette's test client, anyio), and asyncio.run
    refuses to start inside it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(run(*args))).result()


def test_every_acknowledged_answer_is_counted_once(ran):
    figures, ledger, _url = ran
    group = figures["group"]
    assert group["all"]["errors"] == 0, group["error_samples"]
    assert group["check"]["problems"] == []
    assert group["check"]["acknowledged_answers"] == 3 * 5 == len(ledger.answers)
    assert group["check"]["acknowledged_submits"] == group["check"]["submitted"] == 3
    assert group["requests"]["answer"]["count"] == 15
    assert {"baseline", "poll", "submit"} <= set(group["requests"])
    window = figures["window"]
    assert window["check"]["problems"] == [] and window["all"]["errors"] == 0
    assert window["check"]["acknowledged_answers"] == 2 * 16  # 15 questions and the intro
    assert window["check"]["submitted"] == 2


def test_the_row_count_fails_on_an_answer_that_was_never_stored(ran):
    _figures, ledger, url = ran
    token = next(iter(ledger.submits))
    wrong = Ledger(
        answers={**ledger.answers, (token, "not-a-question"): {"value": 3}},
        attempted=ledger.attempted | {(token, "not-a-question")},
        submits=ledger.submits,
        started=ledger.started,
    )
    assert verify(url, load_server.SECRET, wrong)["problems"] == ["lost: 1"]


def test_the_row_count_fails_on_a_changed_value_or_an_unacknowledged_row(ran):
    _figures, ledger, url = ran
    pair = next(iter(ledger.answers))
    changed = Ledger(
        answers={**ledger.answers, pair: {"value": "something else"}},
        attempted=ledger.attempted - {next(p for p in ledger.answers if p != pair)},
        submits=ledger.submits,
        started=ledger.started,
    )
    assert verify(url, load_server.SECRET, changed)["problems"] == ["changed: 1", "invented: 1"]


def test_the_row_count_fails_on_a_submit_that_was_not_kept(ran):
    _figures, ledger, url = ran
    more = Ledger(ledger.answers, ledger.attempted, ledger.submits | {"phantom"}, ledger.started)
    assert verify(url, load_server.SECRET, more)["problems"] == [
        "acknowledged submits not submitted: 1"
    ]


def test_the_arguments_default_to_the_issue_s_sizes():
    args: argparse.Namespace = load.parse_args([])
    assert (args.phones, args.join_window, args.respondents) == (40, 10.0, 2000)
    assert args.scenario == ["group", "window"] and args.runs == 3


@pytest.mark.parametrize(("count", "senders"), [(100, 16), (16, 16), (5, 16), (2300, 16)])
def test_respond_bench_connections_post_disjoint_slices(count, senders):
    """bench/respond_bench.py's answers: no two connections post the same request."""
    from bench.loadgen import slice_of

    slices = [range(*slice_of(count, senders, n)) for n in range(senders)]
    if count >= senders:
        covered = [i for s in slices for i in s]
        assert sorted(covered) == list(range(count))  # each request in exactly one slice
    assert all(len(s) >= 1 and s.stop <= count for s in slices)
