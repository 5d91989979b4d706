"""The served app under load: requests/s and p95 latency with 16 concurrent clients on loopback.

Builds the demo collection (no PDFs) into a temporary folder, starts ``scielo-pub serve`` (waitress, 8
threads) on a free 127.0.0.1 port and, for each kind of request, runs 16 client threads with keep-alive
connections until ``BENCH_SERVE_REQUESTS`` (default 2,000) requests are answered: static pages (home, journal,
issue and article pages), the search page (``/search``) and the search API (``/api/v1/search``) with mixed
queries, and OAI-PMH ``ListRecords`` when the app has the ``/oai`` provider. Reference measured in the same
run on the same terms: a bare WSGI app answering a fixed 2 kB body under the same waitress settings. Client
and server share the machine's cores, so the figures are a floor, not a capacity.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks._common import ROOT, print_table

REQUESTS = int(os.environ.get("BENCH_SERVE_REQUESTS", "2000"))
CLIENTS = 16
THREADS = 8
QUERIES = ["chile", "sequia", "au:munoz", '"floresta esclerofila"', "vacin*", "dengue OR aves",
           "ti:brasil NOT tuberculose", "kw:aves", "saude", "af:chile", "year:2025", "lang:es"]  # fmt: skip

BARE_APP = """
import sys
from waitress import serve
BODY = b"x" * 2048
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))])
    return [BODY]
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=int(sys.argv[2]), _quiet=True)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 60 s")


def load(port: int, paths: list[str], total: int) -> tuple[float, list[float], int]:
    """``total`` GETs of ``paths`` (cycled) by 16 keep-alive clients: seconds, latencies of the answered
    ones, and the number of failures (non-2xx answers, timeouts after 30 s, dropped connections)."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        for n in counter:
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):  # timed out or dropped: counted, not timed
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
            bad += not 200 <= response.status < 300
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, failures[0]


def _pages(site: Path) -> list[str]:
    pages = sorted(site.glob("j/*/index*.html")) + sorted(site.glob("j/*/*/index*.html"))
    pages += sorted(site.glob("j/*/*/*/*.html"))
    return ["/", *("/" + p.relative_to(site).as_posix() for p in pages)]


def _has_oai(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/oai?verb=Identify")
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status == 200 and "xml" in (response.getheader("Content-Type") or "")


def _start(argv: list[str], port: int, log: Path) -> subprocess.Popen:
    """The server process, its output in ``log`` (a pipe nobody reads would stall it once full)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
    _wait(port, proc, log)
    return proc


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        site = Path(tmp) / "demo"
        subprocess.run(
            [sys.executable, "-m", "scielo_pub.cli", "build", str(ROOT / "collections" / "demo"),
             "-o", str(site), "--no-pdf", "-j", "2"],
            check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        port = _free_port()
        bare_port = _free_port()
        bare = _start(
            [sys.executable, "-c", BARE_APP, str(bare_port), str(THREADS)],
            bare_port,
            Path(tmp) / "bare.log",
        )
        try:
            reference = load(bare_port, ["/"], REQUESTS)
        finally:
            _stop(bare)
        app = _start([sys.executable, "-m", "scielo_pub.cli", "serve", str(site), "--port", str(port),
                      "--threads", str(THREADS)], port, Path(tmp) / "serve.log")  # fmt: skip
        try:
            kinds = [
                ("static pages", _pages(site)),
                (
                    "search page",
                    [f"/search?q={q}&ui={ui}" for q in QUERIES for ui in ("pt", "es", "en")],
                ),
                ("search API", [f"/api/v1/search?q={q}" for q in QUERIES]),
            ]
            if _has_oai(port):
                kinds.append(("OAI ListRecords", ["/oai?verb=ListRecords&metadataPrefix=oai_dc"]))
            results = [
                (name, load(port, [_quote(p) for p in paths], REQUESTS)) for name, paths in kinds
            ]
        finally:
            _stop(app)
    ref_rps = REQUESTS / reference[0]
    rows = [["bare WSGI app (reference)", f"{ref_rps:,.0f}", f"{_p95(reference[1]):.1f}",
             f"{1000 * statistics.median(reference[1]):.1f}", "1.00x", reference[2]]]  # fmt: skip
    for name, (seconds, latencies, failed) in results:
        rps = REQUESTS / seconds
        rows.append([name, f"{rps:,.0f}", f"{_p95(latencies):.1f}",
                     f"{1000 * statistics.median(latencies or [float('nan')]):.1f}", f"{rps / ref_rps:.2f}x", failed])  # fmt: skip
    if not any(name == "OAI ListRecords" for name, _ in results):
        print("(no /oai provider in this app: OAI ListRecords not measured)")
    print(f"\n{REQUESTS:,} requests per kind, {CLIENTS} keep-alive clients, waitress with {THREADS} threads, "
          "demo collection (13 articles), loopback; ratio = requests/s against the bare app")  # fmt: skip
    print_table(["requests", "req/s", "p95 ms", "median ms", "ratio", "failed"], rows)


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/?=&:*")


def _p95(latencies: list[float]) -> float:
    ordered = sorted(latencies) or [float("nan")]
    return 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


if __name__ == "__main__":
    main()
