#!/usr/bin/env python3
"""Ticket throughput of onevisitd, next to the raw SQLite commit rate of the same machine.

Starts `onevisitd --simulate --port 0 --data-dir DIR`, has C client threads issue tickets
(POST /api/v1/tickets) over keep-alive connections for N seconds, then times one-row
SQLite transactions with the daemon's durability settings (WAL, synchronous=FULL) and,
for comparison, synchronous=NORMAL. Finally stops the daemon with SIGTERM and prints its
exit code. Python 3 standard library only.

Output is one `name value` pair a line, e.g. `http.tickets_per_second 812.3`.
"""

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter

# Demo hall queues without a daily or band cap (Sources/HallServer/Resources/demo/hall.json);
# "general" stops at 600 tickets a day, which a benchmark reaches within seconds and then
# measures only 409 queue_full answers.
UNCAPPED_QUEUES = ["green-channel", "pickup", "proxy", "unresolved"]

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
URL_PATTERN = re.compile(r"url=http://127\.0\.0\.1:(\d+)/")


def out(name, value, digits=1):
    if isinstance(value, float):
        value = f"{value:.{digits}f}"
    print(f"{name} {value}", flush=True)


def fail(message):
    print(f"error: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def default_daemon():
    for build in ("release", "debug"):
        for root in (os.getcwd(), PACKAGE_ROOT):
            path = os.path.join(root, ".build", build, "onevisitd")
            if os.access(path, os.X_OK):
                return path
    return None


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n * p / 100)
    return sorted_values[int(min(rank, len(sorted_values))) - 1]


# MARK: The daemon


