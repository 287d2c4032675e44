#!/usr/bin/env python3
"""A live hall under load (issue 16): a realistic mix of requests at a fixed rate, with
display-board and window-screen streams connected, then a soak of hall days.

1. Starts `onevisitd --simulate` on a fresh data directory with a hall of --windows windows,
   each with a queue of its own and no daily cap (so the mix never runs into a cap), and
   signs a clerk in at each window. Prints the idle RSS.
2. Opens --streams server-sent-event streams, half `GET /api/v1/board/events` (boards),
   half `GET /api/v1/windows/{w}/review-events` (window screens), read by one thread.
3. Idle reference: one citizen at a time through the whole mix, no streams reading, the
   latency of each request (`idle.latency_ms.*`).
4. Load: for --seconds, one thread per window sends its share of --rate requests a second
   on a fixed schedule (open loop, so a slow answer does not slow the offered load): a
   ticket without paper, two status-page polls, call-next, start, open a case, check its
   material, accept it, finish, a review, and the queues' view. Latency per request from
   its scheduled time, errors by status, RSS sampled every half second.
5. Soak: --days rounds of --visits-per-day citizens as fast as the windows go, the RSS and
   p99 after each (`soak.day_N.*`), and the last day over the first.

Prints `name value` lines. Issue 16 asks `load.latency_ms.p99` ≤ 20, `load.errors` 0,
`rss_mb.idle` ≤ 64, `rss_mb.load_max` ≤ 128 and `ratio.soak.rss_last_over_first` ≈ 1.
Python 3 standard library only.
"""

import argparse
import http.client
import json
import os
import selectors
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Daemon, begin, demo_hall, end, fail, out, percentile, rss_megabytes, sign_in, write_hall  # noqa: E402

ITEM = "vaccination-certificate-issuance"   # one material: the resident ID card
APPLICANT = {"name": "测试人", "idNumber": "11010519491231002X", "phone": "13800138000"}
MIX = ["issue", "status", "call", "start", "open_case", "materials", "decision", "status", "finish", "review", "queues"]


def uncapped_hall(windows):
    """The demo hall with one uncapped queue per window (A… for window 1…)."""
    hall = demo_hall()
    hall["queues"] = [{"id": f"w{w}", "name": f"窗口{w}", "prefix": chr(ord("A") + w - 1), "anyItem": True}
                      for w in range(1, windows + 1)]
    hall["windows"] = [{"id": str(w), "name": f"综合窗口{w}", "kind": "comprehensive", "queues": [f"w{w}"]}
                       for w in range(1, windows + 1)]
    hall["appointments"]["offers"] = []
    return hall


class Client:
    """One keep-alive connection; reconnects once when the daemon closed an idle one."""

    def __init__(self, port, token=None):
        self.port, self.token, self.conn = port, token, None

    def call(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token or self.token:
            headers["Authorization"] = "Bearer " + (token or self.token)
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request(method, path, data, headers)
                response = self.conn.getresponse()
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise


class Window:
    """A window with its clerk, taking its own queue's citizens through the mix."""

    def __init__(self, port, number, token):
        self.port, self.number, self.clerk = port, number, Client(port, token)
        self.citizen = Client(port)
        self.ticket = self.case = None

    def step(self, name):
        w = self.number
        if name == "issue":
            status, answer = self.citizen.call("POST", "/api/v1/tickets", {"queue": f"w{w}", "print": False})
            self.ticket = answer.get("id") if status == 201 else None
            return status
        if name == "status":
            return self.citizen.call("GET", f"/api/v1/tickets/{self.ticket}")[0]
        if name == "queues":
            return self.citizen.call("GET", "/api/v1/queues")[0]
        if name in ("call", "start", "finish"):
            path = {"call": "call-next", "start": "start", "finish": "finish"}[name]
            status, answer = self.clerk.call("POST", f"/api/v1/windows/{w}/{path}")
            if name == "call" and status < 300:
                self.ticket = answer["id"]  # the queue's oldest: a paced run may have left one waiting
            return status
        if name == "open_case":
            status, answer = self.clerk.call("POST", "/api/v1/cases",
                                             {"ticketID": self.ticket, "itemID": ITEM, "applicant": APPLICANT})
            self.case = answer.get("number") if status == 201 else None
            return status
        if name == "materials":
            return self.clerk.call("POST", f"/api/v1/cases/{self.case}/materials",
                                   {"checks": [{"materialID": "resident-id-card", "status": "present"}]})[0]
        if name == "decision":
            return self.clerk.call("POST", f"/api/v1/cases/{self.case}/decision", {"decision": "accept"})[0]
        if name == "review":
            return self.citizen.call("POST", "/api/v1/reviews", {"channel": "kiosk", "level": 5, "ticketID": self.ticket})[0]
        raise ValueError(name)


class Streams:
    """Server-sent-event streams held open and read by one thread, as boards and screens do."""

    def __init__(self, port, count, windows):
        self.selector = selectors.DefaultSelector()
        self.events = 0
        self.closed = 0
        self.lock = threading.Lock()
        for i in range(count):
            path = "/api/v1/board/events" if i % 2 == 0 else f"/api/v1/windows/{1 + (i // 2) % windows}/review-events"
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ, bytearray())
        self.count = count
        self.stopping = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while not self.stopping:
            for key, _ in self.selector.select(0.2):
                try:
                    chunk = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    self.selector.unregister(key.fileobj)
                    with self.lock:
                        self.closed += 1
                    continue
                with self.lock:
                    self.events += chunk.count(b"\nevent: ") + chunk.startswith(b"event: ")

    def close(self):
        self.stopping = True
        self.thread.join(5)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()


