"""HTTP load for the benchmarks: `wrk` when it is installed, else a small asyncio client.

Both keep connections alive (as a phone's browser does) and cycle through a fixed list of
prepared requests, so one run can spread answers over many respondents and questions.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True)
class LoadResult:
    requests: int  # completed
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors and timeouts; HTTP 4xx/5xx raise instead


def choose(wanted: str) -> str:
    """'wrk' or 'python': what `auto` resolves to on this machine."""
    if wanted == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    if wanted == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install -y wrk)")
    return wanted


def run(
    generator: str,
    base: str,
    requests: list[Request],
    seconds: int,
    connections: int,
    threads: int = 1,
) -> LoadResult:
    """Whole seconds: wrk takes no fractions.

    Each sender (a connection here, a wrk thread, whose connections share one counter)
    cycles through its own slice of `requests`, so two senders never post the same
    request: a list of distinct answers stays distinct until a slice wraps round.
    """
    if generator == "wrk":
        return _run_wrk(base, requests, seconds, connections, threads)
    return asyncio.run(_run_python(base, requests, seconds, connections))


def slice_of(count: int, senders: int, sender: int) -> tuple[int, int]:
    """The [start, end) of one sender's own slice of `count` requests."""
    size = max(1, count // senders)
    start = min(sender * size, count - 1)
    end = count if sender == senders - 1 else min(count, start + size)
    return start, max(end, start + 1)


# --- wrk -------------------------------------------------------------------------------


def _encode(request: Request, host: str) -> bytes:
    """The request exactly as it goes on the wire; wrk and the fallback send the same bytes."""
    head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}"]
    head += [f"{name}: {value}" for name, value in request.headers.items()]
    body = request.body.encode()
    if request.method != "GET":
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


# Requests come from a data file, NUL-separated, not from Lua source: thousands of distinct
# requests would pass LuaJIT's limit on constants in one function.
_LUA = """
local prepared, i, first, last, threads = {}, 0, 1, 1, 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  for r in data:gmatch("[^%z]+") do table.insert(prepared, r) end
  -- each thread its own slice (its connections share the counter): no request is sent
  -- twice until the slice wraps round
  local n = tonumber(args[2])
  local size = math.max(1, math.floor(#prepared / n))
  first = math.min((offset or 0) * size, #prepared - 1)
  last = (offset or 0) == n - 1 and #prepared or math.min(#prepared, first + size)
  i = first
end
function request()
  i = i + 1
  if i > last then i = first + 1 end
  return prepared[i]
end
"""


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _latency_ms(out: str, percentile: str) -> float:
    found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    return float(found.group(1)) * _UNITS_MS[found.group(2)] if found else float("nan")


def _run_wrk(
    base: str, requests: list[Request], seconds: int, connections: int, threads: int
) -> LoadResult:
    host = urlsplit(base).netloc
    work = tempfile.mkdtemp(prefix="voices-bench-wrk-")
    try:
        script, data = os.path.join(work, "cycle.lua"), os.path.join(work, "requests")
        with open(script, "w") as out:
            out.write(_LUA)
        with open(data, "wb") as out:
            out.write(b"\0".join(_encode(r, host) for r in requests))
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
        command += ["-s", script, base + requests[0].path, "--", data, str(threads)]
        # subprocess.run kills wrk if we are interrupted while it runs.
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
        out = done.stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"HTTP errors under load:\n{out}")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return LoadResult(
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_latency_ms(out, "50"),
        p99_ms=_latency_ms(out, "99"),
        errors=sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    )


# --- the Python fallback -----------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response off a kept-alive connection; return its status."""
    status = int((await reader.readline()).split(b" ", 2)[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while size := int((await reader.readline()).split(b";")[0], 16):
        await reader.readexactly(size + 2)
    await reader.readline()  # the blank line after the last chunk
    return status


async def _run_python(
    base: str, requests: list[Request], seconds: int, connections: int
) -> LoadResult:
    """Keep-alive HTTP/1.1 over asyncio streams: one event loop, `connections` sockets.

    It costs more CPU per request than wrk, on the same two cores as the server, so its
    figures run lower; ratios measured with it in the same run still compare like with like.
    """
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    encoded = [_encode(r, f"{host}:{port}") for r in requests]
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def connection(sender: int) -> None:
        first, end = slice_of(len(encoded), connections, sender)
        reader, writer = await asyncio.open_connection(host, port)
        try:
            i = first
            while time.perf_counter() < stop:
                started = time.perf_counter()
                writer.write(encoded[i])
                status = await _read_response(reader)
                if status >= 400:
                    raise RuntimeError(f"HTTP {status} under load for {requests[i]}")
                latencies.append(time.perf_counter() - started)
                i = i + 1 if i + 1 < end else first
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection(n) for n in range(connections)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return LoadResult(
        requests=len(latencies),
        rps=len(latencies) / elapsed,
        p50_ms=cuts[49] * 1000,
        p99_ms=cuts[98] * 1000,
        errors=0,
    )
