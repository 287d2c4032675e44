#!/usr/bin/env python3
"""Flat cost over a year of history: the hall's hot paths on an empty store and on a store
holding a year of a busy hall, measured in the same run.

1. Starts `onevisitd --simulate` once on a fresh data directory so it creates its schema,
   and drives one ticket through a case and a review, whose rows become the templates of
   the history (so every row is one the daemon itself would read back).
2. Copies that store twice: `empty`, and `year`, filled with SQL: --tickets tickets (1 M)
   over the days before today with an issue, call and finish event each, --cases cases
   (100 k) with three events each, --reviews reviews (300 k) and --pages page records (50 k).
3. Starts a daemon on each store (start → /readyz 200 timed, and its idle RSS), then
   --rounds times, the two stores in turn (the order swapped each round, so noise lands on
   both alike): issue a ticket, the status page, call it at window 1, start, open a case,
   check its material, accept it, finish, rate it, and the board's three reads (queues,
   windows, recent calls). Each step's latency is recorded.

Prints `name value` lines: `<store>.<step>.ms.p50/p90`, `<store>.start_to_ready_ms`,
`<store>.rss_mb.idle`, and `ratio.year_over_empty.<step>.p50` (issue 16 asks ≤ 1.10).
Python 3 standard library only.
"""

import argparse
import os
import shutil
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Daemon, begin, demo_hall, end, fail, out, percentile, request_json, rss_megabytes, sign_in, write_hall  # noqa: E402

ITEM = "vaccination-certificate-issuance"   # one material: the resident ID card
APPLICANT = {"name": "测试人", "idNumber": "11010519491231002X", "phone": "13800138000"}
STEPS = ["issue", "status", "call", "start", "open_case", "materials", "decision", "finish", "review", "board"]
TICKETS_PER_DAY = 4000


def ok(status, answer, what):
    if status >= 300:
        fail(f"{what} answered {status}: {answer}")
    return answer


def one_visit(port, clerk, timings=None):
    """A citizen through the hall: ticket → call → case accepted → finish → review."""
    def step(name, method, path, body=None, token=None):
        start = time.perf_counter()
        status, answer = request_json(port, method, path, body, token)
        if timings is not None:
            timings.setdefault(name, []).append(time.perf_counter() - start)
        return ok(status, answer, f"{method} {path}")

    ticket = step("issue", "POST", "/api/v1/tickets", {"queue": "general", "print": False})
    step("status", "GET", f"/api/v1/tickets/{ticket['id']}")
    step("call", "POST", "/api/v1/windows/1/call-next", token=clerk)
    step("start", "POST", "/api/v1/windows/1/start", token=clerk)
    case = step("open_case", "POST", "/api/v1/cases", {"ticketID": ticket["id"], "itemID": ITEM, "applicant": APPLICANT}, clerk)
    number = case["number"]
    step("materials", "POST", f"/api/v1/cases/{number}/materials",
         {"checks": [{"materialID": "resident-id-card", "status": "present"}]}, clerk)
    step("decision", "POST", f"/api/v1/cases/{number}/decision", {"decision": "accept"}, clerk)
    step("finish", "POST", "/api/v1/windows/1/finish", token=clerk)
    step("review", "POST", "/api/v1/reviews", {"channel": "kiosk", "level": 5, "ticketID": ticket["id"]})
    start = time.perf_counter()
    for path in ("/api/v1/queues", "/api/v1/windows", "/api/v1/board"):
        ok(*request_json(port, "GET", path), path)
    if timings is not None:
        timings.setdefault("board", []).append(time.perf_counter() - start)


def start_daemon(path, data_dir, log, extra=()):
    begun = time.monotonic()
    daemon = Daemon(path, data_dir, log, extra)
    port = daemon.wait_for_port(60)
    daemon.wait_healthy(60, "/readyz")  # ready: database open and migrated, disk space checked
    return daemon, port, (time.monotonic() - begun) * 1000


def stop(daemon):
    code, _ = daemon.terminate(30)
    if code != 0:
        daemon.stop_hard()
        fail(f"daemon exit {code}; log:\n{daemon.log_tail()}")