class Daemon:
    """onevisitd as a child process; its stderr is drained to a log file so it never blocks."""

    def __init__(self, path, data_dir, log_path):
        self.path = path
        self.log_path = log_path
        self.port = None
        self._port_found = threading.Event()
        self._log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.proc = subprocess.Popen(
            [path, "--simulate", "--port", "0", "--data-dir", data_dir],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", errors="replace")
            self._log.write(line)
            if self.port is None:
                match = URL_PATTERN.search(line)
                if match:
                    self.port = int(match.group(1))
                    self._log.flush()
                    self._port_found.set()
        self._log.flush()
        self._port_found.set()  # stderr closed: the daemon is gone

    def wait_for_port(self, timeout):
        self._port_found.wait(timeout)
        if self.port is None:
            self.stop_hard()
            fail(f"onevisitd did not log its url within {timeout}s; log:\n{self.log_tail()}")
        return self.port

    def wait_healthy(self, timeout):
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                fail(f"onevisitd exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return
                last = f"status {response.status}"
            except OSError as error:
                last = str(error)
            time.sleep(0.1)
        self.stop_hard()
        fail(f"GET /healthz did not answer 200 within {timeout}s ({last})")

    def terminate(self, timeout):
        """SIGTERM, then wait. Returns (exit code or None on timeout, seconds taken)."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None, time.monotonic() - start
        elapsed = time.monotonic() - start
        self._reader.join(5)
        return code, elapsed

    def stop_hard(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(5)
        self._log.flush()

    def log_tail(self, lines=20):
        self._log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])


# MARK: HTTP load


class ClientResult:
    def __init__(self):
        self.latencies = []          # seconds, every request that got an answer
        self.statuses = Counter()    # HTTP status, or an exception name when there was no answer
        self.completions = []        # monotonic time of each 201, for the per-second timeline
        self.reconnects = 0


def client_loop(port, first_queue, deadline, result):
    bodies = [json.dumps({"queue": q}).encode() for q in UNCAPPED_QUEUES]
    headers = {"Content-Type": "application/json"}
    index = first_queue
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        body = bodies[index % len(bodies)]
        index += 1
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/tickets", body, headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            result.statuses[type(error).__name__] += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            result.reconnects += 1
            continue
        result.latencies.append(time.perf_counter() - start)
        result.statuses[response.status] += 1
        if response.status == 201:
            result.completions.append(time.monotonic())
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            result.reconnects += 1
    conn.close()


def run_http(port, seconds, clients):
    results = [ClientResult() for _ in range(clients)]
    start = time.monotonic()
    deadline = start + seconds
    threads = [threading.Thread(target=client_loop, args=(port, i, deadline, results[i]))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start

    latencies = sorted(x for r in results for x in r.latencies)
    statuses = Counter()
    for r in results:
        statuses.update(r.statuses)
    issued = statuses.get(201, 0)
    errors = {k: v for k, v in statuses.items() if k != 201}

    out("http.requests", sum(statuses.values()))
    out("http.tickets_issued", issued)
    out("http.errors", sum(errors.values()))
    for key in sorted(errors, key=str):
        out(f"http.errors.{key}", errors[key])
    out("http.reconnects", sum(r.reconnects for r in results))
    out("http.elapsed_seconds", elapsed)
    rate = issued / elapsed if elapsed > 0 else 0.0
    out("http.tickets_per_second", rate)
    for p in (50, 90, 99):
        out(f"http.latency_ms.p{p}", percentile(latencies, p) * 1000, 2)
    out("http.latency_ms.max", (latencies[-1] if latencies else float("nan")) * 1000, 2)
    # Tickets issued in each whole second of the run: shows whether the rate holds up as
    # waiting tickets pile up (nobody calls them during the benchmark).
    buckets = Counter(int(t - start) for r in results for t in r.completions)
    timeline = [buckets.get(s, 0) for s in range(int(seconds))]
    out("http.timeline_tickets_per_second", " ".join(str(n) for n in timeline))
    return issued, rate


def issued_today(port):
    """Sum of issuedToday over the uncapped queues, read back from GET /api/v1/queues."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/api/v1/queues")
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    return sum(q["issuedToday"] for q in data["queues"] if q["queue"]["id"] in UNCAPPED_QUEUES)


class BoardListener:
    """One display board: an open GET /api/v1/board/events stream, read in the background and
    left open through SIGTERM, as a real board in the hall would be."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
        self.conn.request("GET", "/api/v1/board/events", headers={"Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            fail(f"GET /api/v1/board/events answered {self.response.status}")
        self.ended = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            while self.response.readline():
                pass
        except (OSError, http.client.HTTPException):
            pass
        self.ended.set()

    def close(self):
        try:
            self.conn.sock and self.conn.sock.close()
        except OSError:
            pass


# MARK: Raw SQLite


TICKET_TABLE = """
CREATE TABLE ticket (
    id TEXT PRIMARY KEY NOT NULL, number TEXT NOT NULL, queueID TEXT NOT NULL,
    serviceDay TEXT NOT NULL, sequence INTEGER NOT NULL, state TEXT NOT NULL,
    itemID TEXT, bundleID TEXT, priority TEXT, weight INTEGER NOT NULL,
    issuedAt DATETIME NOT NULL, windowID TEXT, targetWindowID TEXT,
    recallCount INTEGER NOT NULL, calledAt DATETIME, peopleAheadAtIssue INTEGER NOT NULL,
    estimatedWaitMinutes INTEGER NOT NULL)
"""
TICKET_INDEX = "CREATE UNIQUE INDEX ticket_day_number ON ticket (serviceDay, number)"
TICKET_INSERT = "INSERT INTO ticket VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"


def run_sqlite(path, synchronous, seconds):
    """One 17-column ticket row per committed transaction, single thread, for `seconds`.
    Returns (commits, elapsed seconds, sorted commit latencies in seconds)."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)  # autocommit: explicit BEGIN/COMMIT below
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        fail(f"SQLite refused WAL on {path} (journal_mode={mode})")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.execute(TICKET_TABLE)
    db.execute(TICKET_INDEX)
    day = time.strftime("%Y-%m-%d")
    latencies = []
    sequence = 0
    start = time.monotonic()
    deadline = start + seconds
    while time.monotonic() < deadline:
        sequence += 1
        row = (str(uuid.uuid4()), f"Q{sequence:03d}", "pickup", day, sequence, "waiting",
               None, None, None, 0, time.strftime("%Y-%m-%d %H:%M:%S.000"), None, None,
               0, None, sequence - 1, 0)
        t0 = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute(TICKET_INSERT, row)
        db.execute("COMMIT")
        latencies.append(time.perf_counter() - t0)
    elapsed = time.monotonic() - start
    db.close()
    latencies.sort()
    return len(latencies), elapsed, latencies


def report_sqlite(prefix, path, synchronous, seconds):
    commits, elapsed, latencies = run_sqlite(path, synchronous, seconds)
    out(f"{prefix}.inserts", commits)
    out(f"{prefix}.inserts_per_second", commits / elapsed if elapsed > 0 else 0.0)
    out(f"{prefix}.commit_ms.p50", percentile(latencies, 50) * 1000, 3)
    out(f"{prefix}.commit_ms.p99", percentile(latencies, 99) * 1000, 3)
    return commits / elapsed if elapsed > 0 else 0.0


# MARK: Main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--daemon", help="onevisitd binary (default .build/release/onevisitd, "
                        "else .build/debug/onevisitd)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (default 10)")
    parser.add_argument("--clients", type=int, default=4, help="HTTP client threads (default 4)")
    parser.add_argument("--data-dir", help="daemon data directory (default: a fresh temporary directory)")
    parser.add_argument("--board", action="store_true",
                        help="keep one display-board stream (GET /api/v1/board/events) open during the "
                        "run and through SIGTERM, as in a real hall")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (daemon log, database) instead of removing it")
    args = parser.parse_args()
    if args.seconds <= 0 or args.clients < 1:
        fail("--seconds must be positive and --clients at least 1")

    daemon_path = args.daemon or default_daemon()
    if not daemon_path or not os.access(daemon_path, os.X_OK):
        fail(f"no onevisitd binary at {daemon_path or '.build/{release,debug}/onevisitd'}; "
             "build it with `swift build -c release --product onevisitd`")
    daemon_path = os.path.abspath(daemon_path)

    work_dir = tempfile.mkdtemp(prefix="onevisit-bench-")
    data_dir = os.path.abspath(args.data_dir) if args.data_dir else os.path.join(work_dir, "data")
    os.makedirs(data_dir, exist_ok=True)

    out("bench.daemon", daemon_path)
    out("bench.build", "release" if "/release/" in daemon_path else "debug" if "/debug/" in daemon_path else "unknown")
    out("bench.data_dir", data_dir)
    out("bench.seconds", args.seconds)
    out("bench.clients", args.clients)
    out("bench.queues", ",".join(UNCAPPED_QUEUES))
    out("machine.platform", platform.platform())
    out("machine.cpus", os.cpu_count())
    out("machine.python", platform.python_version())
    out("machine.sqlite_python", sqlite3.sqlite_version)

    daemon = Daemon(daemon_path, data_dir, os.path.join(work_dir, "daemon.log"))
    try:
        port = daemon.wait_for_port(30)
        daemon.wait_healthy(10)
        out("daemon.port", port)
        board = BoardListener(port) if args.board else None
        out("bench.board_connected", "yes" if board else "no")

        stored = issued = None
        before = issued_today(port)
        issued, rate = run_http(port, args.seconds, args.clients)
        # Every 201 must be a stored ticket: the queue counters read back must have moved by as
        # much (unless the service day changed at midnight during the run).
        stored = issued_today(port) - before
        out("check.counter_increase", stored)
        out("check.matches_201", "yes" if stored == issued else "no")

        # The daemon sits idle now; the SQLite file lives next to its data (same file system).
        sqlite_path = os.path.join(data_dir, "sqlite-bench.sqlite")
        full = report_sqlite("sqlite.full", sqlite_path, "FULL", args.seconds)
        report_sqlite("sqlite.normal", sqlite_path, "NORMAL", args.seconds)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(sqlite_path + suffix):
                os.remove(sqlite_path + suffix)
        if full > 0:
            out("ratio.http_tickets_per_sqlite_full_insert", rate / full, 3)

        code, took = daemon.terminate(30)
        if board:
            out("daemon.board_stream_ended", "yes" if board.ended.is_set() else "no")
            board.close()
        if code is None:
            out("daemon.exit_code", "timeout")
            daemon.stop_hard()
        else:
            out("daemon.exit_code", code)
        out("daemon.shutdown_seconds", took)
        if code != 0:
            print(f"daemon log tail:\n{daemon.log_tail()}", file=sys.stderr)
    finally:
        daemon.stop_hard()
        if args.keep:
            out("bench.kept", work_dir)
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    if code != 0 or stored != issued:
        sys.exit(1)


if __name__ == "__main__":
    main()
