#!/usr/bin/env python3
"""One citizen through the whole hall, each screen in its own headless Chromium, as the
hall's people would see it (issue "the hall's screens", must show):

  1. the citizen takes a ticket for 新生儿出生 on the kiosk;
  2. clerk4 signs in on the window console and presses 叫号;
  3. the display board shows the call and fetches its announcement WAV;
  4. the clerk opens the case, captures a page with the simulated document camera, accepts
     with deficiencies, and the pledge comes out of the simulated printer;
  5. 办结 arms the keypad; the simulated press shows on the console and on the supervisor
     dashboard;
  6. the kiosk is back at its start screen after its idle time, the number gone.

Usage: must_show.py --daemon PATH/onevisitd: the script runs the daemon (--simulate) itself,
to read what the simulated printer cut off the roll."""
import argparse, glob, os, sys, time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Daemon, Hall, check, run, DEMO_KIOSK

KIOSK_IDLE_SECONDS = 20


def text(browser, css):
    return browser.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css)


def printed_jobs(daemon, printer, *holding):
    """The texts of the jobs the simulated printer cut off, oldest first, once one holds each
    of `holding`: the simulator answers at once and draws its preview after, as a printer does."""
    deadline = time.monotonic() + 30
    while True:
        jobs = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(daemon.data, "printed", printer, "job-*.txt")))]
        if any(all(h in job for h in holding) for job in jobs) or time.monotonic() > deadline:
            return jobs
        time.sleep(0.02)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    args = parser.parse_args()
    daemon = Daemon(args.daemon)
    daemon.start()
    hall = Hall(daemon.base)
    base = hall.base
    kiosk, console, board, supervisor = Browser(1080, 1920), Browser(1280, 1000), Browser(1920, 1080), Browser(1280, 1000)
    try:
        board.goto(base + "/board.html")
        supervisor.goto(base + "/supervisor.html")
        supervisor.sign_in("supervisor1")
        supervisor.wait_for("document.querySelector('#reviews')", "the supervisor dashboard")
        board.wait_for("document.getElementById('status').textContent === '叫号中'", "the board's live connection")

        # 1. The citizen taps 一件事一次办 → 新生儿出生 → 取号 → 不实名取号 on the kiosk.
        kiosk.goto(f"{base}/kiosk.html?device={DEMO_KIOSK}&idle={KIOSK_IDLE_SECONDS}")
        kiosk.wait_for("document.body.dataset.ready", "the kiosk to load the catalog")
        kiosk.click("#go-events")
        kiosk.wait_for("document.querySelector('button[data-kind=bundle][data-id=newborn]')", "the life events")
        kiosk.click("button[data-kind=bundle][data-id=newborn]")
        kiosk.wait_for("document.getElementById('notice-body').textContent.includes('夫妻双方身份证')", "the one-time notice")
        kiosk.click("#take-ticket")
        kiosk.wait_for("!document.getElementById('how').hidden", "the anonymous or real-name choice")
        kiosk.click("#take-anonymous")
        number = kiosk.wait_for("!document.getElementById('ticket').hidden && document.getElementById('number')?.textContent", "the ticket number")
        check(number.startswith("B"), f"1. the kiosk gives the citizen ticket {number} for 新生儿出生")
        kiosk_job = printed_jobs(daemon, "kiosk-1", number)
        check(kiosk_job and number in kiosk_job[-1], "   … and its slip comes out of the kiosk's printer")

        # 2. clerk4 signs in on the console at window 4 and presses 叫号.
        console.goto(base + "/window.html?window=4")
        console.sign_in("clerk4")
        console.wait_for("!document.getElementById('pick').hidden", "the window choice")
        console.button("在此窗口签到").click()
        console.wait_for("!document.getElementById('console').hidden", "the console")
        console.button("叫号").click()
        console.wait_for(f"document.getElementById('current-ticket').dataset.ticket === '{number}'", "the called ticket on the console")
        check(True, f"2. clerk4 signs in at window 4 and 叫号 calls {number}")

        # 3. The board shows the call and fetches its WAV.
        shown = board.wait_for("document.querySelector('#announcement.fresh')?.textContent", "the call on the board")
        check(shown == f"请 {number} 号到 4 号窗口办理", f"3. the board shows {shown}")
        wav = board.wait_for("performance.getEntriesByType('resource').map(e => e.name).find(n => n.includes('/api/v1/board/announcements/'))",
                             "the board fetching the announcement")
        headers, payload = hall.get(wav.replace(base, ""), raw=True)
        check(headers["content-type"] == "audio/wav" and payload[:4] == b"RIFF", f"   … and fetches the announcement WAV {wav.replace(base, '')}")

        # 4. The case: a page from the simulated camera, 容缺受理, the pledge printed.
        # The citizen lays an ID card on window 4's reader; the clerk reads it (masked on screen).
        reads = lambda: next(r for r in hall.get("/api/v1/devices", as_="technician1")["readers"] if r["id"] == "window-4")["reads"]
        before = reads()
        hall.post("/api/v1/simulator/readers/window-4", {"sample": "resident"}, as_="technician1")
        deadline = time.monotonic() + 20
        while reads() <= before:  # polls the reader's report of the card
            if time.monotonic() > deadline: raise AssertionError("window 4's reader did not read the card laid on it")
            time.sleep(0.1)
        console.button("读取身份证").click()
        console.wait_for("document.getElementById('card').innerText.includes('李**')", "the masked applicant on the console")
        console.button("开始办理").click()
        console.wait_for("document.getElementById('current-ticket').dataset.state === 'serving'", "办理中")
        console.button("建立办件").click()
        case_number = console.wait_for("/^C\\d{13}$/.test(document.getElementById('case-number')?.textContent) && document.getElementById('case-number').textContent",
                                       "the case number")
        for material, name in (("resident-id-card", "夫妻双方身份证"), ("marriage-certificate", "夫妻双方结婚证")):
            console.button(f"{name}：拍摄").click()
            console.wait_for(f"[...document.querySelectorAll(\"#checklist [data-material='{material}'] img.page\")].some(i => i.complete && i.naturalWidth > 0)",
                             f"the captured page of {name} in its preview")
        console.button("民族成份确认书：缺少").click()
        console.wait_for("document.querySelector(\"#checklist [data-material='ethnicity-confirmation']\").dataset.status === 'missing'", "民族成份确认书 缺少")
        check(console.js("document.querySelector(\"#decision input[value='accept-with-deficiencies']\").checked"),
              "   容缺受理 is offered for the missing non-key 民族成份确认书")
        console.click("#pledge-signed")
        console.button("提交决定").click()
        try:
            console.wait_for("document.getElementById('case-state')?.dataset.state === 'accepted'", "the accepted case")
        except AssertionError:
            raise AssertionError("the case was not accepted: " + text(console, "#message"))
        pledges = [job for job in printed_jobs(daemon, "window-4", "承诺书", case_number) if "承诺书" in job]
        check(pledges and case_number in pledges[-1], f"4. case {case_number}: a page captured, 容缺受理, and the pledge comes out of window 4's printer")

        # 5. 办结 arms the keypad; the press shows on the console and the supervisor dashboard.
        console.button("办结").click()
        console.wait_for("document.getElementById('review').dataset.state === 'armed'", "the keypad armed")
        hall.post("/api/v1/simulator/keypads/4", {"level": 4}, as_="technician1")
        console.wait_for("document.getElementById('review').dataset.level === '4'", "the review on the console")
        check("满意" in text(console, "#review"), "5. the citizen's press (4, 满意) shows on the console")
        row = supervisor.wait_for("[...document.querySelectorAll('#reviews tr[data-review-id]')].find(r => r.dataset.level === '4')?.innerText",
                                  "the review on the supervisor dashboard")
        check("窗口 4" in row and number in row, f"   … and on the supervisor dashboard ({' '.join(row.split())})")

        # 6. The kiosk is back at its start screen after its idle time, the number gone.
        kiosk.wait_for("!document.getElementById('start').hidden", "the kiosk's idle return", timeout=KIOSK_IDLE_SECONDS + 30)
        check(number not in kiosk.js("return document.body.textContent"), f"6. the kiosk is back at its start screen and {number} is gone")
        for name, b in (("kiosk", kiosk), ("console", console), ("board", board), ("supervisor", supervisor)):
            check(not b.errors(), f"no console error on the {name}: " + "; ".join(b.errors()))
    finally:
        for b in (kiosk, console, board, supervisor):
            b.close()
        daemon.stop()


if __name__ == "__main__":
    run(main)