def columns(db, table):
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def fill_from_template(db, table, count, overrides, template_where):
    """INSERT count rows copying the template row, with `overrides` (column → SQL over i)."""
    cols = columns(db, table)
    exprs = [overrides.get(c, f't."{c}"') for c in cols]
    names = ", ".join(f'"{c}"' for c in cols)
    db.execute(f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {count - 1})
        INSERT INTO "{table}" ({names})
        SELECT {", ".join(exprs)} FROM n, (SELECT * FROM "{table}" WHERE {template_where} LIMIT 1) AS t""")


def fill_year(path, tickets, cases, reviews, pages):
    """A year of history before today, from the template rows of the one visit."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("BEGIN")
    day = f"date('now', 'localtime', '-' || (1 + i / {TICKETS_PER_DAY}) || ' days')"
    at = f"strftime('%Y-%m-%d %H:%M:%f', {day}, '+1 hours', '+' || ((i % {TICKETS_PER_DAY}) * 7) || ' seconds')"
    seq = f"((i % {TICKETS_PER_DAY}) / 7 + 1)"
    queue = f"(CASE (i % {TICKETS_PER_DAY}) % 7 WHEN 0 THEN 'general' WHEN 1 THEN 'one-thing' WHEN 2 THEN 'enterprise' " \
            "WHEN 3 THEN 'green-channel' WHEN 4 THEN 'pickup' WHEN 5 THEN 'proxy' ELSE 'unresolved' END)"
    prefix = f"substr('ABCVQPX', (i % {TICKETS_PER_DAY}) % 7 + 1, 1)"
    fill_from_template(db, "ticket", tickets, {
        "id": "printf('h%08d', i)", "number": f"{prefix} || printf('%03d', {seq})", "queueID": queue,
        "serviceDay": day, "sequence": seq, "state": "'done'", "issuedAt": at, "calledAt": at,
        "windowID": "CAST(1 + i % 9 AS TEXT)", "itemID": "NULL", "bundleID": "NULL", "holder": "NULL"}, "1")
    for n, kind, frm, to in ((0, "issue", "NULL", "'waiting'"), (1, "call", "'waiting'", "'called'"), (2, "finish", "'serving'", "'done'")):
        db.execute(f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {tickets - 1})
            INSERT INTO ticketEvent (ticketID, kind, "from", "to", "at", windowID, queueID, detail)
            SELECT printf('h%08d', i), '{kind}', {frm}, {to},
                   strftime('%Y-%m-%d %H:%M:%f', {at}, '+{n * 300} seconds'), CAST(1 + i % 9 AS TEXT), {queue}, NULL FROM n""")
    db.execute(f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {tickets // TICKETS_PER_DAY})
        INSERT OR IGNORE INTO ticketCounter (queueID, serviceDay, lastSequence)
        SELECT q.id, date('now', 'localtime', '-' || (1 + i) || ' days'), {TICKETS_PER_DAY // 7 + 1} FROM n,
          (SELECT 'general' AS id UNION SELECT 'one-thing' UNION SELECT 'enterprise' UNION SELECT 'green-channel'
           UNION SELECT 'pickup' UNION SELECT 'proxy' UNION SELECT 'unresolved') AS q""")
    ratio = max(1, tickets // max(cases, 1))
    case_day = f"date('now', 'localtime', '-' || (1 + (i * {ratio}) / {TICKETS_PER_DAY}) || ' days')"
    fill_from_template(db, "serviceCase", cases, {
        "id": "printf('hc%08d', i)", "number": f"'H' || strftime('%Y%m%d', {case_day}) || printf('%06d', i)",
        "ticketID": f"printf('h%08d', i * {ratio})", "state": "'completed'",
        "openedAt": f"strftime('%Y-%m-%d %H:%M:%f', {case_day}, '+2 hours')", "acceptedOn": case_day,
        "applicant": "json_object('name', '历史', 'idNumber', printf('1101051950%08d', i), 'phone', '13900000000')"}, "1")
    for n, action in enumerate(("open", "accept", "hand-over")):
        db.execute(f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {cases - 1})
            INSERT INTO caseEvent (caseID, action, "from", "to", "by", "at", detail)
            SELECT printf('hc%08d', i), '{action}', NULL, 'completed', 'clerk1',
                   strftime('%Y-%m-%d %H:%M:%f', {case_day}, '+{2 + n} hours'), NULL FROM n""")
    step = max(1, tickets // max(reviews, 1))
    fill_from_template(db, "review", reviews, {
        "id": "printf('hr%08d', i)", "ticketID": f"printf('h%08d', i * {step})", "ticketNumber": "'A001'",
        "caseNumber": "NULL", "level": "1 + i % 5",
        "at": f"strftime('%Y-%m-%d %H:%M:%f', date('now', 'localtime', '-' || (1 + (i * {step}) / {TICKETS_PER_DAY}) || ' days'), '+3 hours')"},
        "1")
    db.execute(f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {pages - 1})
        INSERT INTO materialPage (id, caseID, caseNumber, materialID, sha256, device, clerk, state, pageNumber, size, width,
                                  height, capturedAt, note, replacedBy)
        SELECT printf('hp%08d', i), printf('hc%08d', i % {cases}), 'H', 'resident-id-card', printf('%064d', i), 'window-1',
               'clerk1', 'kept', 1, 120000, 2480, 3508, strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (1 + i % 250) || ' days'),
               NULL, NULL FROM n""")
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
              for t in ("ticket", "ticketEvent", "serviceCase", "caseEvent", "review", "materialPage")}
    db.close()
    return counts


