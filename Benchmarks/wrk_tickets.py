"""Tickets without paper loaded by wrk (Debian's package) with wrk_tickets.lua, so that the
load client is not what ticket_throughput.py measures."""

import os
import subprocess

from benchlib import fail, out

WRK_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_tickets.lua")


def run_wrk(port, seconds, connections):
    """wrk with wrk_tickets.lua for `seconds`; prints the figures under `http` and returns
    (tickets issued, rate)."""
    threads = max(1, min(2, connections))
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "30s",
               "-s", WRK_SCRIPT, f"http://127.0.0.1:{port}"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    figures = {}
    for line in done.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name.startswith("wrk.") and value.strip().lstrip("-").isdigit():
            figures[name] = int(value)
    elapsed = figures.get("wrk.duration_us", 0) / 1e6
    issued = figures.get("wrk.status.201", 0)
    errors = {k[len("wrk.status."):]: v for k, v in figures.items() if k.startswith("wrk.status.") and k != "wrk.status.201"}
    if figures.get("wrk.socket_errors"):
        errors["socket"] = figures["wrk.socket_errors"]
    out("http.requests", figures.get("wrk.requests", 0))
    out("http.tickets_issued", issued)
    out("http.errors", sum(errors.values()))
    for key in sorted(errors):
        out(f"http.errors.{key}", errors[key])
    out("http.elapsed_seconds", elapsed)
    rate = issued / elapsed if elapsed > 0 else 0.0
    out("http.tickets_per_second", rate)
    for p in (50, 90, 99):
        out(f"http.latency_ms.p{p}", figures.get(f"wrk.latency_us.p{p}", 0) / 1000, 2)
    out("http.latency_ms.max", figures.get("wrk.latency_us.max", 0) / 1000, 2)
    return issued, rate


