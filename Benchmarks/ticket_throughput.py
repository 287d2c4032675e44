#!/usr/bin/env python3
"""Ticket throughput of onevisitd, next to the raw SQLite commit rate of the same machine.

Starts `onevisitd --simulate --port 0 --data-dir DIR`, issues tickets (POST /api/v1/tickets)
for N seconds, then times one-row SQLite transactions with the daemon's durability settings
(WAL, synchronous=FULL) and, for comparison, synchronous=NORMAL. Finally stops the daemon
with SIGTERM and prints its exit code. Tickets on paper (`--paper kiosk`, the default) are
loaded by Python threads, one printer each; tickets without paper (`--paper none`) by wrk
(Debian's package), so that the client is not what is measured.

Output is one `name value` pair a line, e.g. `http.tickets_per_second 812.3`.
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import BoardListener, Daemon, end, default_daemon, fail, out, percentile, report_sqlite, request_json, sign_in  # noqa: E402
from wrk_tickets import run_wrk  # noqa: E402

# Demo hall queues without a daily or band cap (Sources/HallServer/Resources/demo/hall.json);
# "general" stops at 600 tickets a day, which a benchmark reaches within seconds and then
# measures only 409 queue_full answers.
UNCAPPED_QUEUES = ["green-channel", "pickup", "proxy", "unresolved"]


# MARK: HTTP load, Python clients (tickets on paper)


class ClientResult:
    def __init__(self, printer):
        self.printer = printer        # the kiosk printer this client prints on, or None
        self.latencies = []           # seconds, every request that got an answer
        self.statuses = Counter()     # HTTP status, or an exception name when there was no answer
        self.completions = []         # monotonic time of each 201, for the per-second timeline
        self.reconnects = 0


def client_loop(port, first_queue, deadline, result, paper):
    def body(queue):
        ticket = {"queue": queue}
        if paper == "none":
            ticket["print"] = False
        elif result.printer:
            ticket["printer"] = result.printer
        return json.dumps(ticket).encode()
    bodies = [body(q) for q in UNCAPPED_QUEUES]
    headers = {"Content-Type": "application/json"}
    index = first_queue
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        request_body = bodies[index % len(bodies)]
        index += 1
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/tickets", request_body, headers)
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


def run_python(port, seconds, clients, printers, paper, prefix="http"):
    """C client threads for `seconds`, client i printing on printers[i % len]; prints the
    figures under `prefix` and returns (tickets issued, rate, latencies by printer)."""
    results = [ClientResult(printers[i % len(printers)] if printers else None) for i in range(clients)]
    start = time.monotonic()
    deadline = start + seconds
    threads = [threading.Thread(target=client_loop, args=(port, i, deadline, results[i], paper))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start

    latencies = sorted(x for r in results for x in r.latencies)
    statuses = Counter()
    by_printer = defaultdict(list)
    for r in results:
        statuses.update(r.statuses)
        by_printer[r.printer].extend(r.latencies)
    issued = statuses.get(201, 0)
    errors = {k: v for k, v in statuses.items() if k != 201}
    out(f"{prefix}.requests", sum(statuses.values()))
    out(f"{prefix}.tickets_issued", issued)
    out(f"{prefix}.errors", sum(errors.values()))
    for key in sorted(errors, key=str):
        out(f"{prefix}.errors.{key}", errors[key])
    out(f"{prefix}.reconnects", sum(r.reconnects for r in results))
    out(f"{prefix}.elapsed_seconds", elapsed)
    rate = issued / elapsed if elapsed > 0 else 0.0
    out(f"{prefix}.tickets_per_second", rate)
    report_latencies(prefix, latencies)
    # Tickets issued in each whole second of the run: shows whether the rate holds up as
    # waiting tickets pile up (nobody calls them during the benchmark).
    buckets = Counter(int(t - start) for r in results for t in r.completions)
    out(f"{prefix}.timeline_tickets_per_second", " ".join(str(buckets.get(s, 0)) for s in range(int(seconds))))
    if printers and len(printers) > 1:
        for printer in printers:
            values = sorted(by_printer[printer])
            out(f"{prefix}.printer.{printer}.tickets", len(values))
            out(f"{prefix}.printer.{printer}.latency_ms.p50", percentile(values, 50) * 1000, 2)
    return issued, rate, {k: sorted(v) for k, v in by_printer.items()}


def report_latencies(prefix, latencies):
    for p in (50, 90, 99):
        out(f"{prefix}.latency_ms.p{p}", percentile(latencies, p) * 1000, 2)
    out(f"{prefix}.latency_ms.max", (latencies[-1] if latencies else float("nan")) * 1000, 2)


def issued_today(port):
    """Sum of issuedToday over the uncapped queues, read back from GET /api/v1/queues."""
    status, data = request_json(port, "GET", "/api/v1/queues", timeout=10)
    if status != 200:
        fail(f"GET /api/v1/queues answered {status}")
    return sum(q["issuedToday"] for q in data["queues"] if q["queue"]["id"] in UNCAPPED_QUEUES)


# MARK: The printers


def write_devices_file(path, kiosks):
    """A devices file with `kiosks` simulated kiosk printers, kiosk-1 … kiosk-N."""
    printers = [{"id": f"kiosk-{i + 1}", "role": "kiosk"} for i in range(kiosks)]
    with open(path, "w") as f:
        json.dump({"printers": printers}, f)
    return [p["id"] for p in printers]


def hang_printer(port, printer):
    """The simulated printer stops answering (as a hung printer does), by the technician."""
    token = sign_in(port, "technician1")
    status, answer = request_json(port, "POST", f"/api/v1/simulator/printers/{printer}", {"responding": False}, token=token)
    if status != 200:
        fail(f"could not hang {printer}: {status} {answer}")


def run_paper(args, port):
    """Tickets on kiosk printers: with N > 1, first all clients on kiosk-1 (the reference),
    then spread over all N; with --hung-printer, again with kiosk-1 hung. Returns the
    (issued, rate) of every phase, and the rate of the spread phase."""
    printers = args.printer_ids
    phases = []
    if len(printers) > 1:
        issued, one_rate, _ = run_python(port, args.seconds, args.clients, printers[:1], "kiosk", prefix="kiosks.one")
        phases.append(issued)
    issued, rate, healthy = run_python(port, args.seconds, args.clients, printers, "kiosk")
    phases.append(issued)
    if len(printers) > 1:
        out("ratio.kiosks_n_over_one", rate / one_rate if one_rate > 0 else 0.0, 3)
    if args.hung_printer:
        hang_printer(port, printers[0])
        issued, _, hung = run_python(port, args.seconds, args.clients, printers, "kiosk", prefix="hung")
        phases.append(issued)
        before = sorted(x for p in printers[1:] for x in healthy.get(p, []))
        after = sorted(x for p in printers[1:] for x in hung.get(p, []))
        out("printers.others.latency_ms.p50.healthy", percentile(before, 50) * 1000, 2)
        out("printers.others.latency_ms.p50.one_hung", percentile(after, 50) * 1000, 2)
        out("printers.others.latency_ms.p99.healthy", percentile(before, 99) * 1000, 2)
        out("printers.others.latency_ms.p99.one_hung", percentile(after, 99) * 1000, 2)
        if before and after:
            out("ratio.others_latency_p50_one_hung_over_healthy", percentile(after, 50) / percentile(before, 50), 3)
    return sum(phases), rate


# MARK: Main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--daemon", help="onevisitd binary (default .build/release/onevisitd, "
                        "else .build/debug/onevisitd)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (default 10)")
    parser.add_argument("--clients", type=int, help="HTTP clients (default 4; 32 wrk connections with --paper none)")
    parser.add_argument("--paper", choices=["kiosk", "none"], default="kiosk",
                        help="kiosk: every ticket printed on a simulated kiosk printer; none: tickets without paper")
    parser.add_argument("--kiosks", type=int, default=1, help="simulated kiosk printers (default 1)")
    parser.add_argument("--hung-printer", action="store_true",
                        help="with --kiosks 2 or more: a last phase with kiosk-1 hung, the others' latency compared")
    parser.add_argument("--client", choices=["wrk", "python"],
                        help="load client (default wrk with --paper none when installed, else python)")
    parser.add_argument("--data-dir", help="daemon data directory (default: a fresh temporary directory)")
    parser.add_argument("--board", action="store_true",
                        help="keep one display-board stream (GET /api/v1/board/events) open during the "
                        "run and through SIGTERM, as in a real hall")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (daemon log, database) instead of removing it")
    args = parser.parse_args()
    client = args.client or ("wrk" if args.paper == "none" and shutil.which("wrk") else "python")
    if client == "wrk" and not shutil.which("wrk"):
        fail("wrk is not installed (Debian package wrk; scripts/system-packages installs it)")
    if client == "wrk" and args.paper != "none":
        fail("wrk loads tickets without paper only (--paper none)")
    args.clients = args.clients or (32 if client == "wrk" else 4)
    if args.seconds <= 0 or args.clients < 1 or args.kiosks < 1:
        fail("--seconds must be positive, --clients and --kiosks at least 1")
    if args.hung_printer and (args.kiosks < 2 or args.paper != "kiosk"):
        fail("--hung-printer needs --paper kiosk and --kiosks 2 or more")

    daemon_path = args.daemon or default_daemon()
    if not daemon_path or not os.access(daemon_path, os.X_OK):
        fail(f"no onevisitd binary at {daemon_path or '.build/{release,debug}/onevisitd'}; "
             "build it with `swift build -c release --product onevisitd`")
    daemon_path = os.path.abspath(daemon_path)

    work_dir = tempfile.mkdtemp(prefix="onevisit-bench-")
    data_dir = os.path.abspath(args.data_dir) if args.data_dir else os.path.join(work_dir, "data")
    os.makedirs(data_dir, exist_ok=True)
    extra = []
    args.printer_ids = []
    # Without paper the hall runs with no devices at all: a phone's ticket touches no printer
    # (and a daemon that predates `"print": false` prints nothing either).
    devices = os.path.join(work_dir, "devices.json")
    args.printer_ids = write_devices_file(devices, args.kiosks if args.paper == "kiosk" else 0)
    extra = ["--devices", devices]

    out("bench.daemon", daemon_path)
    out("bench.build", "release" if "/release/" in daemon_path else "debug" if "/debug/" in daemon_path else "unknown")
    out("bench.data_dir", data_dir)
    out("bench.seconds", args.seconds)
    out("bench.client", client)
    out("bench.clients", args.clients)
    out("bench.paper", args.paper)
    out("bench.kiosks", args.kiosks if args.paper == "kiosk" else 0)
    out("bench.queues", ",".join(UNCAPPED_QUEUES))
    out("machine.platform", platform.platform())
    out("machine.cpus", os.cpu_count())
    out("machine.python", platform.python_version())
    out("machine.sqlite_python", sqlite3.sqlite_version)

    code = stored = issued = None
    stored_all = False
    daemon = Daemon(daemon_path, data_dir, os.path.join(work_dir, "daemon.log"), extra)
    try:
        port = daemon.wait_for_port(30)
        daemon.wait_healthy(10)
        out("daemon.port", port)
        board = BoardListener(port) if args.board else None
        out("bench.board_connected", "yes" if board else "no")

        before = issued_today(port)
        if args.paper == "kiosk":
            issued, rate = run_paper(args, port)
        elif client == "wrk":
            issued, rate = run_wrk(port, args.seconds, args.clients)
        else:
            issued, rate, _ = run_python(port, args.seconds, args.clients, [], "none")
        # Every 201 must be a stored ticket: the queue counters read back must have moved by as
        # much (unless the service day changed at midnight during the run). wrk stops with a
        # request in flight on each connection: those tickets are stored, their 201 not counted.
        stored = issued_today(port) - before
        in_flight = args.clients if client == "wrk" else 0
        out("check.counter_increase", stored)
        out("check.in_flight_at_stop", stored - issued)
        stored_all = issued <= stored <= issued + in_flight
        out("check.matches_201", "yes" if stored_all else "no")

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
        end(daemon, work_dir, args.keep)
    if code != 0 or not stored_all:
        sys.exit(1)


if __name__ == "__main__":
    main()