def write_band_capped_hall(directory):
    """The demo hall with a time-band cap (R1) on the general queue that no run reaches: its
    count of the band's tickets is what a year of history must not slow down."""
    hall = demo_hall()
    for queue in hall["queues"]:
        if queue["id"] == "general":
            queue["bandCaps"] = [{"band": "00:00-23:59", "cap": 100000}]
    return write_hall(directory, hall)


def measure(stores, daemon_path, work_dir, rounds, extra=()):
    """Both stores served at once, their visits taken in turn (the order swapped each round),
    so a moment of disk writeback or CPU frequency lands on both alike: run one after the
    other, the same binary once measured every step 9% slower on the second store."""
    running = []
    try:
        for name, data_dir in stores:
            daemon, port, started = start_daemon(daemon_path, data_dir, os.path.join(work_dir, f"{name}.log"), extra)
            running.append((name, daemon, port))
            out(f"{name}.start_to_ready_ms", started)
            out(f"{name}.rss_mb.idle", rss_megabytes(daemon.proc.pid))
        clerks = {}
        for name, _, port in running:
            clerks[name] = sign_in(port, "clerk1")
            ok(*request_json(port, "POST", "/api/v1/windows/1/sign-in", token=clerks[name]), "sign-in at window 1")
            one_visit(port, clerks[name])  # warm-up: first statements prepared, caches filled
        timings = {name: {} for name, _, _ in running}
        for round_ in range(rounds):
            for name, _, port in (running if round_ % 2 == 0 else running[::-1]):
                one_visit(port, clerks[name], timings[name])
        p50 = {}
        for name, daemon, _ in running:
            for step in STEPS:
                values = sorted(timings[name][step])
                out(f"{name}.{step}.ms.p50", percentile(values, 50) * 1000, 3)
                out(f"{name}.{step}.ms.p90", percentile(values, 90) * 1000, 3)
            out(f"{name}.rss_mb.after", rss_megabytes(daemon.proc.pid))
            p50[name] = {step: percentile(sorted(timings[name][step]), 50) for step in STEPS}
        return p50
    finally:
        for _, daemon, _ in running:
            stop(daemon)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--daemon", help="onevisitd binary (default .build/release/onevisitd, else debug)")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=300_000)
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=200, help="visits measured per store (general queue caps at 600)")
    parser.add_argument("--band-cap", action="store_true", help="a time-band cap on the general queue (R1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    daemon_path, work = begin(args.daemon, "onevisit-history-")
    out("bench.rounds", args.rounds)
    try:
        template = os.path.join(work, "template")
        # No devices: the hall's own cost is measured, not a printer's line time (and a daemon
        # that predates `"print": false` prints nothing either).
        devices = os.path.join(work, "devices.json")
        with open(devices, "w", encoding="utf-8") as f:
            f.write("{}\n")
        extra = ["--devices", devices] + (["--hall", write_band_capped_hall(work)] if args.band_cap else [])
        out("bench.band_cap", "yes" if args.band_cap else "no")
        daemon, port, _ = start_daemon(daemon_path, template, os.path.join(work, "template.log"), extra)
        clerk = sign_in(port, "clerk1")
        ok(*request_json(port, "POST", "/api/v1/windows/1/sign-in", token=clerk), "sign-in at window 1")
        one_visit(port, clerk)
        ok(*request_json(port, "POST", "/api/v1/windows/1/sign-out", token=clerk), "sign-out")
        stop(daemon)
        for name in ("empty", "year"):
            shutil.copytree(template, os.path.join(work, name), ignore=shutil.ignore_patterns("devices"))
        begun = time.monotonic()
        counts = fill_year(os.path.join(work, "year", "onevisit.sqlite"), args.tickets, args.cases, args.reviews, args.pages)
        out("year.fill_seconds", time.monotonic() - begun)
        for table, n in counts.items():
            out(f"year.rows.{table}", n)
        out("year.database_mb", os.path.getsize(os.path.join(work, "year", "onevisit.sqlite")) / 1e6)
        p50 = measure([("empty", os.path.join(work, "empty")), ("year", os.path.join(work, "year"))],
                      daemon_path, work, args.rounds, extra)
        for step in STEPS:
            out(f"ratio.year_over_empty.{step}.p50", p50["year"][step] / p50["empty"][step], 3)
    finally:
        end(None, work, args.keep)


if __name__ == "__main__":
    main()
