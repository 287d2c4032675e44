"""Shared pieces of the OneVisit benchmarks: the daemon as a child process, `name value`
output, percentiles, the raw SQLite commit rate that the daemon's figures are compared with,
and what /proc says of the daemon's CPU time and memory. Python 3 standard library only."""

import http.client
import json
import os
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


def begin(daemon_arg, prefix):
    """The daemon binary (given, else the built one) and a fresh work directory, both named
    in the output (`bench.daemon`, `bench.build`). Fails when there is no binary."""
    daemon_path = os.path.abspath(daemon_arg or default_daemon() or "")
    if not os.access(daemon_path, os.X_OK):
        fail("no onevisitd binary; build it with `swift build -c release --product onevisitd`")
    out("bench.daemon", daemon_path)
    out("bench.build", "release" if "/release/" in daemon_path else "debug" if "/debug/" in daemon_path else "unknown")
    return daemon_path, tempfile.mkdtemp(prefix=prefix)


def end(daemon, work, keep):
    """Stops the daemon if it still runs; removes the work directory unless kept."""
    if daemon:
        daemon.stop_hard()
    if keep:
        out("bench.kept", work)
    else:
        shutil.rmtree(work, ignore_errors=True)


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n * p / 100)
    return sorted_values[int(min(rank, len(sorted_values))) - 1]


# MARK: The daemon

BENCH_SETTINGS = {"http": {"ticketsPerMinute": 0, "bookingsPerMinute": 0}}


class Daemon:
    """onevisitd as a child process; its stderr is drained to a log file so it never blocks.
    Its configuration file (in the data directory) turns the per-client ticket rate limit off:
    every benchmark client comes from 127.0.0.1, where a hall's kiosks come from many."""

    def __init__(self, path, data_dir, log_path, extra_args=(), settings=None, simulate=True):
        self.path = path
        config = os.path.join(data_dir, "bench.yaml")
        os.makedirs(data_dir, exist_ok=True)
        with open(config, "w", encoding="utf-8") as f:
            for section, values in (settings or BENCH_SETTINGS).items():
                f.write(f"{section}:\n")
                for key, value in values.items():
                    f.write(f"  {key}: {value}\n")
        self.log_path = log_path
        self.port = None
        self._port_found = threading.Event()
        self._log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.proc = subprocess.Popen(
            [path, *(["--simulate"] if simulate else []), "--config", config, "--port", "0", "--data-dir", data_dir, *extra_args],
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

    def wait_healthy(self, timeout, path="/healthz"):
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                fail(f"onevisitd exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return
                last = f"status {response.status}"
            except OSError as error:
                last = str(error)
            time.sleep(0.01)
        self.stop_hard()
        fail(f"GET {path} did not answer 200 within {timeout}s ({last})")

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


# MARK: The hall's layout


DEMO = os.path.join(PACKAGE_ROOT, "Sources", "HallServer", "Resources", "demo")


def demo_hall():
    """The demo hall's layout (hall.json) as a dict, to change before `write_hall`."""
    with open(os.path.join(DEMO, "hall.json"), encoding="utf-8") as f:
        return json.load(f)


def write_hall(directory, hall):
    """Writes a hall layout (and the demo calendars it names) into `directory`; returns the
    file for `--hall`."""
    shutil.copytree(os.path.join(DEMO, "calendar"), os.path.join(directory, "calendar"))
    path = os.path.join(directory, "hall.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(hall, f, ensure_ascii=False)
    return path


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




# MARK: HTTP helpers


def request_json(port, method, path, body=None, token=None, timeout=30):
    """One request on its own connection; returns (status, decoded JSON or None)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, json.dumps(body).encode() if body is not None else None, headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else None)
    finally:
        conn.close()


def sign_in(port, staff_id, password="demo"):
    """A session token of a demo account (the daemon makes them with --simulate)."""
    status, answer = request_json(port, "POST", "/api/v1/session", {"staffID": staff_id, "password": password})
    if status != 201:
        fail(f"sign-in of {staff_id} answered {status}: {answer}")
    return answer["token"]


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


# MARK: What /proc says of the daemon


def cpu_seconds(pid):
    """User + system CPU time of a process so far, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_megabytes(pid, kind="VmRSS"):
    """Resident memory of a process now, in MB: all of it (VmRSS), or its heap and stacks
    (RssAnon) without the mapped files (RssFile: the binary, ICU data, fonts)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(kind + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")
