"""What a child's phone downloads, and how fast the respondent pages are, measured for real.

    .venv/bin/python bench/respond_bench.py [--rounds 5] [--seconds 5] [--quick] [--json]
    make bench

Prints:
1. the bytes a phone downloads for a question page (HTML, CSS, JS, icons, fonts), gzip
   compressed as the server sends them, against the targets (30 KB in all, 14 KB for the
   first HTML response: one round trip);
2. question-page requests per second from a Voices server, and from bare Starlette + Jinja2
   serving the same page from the same template with a fixed context (bench/bare/same_page.py:
   no database, no cookies, no security or locale middleware), served the same way,
   alternating, median of --rounds: the ratio of medians is the figure (target >= 0.5). A
   minimal page (bench/bare/minimal.py) is measured too, for context;
3. answers saved per second (POSTs of an answer, as a child's browser sends them) on SQLite
   and, when it is reachable, on PostgreSQL (its own database `voices_bench`).

Each server is one uvicorn worker in its own process; the load comes from `wrk` when it is
installed (apt-get install wrk), otherwise from a small keep-alive Python client, which
saturates sooner, so its figures are lower: the output says which was used.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voices import db, demo  # noqa: E402
from voices.definitions import load_catalog  # noqa: E402

VOICES_PORT, BARE_PORT, MINIMAL_PORT = 8771, 8772, 8773
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/voices_bench"
CODE = "MYCARE"
TOTAL_TARGET, HTML_TARGET = 30 * 1024, 14 * 1024
CONNECTIONS = 16


@contextmanager
def server(app: str, port: int, env: dict[str, str], factory: bool = False) -> Iterator[str]:
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log"] + (["--factory"] if factory else [])
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{app} did not start on port {port}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def prepare(url: str) -> None:
    """Migrate and add the demo consultations (MYCARE is my-life-in-care)."""
    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        demo.create_demo(engine, "http://127.0.0.1", load_catalog())
    finally:
        engine.dispose()


def postgres_ready() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'voices_bench'")
            if not found.fetchone():
                conn.execute("CREATE DATABASE voices_bench")
        with psycopg.connect(PG_BENCH.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        return True
    except Exception as exc:  # no server, no rights: say so and measure SQLite only
        print(f"PostgreSQL skipped: {exc.__class__.__name__}: {exc}".splitlines()[0])
        return False


def start_journey(base: str) -> tuple[httpx.Client, str]:
    """Open the welcome page, press Start, get past the info page: the first real question."""
    client = httpx.Client(base_url=base, headers={"Origin": base}, follow_redirects=True)
    welcome = client.get(f"/c/{CODE}")
    key = re.search(r'name="start_key" value="([^"]+)"', welcome.text).group(1)
    page = client.post(f"/c/{CODE}/start", data={"start_key": key, "version": "8-11"})
    page = client.post(page.url.path, data={"action": "continue"})
    assert "/q/" in page.url.path, page.url
    return client, page.url.path


def cookie_header(client: httpx.Client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def wire_bytes(client: httpx.Client, path: str) -> tuple[int, int]:
    """Compressed body bytes as sent, and a count of the response header bytes."""
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
        response.read()
        body = response.num_bytes_downloaded
        headers = sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 17
        assert response.status_code == 200, (path, response.status_code)
    return body, headers


def page_weight(base: str) -> dict:
    client, question = start_journey(base)
    html = client.get(question).text
    assets = re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', html)
    rows = [("HTML " + question, *wire_bytes(client, question))]
    for asset in assets:
        rows.append((asset, *wire_bytes(client, asset)))
        if asset.endswith(".css"):  # fonts or images the stylesheet pulls in
            css = client.get(asset).text
            for url in re.findall(r"url\(['\"]?(/static/[^'\")]+)", css):
                rows.append((url, *wire_bytes(client, url)))
    total = sum(body + headers for _, body, headers in rows)
    first = rows[0][1] + rows[0][2]
    return {
        "resources": [{"path": p, "body": b, "headers": h} for p, b, h in rows],
        "first_html_bytes": first,
        "total_bytes": total,
        "fonts": sum(1 for p, _, _ in rows if re.search(r"\.(woff2?|ttf|otf)", p)),
    }


def run_wrk(url: str, seconds: float, headers: dict[str, str], body: str | None) -> float:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write(f'wrk.method = "POST"\nwrk.body = "{body}"\n')
    command += ["-s", script.name, url]
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def run_python(url: str, seconds: float, headers: dict[str, str], body: str | None) -> float:
    """Keep-alive HTTP/1.1 from threads; slower than wrk, so it is used only without it."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    stop = time.monotonic() + seconds
    counts: list[int] = []

    def worker() -> None:
        conn, done = HTTPConnection(host, int(port)), 0
        while time.monotonic() < stop:
            conn.request("POST" if body else "GET", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"HTTP {response.status} under load")
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started)


