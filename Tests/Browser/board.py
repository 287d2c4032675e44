#!/usr/bin/env python3
"""The display board that speaks, the window's own screen and the ticket status page, in
real headless Chromium against the real daemon (--simulate for the keypad).

Usage: board.py --daemon PATH/onevisitd [--screenshot DIR]: starts the daemon itself on a
free port with --simulate and a fresh data directory, and restarts it mid-test (the board
must reconnect by itself and not repeat old calls). board.py --base URL runs against a hall
already running, without the restart."""
import argparse, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Daemon, Hall, check, run, DEMO_KIOSK


def wav_seconds(payload):
    check(payload[:4] == b"RIFF" and payload[8:12] == b"WAVE", "the announcement is a RIFF WAVE file")
    at, byte_rate, data = 12, None, None
    while at + 8 <= len(payload):
        kind, size = payload[at:at + 4], int.from_bytes(payload[at + 4:at + 8], "little")
        if kind == b"fmt ":
            byte_rate = int.from_bytes(payload[at + 16:at + 20], "little")
        if kind == b"data":
            data = min(size, len(payload) - at - 8)
            break
        at += 8 + size
    return data / byte_rate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base")
    parser.add_argument("--daemon")
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    daemon = Daemon(args.daemon) if args.daemon else None
    if daemon: daemon.start()
    hall, browser = Hall(daemon.base if daemon else args.base), Browser(1920, 1080)
    base = hall.base
    try:
        ticket = hall.post("/api/v1/tickets", {"queue": "general"}, as_=DEMO_KIOSK)
        second = hall.post("/api/v1/tickets", {"queue": "general"}, as_=DEMO_KIOSK)
        hall.post("/api/v1/windows/3/sign-in", as_="clerk3")

        browser.goto(base + "/board.html")
        browser.wait_for("document.getElementById('status').textContent === '叫号中'", "the board's live connection")
        waiting = browser.wait_for("document.querySelector('#waiting tr[data-queue=general] .count')?.textContent", "the waiting counts")
        check(waiting == "2 人", f"the board shows 2 waiting in the general queue ({waiting})")

        # Window 3 calls: the call flashes, names ticket and window, and is said twice.
        called = hall.post("/api/v1/windows/3/call-next", as_="clerk3")
        check(called["number"] == ticket["number"], f"window 3 calls {ticket['number']}")
        shown = browser.wait_for("document.querySelector('#announcement.fresh')?.textContent", "the call on the board")
        check(shown == f"请 {ticket['number']} 号到 3 号窗口办理", f"the board shows the call: {shown}")
        tile = browser.js("document.querySelector('#windows li[data-window=\"3\"]').textContent")
        check(ticket["number"] in tile and "3 号窗口" in tile, f"window 3's tile shows {ticket['number']} ({tile})")
        check(browser.js("document.querySelector('#windows li[data-window=\"3\"]').className") == "fresh", "window 3's tile flashes")
        saying = browser.wait_for("document.getElementById('voice').textContent", "the announcement being said")
        check("第 1 遍" in saying and ticket["number"] in saying, f"the board says it ({saying})")
        browser.wait_for("document.body.dataset.announced === '1'", "the announcement said to its end", timeout=60)
        check(browser.js("document.body.dataset.said") == "2", "the call is said twice in a row")
        fetched = browser.js("performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/v1/board/announcements/'))")
        check(len(fetched) >= 1 and fetched[0].endswith(".wav"), f"the board fetched the announcement WAV ({fetched})")
        headers, wav = hall.get(fetched[0].replace(base, ""), raw=True)
        seconds = wav_seconds(wav)
        check(headers["content-type"] == "audio/wav" and seconds > 1.0, f"the WAV is audio of {seconds:.1f} s")
        browser.screenshot(args.screenshot, "board")
        check(not browser.serious_accessibility_violations(), "board: no serious or critical accessibility violation " + str(browser.serious_accessibility_violations()))
        cut = browser.cut_off_at_200_percent()
        check(not cut, f"board: nothing cut off at 200% ({cut})")

        # Two calls at once: both are said, one after the other, neither cut off.
        hall.post("/api/v1/windows/3/recall", as_="clerk3")
        hall.post("/api/v1/windows/4/sign-in", as_="clerk4")
        hall.post("/api/v1/windows/4/call-next", as_="clerk4")
        browser.wait_for("document.body.dataset.announced === '3'", "both new calls said in turn", timeout=90)
        check(browser.js("document.body.dataset.said") == "6", "each of the three calls said twice, none cut off")
        rows = browser.js("[...document.querySelectorAll('#calls tr')].map(r => r.textContent)")
        check(len(rows) == 3 and "重呼" in rows[1], f"the last calls, newest first, the recall marked ({rows})")

        # The daemon restarts: the board reconnects by itself, says only the new call.
        if daemon:
            for step in ("start", "finish"):
                hall.post(f"/api/v1/windows/3/{step}", as_="clerk3")
            daemon.stop()
            browser.wait_for("document.getElementById('status').textContent.includes('重连')", "the board noticing the restart")
            daemon.start()
            browser.wait_for("document.getElementById('status').textContent === '叫号中'", "the board back after the restart", timeout=60)
            third = hall.post("/api/v1/tickets", {"queue": "general"}, as_=DEMO_KIOSK)
            hall.post("/api/v1/windows/3/call-next", as_="clerk3")
            browser.wait_for("document.body.dataset.announced === '4'", "the call after the restart said", timeout=60)
            again = browser.js("[...document.querySelectorAll('#calls tr')].map(r => r.dataset.ticket)")
            check(again[0] == third["number"] and len(again) == 4 and len(set(browser.js(
                "[...document.querySelectorAll('#calls tr')].map(r => r.dataset.sequence)"))) == 4,
                  f"after the restart the new call {third['number']} is on top and no old call came back twice ({again})")

        # The window's own screen: the number being served, the clerk, duty, complaint phone.
        browser.goto(base + "/rate.html?window=3")
        browser.wait_for("document.getElementById('status').textContent === '评价器已连接'", "the window screen's connection")
        serving = browser.wait_for("document.getElementById('serving').textContent !== '—' && document.getElementById('serving').textContent", "the number served")
        staff = browser.js("document.getElementById('staff').textContent")
        check(re.fullmatch(r"A\d{3}", serving) is not None, f"window 3's screen shows the number served ({serving})")
        check("王芳" in staff and "岗位：综合窗口" in staff and "投诉电话：12345" in staff, f"clerk, duty and complaint phone ({staff})")
        check(not browser.serious_accessibility_violations(), "window screen: no serious or critical accessibility violation")
        browser.screenshot(args.screenshot, "window-screen")

        # The service ends; the citizen presses 非常不满意 on the simulated keypad and taps the
        # reasons on the screen.
        for step in ("start", "finish"):
            hall.post(f"/api/v1/windows/3/{step}", as_="clerk3")
        prompt = browser.wait_for("document.getElementById('prompt').textContent.includes('请按评价器') && document.getElementById('prompt').textContent",
                                  "the please-rate prompt")
        check(serving in prompt, f"the window screen asks to rate {serving} ({prompt})")
        hall.post("/api/v1/simulator/keypads/3", {"level": 1}, as_="technician1")
        browser.wait_for("!document.getElementById('reasons').hidden", "the bad-review reasons")
        check("非常不满意" in browser.js("document.getElementById('prompt').textContent"), "the pressed level is shown")
        browser.click("#reason-list input[value=等候时间长]")
        browser.screenshot(args.screenshot, "window-screen-bad-review")
        browser.click("#submit-reasons")
        browser.wait_for("document.getElementById('prompt').textContent.includes('个工作日内整改')", "the thank-you after the reasons")
        reviews = hall.get("/api/v1/reviews?window=3", as_="supervisor1")["reviews"]
        check(len(reviews) == 1 and reviews[0]["reasons"] == ["等候时间长"] and reviews[0]["ticketNumber"] == serving,
              f"the review of window 3 carries the reason tapped on the screen ({reviews})")

        # The status page behind the ticket's QR code.
        browser.goto(f"{base}/t/{second['id']}")
        state = browser.wait_for("document.querySelector('main b')?.textContent", "the ticket status page")
        check(state in ("已叫号", "办理中"), f"the status page shows the ticket's state ({state})")
        check(not browser.serious_accessibility_violations(), "ticket page: no serious or critical accessibility violation")
        check(not browser.errors(), "no JavaScript exception or console error: " + "; ".join(browser.errors()))
    finally:
        browser.close()
        if daemon: daemon.stop()


if __name__ == "__main__":
    run(main)