def run_paced(windows, seconds, rate, latencies, errors):
    """Each window sends rate/len(windows) requests a second on a fixed schedule."""
    interval = len(windows) / rate
    begun = time.monotonic()

    def pace(window, offset):
        due = begun + offset
        i = 0
        # Runs on to the end of the visit under way, so the soak starts at windows with no ticket.
        while due < begun + seconds or i % len(MIX) != 0:
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            name = MIX[i % len(MIX)]
            try:
                status = window.step(name)
            except OSError as error:
                status = type(error).__name__
            latencies.append((name, time.monotonic() - due))
            if not (isinstance(status, int) and status < 300):
                errors[f"{name}.{status}"] = errors.get(f"{name}.{status}", 0) + 1
            i += 1
            due += interval

    threads = [threading.Thread(target=pace, args=(w, k * interval / len(windows))) for k, w in enumerate(windows)]
    for t in threads:
        t.start()
    return threads


def run_visits(windows, visits, latencies, errors):
    """`visits` citizens through the mix, spread over the windows, as fast as they go."""
    def work(window, count):
        for _ in range(count):
            for name in MIX:
                start = time.monotonic()
                status = window.step(name)
                latencies.append((name, time.monotonic() - start))
                if status >= 300:
                    errors[f"{name}.{status}"] = errors.get(f"{name}.{status}", 0) + 1

    share = [visits // len(windows) + (1 if k < visits % len(windows) else 0) for k in range(len(windows))]
    threads = [threading.Thread(target=work, args=(w, n)) for w, n in zip(windows, share)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def report_latency(prefix, latencies, errors):
    """Latencies are (step, seconds) pairs: all of them, then each step's p99."""
    values = sorted(seconds for _, seconds in latencies)
    out(f"{prefix}.requests", len(values))
    out(f"{prefix}.errors", sum(errors.values()))
    for key, count in sorted(errors.items()):
        out(f"{prefix}.errors.{key}", count)
    for p in (50, 90, 99):
        out(f"{prefix}.latency_ms.p{p}", percentile(values, p) * 1000, 2)
    out(f"{prefix}.latency_ms.max", (values[-1] if values else float("nan")) * 1000, 2)
    for step in dict.fromkeys(MIX):
        mine = sorted(seconds for name, seconds in latencies if name == step)
        out(f"{prefix}.{step}.ms.p99", percentile(mine, 99) * 1000, 2)
    return percentile(values, 99)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--daemon", help="onevisitd binary (default .build/release/onevisitd, else debug)")
    parser.add_argument("--seconds", type=float, default=30, help="length of the paced load (default 30)")
    parser.add_argument("--rate", type=float, default=200, help="requests a second offered (default 200)")
    parser.add_argument("--streams", type=int, default=100, help="board and window-screen streams (default 100)")
    parser.add_argument("--windows", type=int, default=8, help="windows, one clerk and queue each (default 8)")
    parser.add_argument("--days", type=int, default=8, help="soak: hall days after the load (default 8)")
    parser.add_argument("--visits-per-day", type=int, default=1000, help="soak: citizens a day (default 1000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    daemon_path, work = begin(args.daemon, "onevisit-load-")
    out("bench.offered_rate", args.rate)
    out("bench.streams", args.streams)
    # The product, as a real hall starts it: no --simulate, no devices, no accounts yet.
    real = Daemon(daemon_path, os.path.join(work, "real"), os.path.join(work, "real.log"), simulate=False)
    try:
        real.wait_for_port(60)
        real.wait_healthy(60)
        out("rss_mb.idle_real_hall", rss_megabytes(real.proc.pid))
        out("rss_mb.idle_real_hall.anon", rss_megabytes(real.proc.pid, "RssAnon"))
    finally:
        real.stop_hard()
    hall = write_hall(work, uncapped_hall(args.windows))
    # No devices: the hall's own latency, not a printer's line time (a ticket here has no paper).
    devices = os.path.join(work, "devices.json")
    with open(devices, "w", encoding="utf-8") as f:
        f.write("{}\n")
    daemon = Daemon(daemon_path, os.path.join(work, "data"), os.path.join(work, "daemon.log"),
                    ["--hall", hall, "--devices", devices])
    try:
        port = daemon.wait_for_port(60)
        daemon.wait_healthy(60)
        pid = daemon.proc.pid
        out("rss_mb.idle", rss_megabytes(pid))
        out("rss_mb.idle.anon", rss_megabytes(pid, "RssAnon"))
        windows = []
        for w in range(1, args.windows + 1):
            window = Window(port, w, sign_in(port, f"clerk{w}"))
            status, answer = window.clerk.call("POST", f"/api/v1/windows/{w}/sign-in")
            if status >= 300:
                fail(f"clerk{w} sign-in at window {w} answered {status}: {answer}")
            windows.append(window)

        latencies, errors = [], {}
        run_visits(windows[:1], 20, [], errors)  # warm-up
        run_visits(windows[:1], 50, latencies, errors)
        idle_p99 = report_latency("idle", latencies, errors)

        streams = Streams(port, args.streams, args.windows)
        latencies, errors, rss = [], {}, []
        begun = time.monotonic()
        threads = run_paced(windows, args.seconds, args.rate, latencies, errors)
        while any(t.is_alive() for t in threads):
            rss.append(rss_megabytes(pid))
            threads[0].join(0.5)
        for t in threads:
            t.join()
        out("load.requests_per_second", len(latencies) / (time.monotonic() - begun))
        load_p99 = report_latency("load", latencies, errors)
        out("rss_mb.load_max", max(rss))
        out("rss_mb.after_load.anon", rss_megabytes(pid, "RssAnon"))
        out("ratio.load_p99_over_idle_p99", load_p99 / idle_p99 if idle_p99 > 0 else 0.0, 2)
        out("streams.connected", streams.count - streams.closed)
        out("streams.closed_by_daemon", streams.closed)
        out("streams.board_events", streams.events)

        first = None
        for day in range(1, args.days + 1):
            latencies, errors = [], {}
            begun = time.monotonic()
            run_visits(windows, args.visits_per_day, latencies, errors)
            p99 = report_latency(f"soak.day_{day}", latencies, errors)
            out(f"soak.day_{day}.requests_per_second", len(latencies) / (time.monotonic() - begun))
            size = rss_megabytes(pid)
            out(f"soak.day_{day}.rss_mb", size)
            out(f"soak.day_{day}.rss_mb.anon", rss_megabytes(pid, "RssAnon"))
            first = first or (size, p99)
        if first:
            out("ratio.soak.rss_last_over_first", size / first[0], 3)
            out("ratio.soak.p99_last_over_first", p99 / first[1] if first[1] > 0 else 0.0, 3)
        streams.close()
        code, _ = daemon.terminate(30)
        out("daemon.exit_code", "timeout" if code is None else code)
    finally:
        end(daemon, work, args.keep)


if __name__ == "__main__":
    main()