def load(url: str, seconds: float, headers: dict[str, str], body: str | None = None) -> float:
    runner = run_wrk if shutil.which("wrk") else run_python
    return runner(url, seconds, headers, body)


def answer_rate(database_url: str, rounds: int, seconds: float, env: dict[str, str]) -> float:
    prepare(database_url)
    with server(
        "voices.app:create_app", VOICES_PORT, {**env, "VOICES_DATABASE_URL": database_url}, True
    ) as base:
        client, question = start_journey(base)
        headers = {
            "Cookie": cookie_header(client),
            "Origin": base,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        body = "answer=foster&action=continue"  # an answer to "Who do you live with?"
        rates = [load(base + question, seconds, headers, body) for _ in range(rounds)]
    return statistics.median(rates)


def main() -> int:
    parser = argparse.ArgumentParser(description="Voices respondent-page benchmark")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 2 seconds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds = 2, 2

    work = Path(tempfile.mkdtemp(prefix="voices-bench-"))
    env = {"VOICES_SECRET_KEY": "bench-secret", "VOICES_SECURE_COOKIES": "0"}
    sqlite_url = f"sqlite:///{work / 'voices.db'}"
    result: dict = {"load_generator": "wrk" if shutil.which("wrk") else "python threads"}
    try:
        prepare(sqlite_url)
        with (
            server(
                "voices.app:create_app",
                VOICES_PORT,
                {**env, "VOICES_DATABASE_URL": sqlite_url},
                True,
            ) as voices_base,
            server("bench.bare.same_page:app", BARE_PORT, {}) as bare_base,
            server("bench.bare.minimal:app", MINIMAL_PORT, {}) as minimal_base,
        ):
            result["page_weight"] = page_weight(voices_base)
            client, question = start_journey(voices_base)
            headers = {"Cookie": cookie_header(client), "Accept-Encoding": "gzip"}
            gzip_only = {"Accept-Encoding": "gzip"}
            rates: dict[str, list[float]] = {"voices": [], "same_page": [], "minimal": []}
            for _ in range(args.rounds):  # alternate so machine noise hits all alike
                rates["voices"].append(load(voices_base + question, args.seconds, headers))
                rates["same_page"].append(load(bare_base + "/page", args.seconds, gzip_only))
                rates["minimal"].append(load(minimal_base + "/page", args.seconds, gzip_only))
        medians = {name: statistics.median(values) for name, values in rates.items()}
        result["question_page"] = {
            **{f"{name}_rps": round(rate, 1) for name, rate in medians.items()},
            "ratio": round(medians["voices"] / medians["same_page"], 3),
            "ratio_vs_minimal": round(medians["voices"] / medians["minimal"], 3),
            "rounds": {name: [round(r) for r in values] for name, values in rates.items()},
        }
        (work / "voices.db").unlink()
        for suffix in ("-wal", "-shm"):
            (work / f"voices.db{suffix}").unlink(missing_ok=True)
        result["answers_per_second"] = {
            "sqlite": round(answer_rate(sqlite_url, args.rounds, args.seconds, env), 1)
        }
        if postgres_ready():
            result["answers_per_second"]["postgresql"] = round(
                answer_rate(PG_BENCH, args.rounds, args.seconds, env), 1
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["rounds"], result["seconds"] = args.rounds, args.seconds

    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0


def report(result: dict) -> None:
    weight = result["page_weight"]
    print("1. What a phone downloads for a question page (gzip, bytes on the wire)")
    for row in weight["resources"]:
        print(f"   {row['path']:<48} body {row['body']:>6}  headers {row['headers']:>5}")
    print(f"   first HTML response {weight['first_html_bytes']:>6} B  (target <= {HTML_TARGET})")
    print(f"   everything          {weight['total_bytes']:>6} B  (target <= {TOTAL_TARGET})")
    print(f"   web fonts           {weight['fonts']:>6}    (system fonts only)")
    page = result["question_page"]
    print(
        f"\n2. Question page, requests per second ({result['load_generator']}, "
        f"{CONNECTIONS} connections, median of {result['rounds']} x {result['seconds']} s)"
    )
    print(f"   Voices question page              {page['voices_rps']:>9.1f}")
    print(f"   same page, bare Starlette+Jinja2  {page['same_page_rps']:>9.1f}")
    print(f"   minimal bare Starlette+Jinja2     {page['minimal_rps']:>9.1f}")
    print(f"   ratio to the same page, bare      {page['ratio']:>9.3f}   (target >= 0.5)")
    print(f"   ratio to the minimal page         {page['ratio_vs_minimal']:>9.3f}")
    print(f"   rounds: {page['rounds']}")
    print("\n3. Answers saved per second (POST an answer, 303 to the next question)")
    for name, rate in result["answers_per_second"].items():
        print(f"   {name:<22} {rate:>9.1f}")


if __name__ == "__main__":
    sys.exit(main())
