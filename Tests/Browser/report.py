#!/usr/bin/env python3
"""The supervision report (seed 004 §12.3; docs/METRICS.md) in real headless Chromium against a
running hall started with --simulate: a morning at window 3 (tickets served, one not present)
and a complaint about it; the supervisor signs in on /report.html, which shows the day's
figures as the report route gives them, in every section, with the CSV to download; then
`onevisit report day --pdf` prints the same page to PDF through headless Chromium with a
one-time grant, and the PDF holds the figures. A grant is spent by its first read.

Usage: report.py BASE_URL [--screenshot DIR]. Exits 0 when every check passes."""
import os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Hall, arguments, check, run

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("ONEVISIT_CLI", os.path.join(REPO, ".build", "debug", "onevisit"))


def main():
    base, shots = arguments()
    hall = Hall(base)
    hall.post("/api/v1/windows/3/sign-in", as_="clerk3")
    for _ in range(4):
        hall.post("/api/v1/tickets", {"queue": "general"})
    for _ in range(3):
        for step in ("call-next", "start", "finish"):
            hall.post(f"/api/v1/windows/3/{step}", as_="clerk3")
    hall.post("/api/v1/complaints", {"type": "efficiency", "window": "3", "content": "办理时间过长", "demand": "请提高效率"})
    day = hall.get("/api/v1/queues")["serviceDay"]
    expected = hall.get(f"/api/v1/reports/day?date={day}", as_="supervisor1")
    check(expected["hall"]["service"]["tickets"] == 4 and expected["hall"]["service"]["served"] == 3, "the route counts 4 tickets, 3 served")
    check(expected["hall"]["complaints"]["received"] == 1, "the route counts the complaint")

    b = Browser(1280, 900)
    try:
        b.goto(f"{base}/report.html?date={day}")
        b.sign_in("supervisor1")
        b.wait_for("document.body.dataset.ready", "the report to be drawn")
        title = b.js("return document.getElementById('title').textContent")
        check(day in title and "督查报表" in title, f"the title names the day ({title})")
        for section in ("efficiency", "service", "reviews", "complaints", "deductions", "notes"):
            check(b.js(f"return !!document.querySelector('[data-section={section}] table, [data-section={section}] ul')"), f"the {section} section is there")
        hall_row = b.js("return [...document.querySelectorAll('[data-section=service] tbody tr')][0].innerText")
        check(hall_row.split("\t")[1:4] == ["4", "3", "0"], f"the hall's row shows 4 tickets, 3 served, 0 not present ({hall_row!r})")
        window3 = b.js("return [...document.querySelectorAll('[data-section=service] tbody tr')].map(r => r.innerText).find(t => t.startsWith('窗口 3号窗口'))")
        check(window3 is not None and "\t3\t3\t" in window3, f"window 3's row shows its 3 tickets served ({window3!r})")
        complaints = b.js("return document.querySelector('[data-section=complaints] tbody tr').innerText")
        check(complaints.split("\t")[1] == "1", f"one complaint received ({complaints!r})")
        notes = b.js("return document.querySelector('[data-section=notes]').innerText")
        check("网上办结率" in notes and "收费" in notes, "the notes say what cannot show, and why")
        csv = b.js("return document.getElementById('csv').href")
        check(csv.endswith(f"/api/v1/reports/day?date={day}&format=csv"), f"the CSV link is the day's export ({csv})")
        b.screenshot(shots, "report")
        b.page_checks("report")
        check(not b.errors(), f"no console errors ({b.errors()})")
    finally:
        b.close()

    # A print grant reads its report once.
    grant = hall.post("/api/v1/reports/grants", {"period": day}, as_="supervisor1")
    check(grant["page"].startswith(f"/report.html?date={day}&grant="), f"the grant names its page ({grant['page'][:40]}…)")
    once = hall.get("/api/v1/reports/printable?grant=" + grant["grant"])
    check(once["label"] == day, "the grant reads the day's report")
    try:
        hall.get("/api/v1/reports/printable?grant=" + grant["grant"])
        check(False, "a spent grant is refused")
    except AssertionError as e:
        check(" 403 " in str(e), f"a spent grant is refused with 403 ({str(e)[:80]})")

    # The PDF, by headless Chromium through the CLI.
    out = os.path.join(tempfile.mkdtemp(prefix="onevisit-report-"), "report.pdf")
    env = dict(os.environ, ONEVISIT_TOKEN=hall.token("supervisor1"))
    done = subprocess.run([CLI, "report", "day", "--server", base, "--date", day, "--pdf", out], env=env, capture_output=True, text=True, timeout=120)
    check(done.returncode == 0, f"onevisit report day --pdf succeeds ({done.stderr.strip()[-300:]})")
    with open(out, "rb") as f:
        check(f.read(4) == b"%PDF", "the file is a PDF")
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    check("办事效率" in text and "违规办理扣分项" in text and day in text, "the PDF holds the report's sections and its day")
    check(any(line.split()[:1] == ["全厅"] and "4" in line.split() for line in text.splitlines()), "the PDF's hall row shows the 4 tickets")
    if shots:
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", out, os.path.join(shots, "report-pdf")], check=True)


if __name__ == "__main__":
    run(main)
