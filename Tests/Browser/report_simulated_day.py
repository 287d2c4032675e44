#!/usr/bin/env python3
"""The supervision report of a simulated day (issue 15: "the report page and its PDF for a
simulated day") in real headless Chromium, against a hall that `onevisit simulate day` has
run through DATE: the page shows the route's figures, the wait estimate's errors beside the
naive estimator's among them, and `onevisit report day --pdf` prints the same to A4.

Usage: report_simulated_day.py BASE_URL --date DATE [--screenshot DIR]. Exits 0 when every
check passes; with --screenshot it writes report-day-wait.png and report-day-pdf.png."""
import argparse, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Hall, check, run

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("ONEVISIT_CLI", os.path.join(REPO, ".build", "debug", "onevisit"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--date", required=True)
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    base, day, shots = args.base.rstrip("/"), args.date, args.screenshot
    hall = Hall(base)
    expected = hall.get(f"/api/v1/reports/day?date={day}", as_="supervisor1")
    tickets = expected["hall"]["service"]["tickets"]
    check(tickets > 0, f"the day has tickets ({tickets})")
    wait = expected["waitEstimate"]

    b = Browser(1280, 1000)
    try:
        b.goto(f"{base}/report.html?date={day}")
        b.sign_in("supervisor1")
        b.wait_for("document.body.dataset.ready", "the report to be drawn")
        hall_row = b.js("return [...document.querySelectorAll('[data-section=service] tbody tr')][0].innerText").split("\t")
        check(hall_row[:2] == ["全厅", str(tickets)], f"the hall's row shows the day's {tickets} tickets ({hall_row!r})")
        estimate = b.js("return [...document.querySelectorAll('[data-section=service] table')].map(t => t.innerText).find(t => t.includes('等候时间预估'))")
        check(estimate is not None and f"已叫号 {wait['tickets']} 张" in estimate, f"the wait estimate's table counts the called tickets ({estimate!r})")
        check("本厅预估" in estimate and "前面人数 ×" in estimate, "both estimators are shown")
        windows = b.js("return [...document.querySelectorAll('[data-section=service] tbody tr')].filter(r => r.innerText.startsWith('窗口')).length")
        check(windows >= 13, f"every window of the day's hall has its row ({windows})")
        # The day's hours and the wait estimate's errors, a screen further down.
        b.js("const t = [...document.querySelectorAll('[data-section=service] table')].find(t => t.innerText.includes('每小时叫号'));"
             " window.scrollTo(0, t.getBoundingClientRect().top + window.scrollY - 10); return 1")
        b.screenshot(shots, "report-day-wait")
        check(not b.errors(), f"no console errors ({b.errors()})")
    finally:
        b.close()

    out = os.path.join(tempfile.mkdtemp(prefix="onevisit-report-day-"), "report.pdf")
    env = dict(os.environ, ONEVISIT_TOKEN=hall.token("supervisor1"))
    done = subprocess.run([CLI, "report", "day", "--server", base, "--date", day, "--pdf", out], env=env, capture_output=True, text=True, timeout=120)
    check(done.returncode == 0, f"onevisit report day --pdf succeeds ({done.stderr.strip()[-300:]})")
    text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True).stdout
    check("等候时间预估" in text and day in text, "the PDF holds the wait estimate's table and the day")
    if shots:
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", out, os.path.join(shots, "report-day-pdf")], check=True)


if __name__ == "__main__":
    run(main)
