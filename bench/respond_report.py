"""The benchmark's figures as a readable table (bench/respond_bench.py gathers them)."""

from __future__ import annotations

from typing import Any


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(result: dict[str, Any]) -> None:
    m = result["machine"]
    print(
        f"Voices respondent benchmark, {result['date']}: {m['cpus']} cores, Python "
        f"{m['python']}, uvicorn on {m['uvicorn_loop']} + {m['uvicorn_http']}, load average "
        f"{m['load_average_before'][0]} before, {m['load_average_after'][0]} after"
    )
    if "page_weight" in result:
        report_weight(result["page_weight"])
    if "question_page" in result:
        report_pages(result)
    if "answers_per_second" in result:
        report_answers(result["answers_per_second"])


def report_weight(w: dict[str, Any]) -> None:
    print(f"\n1. What a phone downloads for {w['question']} (gzip, exact bytes on the wire)")
    print(f"   {'resource':<46} {'kind':<5} {'headers':>7} {'body':>7} {'total':>7}")
    for r in w["resources"]:
        total = r["headers"] + r["body"]
        print(f"   {r['path']:<46} {r['kind']:<5} {r['headers']:>7} {r['body']:>7} {total:>7}")
    print(
        f"   first HTML response {w['first_html_bytes']:>7} B   target <= {w['html_target']} B   "
        f"{met(w['html_met'])}"
    )
    print(
        f"   page and everything {w['total_bytes']:>7} B   target <= {w['total_target']} B   "
        f"{met(w['total_met'])}   (bodies alone {w['total_body_bytes']} B)"
    )
    heavy = w["heaviest_page"]
    print(
        f"   heaviest of {w['pages_walked']} question pages walked: {heavy['path']} "
        f"({heavy['version']}) {heavy['bytes']} B; with its assets {w['heaviest_total_bytes']} B"
    )
    print(f"   web fonts: {w['fonts']}; third-party requests: {len(w['third_party'])}")


def fmt(value: float | None, width: int, digits: int) -> str:
    return f"{value:>{width}.{digits}f}" if value is not None else f"{'n/a':>{width}}"


def report_pages(result: dict[str, Any]) -> None:
    q = result["question_page"]
    print(
        f"\n2. Question page, requests per second ({result['load_generator']}, "
        f"{result['connections']} connections, median of {result['rounds']} x "
        f"{result['seconds']} s, alternating)"
    )
    print(f"   {'server':<36} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7}  rounds")
    labels = {
        "voices": "Voices question page",
        "same_page": "same page, bare Starlette+Jinja2",
        "minimal": "minimal page, bare Starlette+Jinja2",
    }
    for key, label in labels.items():
        s = q[key]
        print(
            f"   {label:<36} {s['rps']:>7.0f} {s['p50_ms']:>7.2f} {s['p99_ms']:>7.2f} "
            f"{fmt(s['cpu_ms_per_request'], 7, 3)}  {s['rounds']}"
        )
    target = f"target >= {q['ratio_target']}"
    print(
        f"   ratio to the same page, bare         {q['ratio']:>7.3f}   {target}   {met(q['ratio_met'])}"
    )
    print(f"   same, by server CPU per request      {fmt(q['cpu_ratio'], 7, 3)}   (steadier)")
    print(f"   ratio to the minimal page            {q['ratio_vs_minimal']:>7.3f}   (context)")


def report_answers(answers: dict[str, Any]) -> None:
    print("\n3. Answers saved per second (POST /c/MYCARE/q/<id>, 303 to the next page)")
    for name, a in answers.items():
        if "skipped" in a:
            print(f"   {name:<12} {a['skipped']}")
            continue
        print(
            f"   {name:<12} {a['rps']:>7.0f}/s  p50 {a['p50_ms']:.1f} ms  p99 {a['p99_ms']:.1f} ms"
            f"  server CPU {fmt(a['cpu_ms_per_request'], 0, 2)} ms/answer  rounds {a['rounds']}"
        )
        print(
            f"   {'':<12} {a['answers_posted']} posted by {a['respondents']} respondents to "
            f"{a['questions']} questions: {a['new_answers']} new answers"
            f" ({a['new_per_second']}/s), {a['changed_answers']} changed answers;"
            f" {a['answer_rows']} answer rows, {a['duplicates']} duplicated"
        )
