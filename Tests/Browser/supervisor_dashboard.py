#!/usr/bin/env python3
"""The supervisor's dashboard (/supervisor.html) in real headless Chromium against a running
hall (--simulate, for the keypad): supervisor1 signs in; a ticket is issued, called, served
and rated on window 4's simulated keypad through the API, and the page shows the new figures,
the review and its upload waiting for the 好差评 platform without being reloaded.

Usage: supervisor_dashboard.py BASE_URL [--screenshot DIR]"""
import argparse, os, sys, urllib.error, urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Hall, check, run


def text_of(browser, element_id):
    return f"(document.getElementById('{element_id}')?.textContent ?? '')"


def tile(browser, name):
    """The value of an overview tile, as the page shows it."""
    return browser.js("""return [...document.querySelectorAll('#overview .tile')]
        .find((t) => t.querySelector('.name').textContent === arguments[0])?.querySelector('.value').textContent""", name)


def status_of(url, token):
    """The HTTP status of a GET, as `token` (None: anonymous)."""
    headers = {"authorization": "Bearer " + token} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def serve_and_rate(hall, level):
    """A citizen takes a ticket; clerk4 (刘洋) serves it at window 4; the keypad is pressed."""
    ticket = hall.post("/api/v1/tickets", {"queue": "general"})
    for step in ("call-next", "start", "finish"):
        hall.post(f"/api/v1/windows/4/{step}", as_="clerk4")
    hall.post("/api/v1/simulator/keypads/4", {"level": level}, as_="technician1")
    return ticket["number"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--screenshot", help="directory for the PNG screenshot (supervisor.png)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    hall = Hall(base)
    browser = Browser()
    try:
        # Signed out, the page asks for the staff number and password.
        browser.goto(base + "/supervisor.html")
        browser.wait_for("document.getElementById('staff-id')", "the sign-in form")
        violations = browser.serious_accessibility_violations()
        check(violations == [], f"sign-in form: no serious or critical axe violations {violations}")
        browser.sign_in("supervisor1")
        browser.wait_for("!document.getElementById('dashboard').hidden && document.querySelector('#queues tbody tr')",
                         "the dashboard after sign-in")
        check("综合受理" in browser.js("return " + text_of(browser, "queues")), "the queues table lists 综合受理")
        before = hall.get("/api/v1/supervision/today", as_="supervisor1")
        issued = before["total"]["issued"]
        browser.wait_for(f"[...document.querySelectorAll('#overview .tile')].some((t) => t.textContent === '今日取号{issued}')",
                         "the overview with today's tickets")
        browser.js("window.__notReloaded = true")

        # Window 4 opens: 刘洋 at it, on the page.
        hall.post("/api/v1/windows/4/sign-in", as_="clerk4")
        browser.wait_for("document.querySelector('#windows tr[data-window=\"4\"]')?.textContent.includes('刘洋')",
                         "window 4 and 刘洋 among the open windows")

        # A ticket served and rated 非常不满意 on the keypad: the review, its task and the figures show.
        number = serve_and_rate(hall, 1)
        browser.wait_for(f"""[...document.querySelectorAll('#reviews tbody tr[data-review-id]')].some((r) =>
            r.textContent.includes('{number}') && r.textContent.includes('非常不满意') && r.textContent.includes('窗口 4'))""",
                         f"the bad review of {number} at window 4 in #reviews")
        check("刘洋" in browser.js("return document.querySelector('#reviews tbody tr').textContent"), "the review names the staff member 刘洋")
        browser.wait_for(f"document.querySelector('#tasks tbody')?.textContent.includes('{number}')", "the rectification task of the bad review")
        task = hall.get("/api/v1/review-tasks", as_="supervisor1")["tasks"][-1]["task"]
        check(task["dueDay"] in browser.js("return " + text_of(browser, "tasks")), f"the task's due day {task['dueDay']} is shown")
        check("核实中" in browser.js("return " + text_of(browser, "task-states")), "tasks by state: 核实中")
        check(tile(browser, "今日取号") == str(issued + 1), f"今日取号 went from {issued} to {issued + 1}")
        check(tile(browser, "已办结") == str(before["total"]["served"] + 1), "已办结 counts the served ticket")
        check(tile(browser, "平均等候") != "无", f"平均等候 is shown: {tile(browser, '平均等候')}")

        # A second one rated 非常满意: one good and one bad review.
        second = serve_and_rate(hall, 5)
        browser.wait_for(f"document.querySelector('#reviews tbody tr')?.textContent.includes('{second}')",
                         f"the newest review ({second}) first in #reviews")
        bad = browser.js("return [...document.querySelectorAll('#bad-reviews tbody tr[data-review-id]')].map((r) => r.textContent)")
        check(len(bad) == 1 and number in bad[0] and second not in bad[0], f"the day's bad reviews list only the bad one, {number}")
        today = hall.get("/api/v1/supervision/today", as_="supervisor1")
        rate = f"{today['reviews']['satisfactionRate'] * 100:.1f}%"
        browser.wait_for(f"{text_of(browser, 'satisfaction')}.includes('满意率 {rate}')", f"the satisfaction rate {rate}")

        # The reviews' upload to the 好差评 platform: this hall has no address, so they wait in
        # the outbox, counted on the page (issue 15).
        uploads = today["uploads"]
        check(uploads["pending"] >= 2 and "destination" not in uploads and uploads["sent"] == 0, f"the reviews wait for an address: {uploads}")
        browser.wait_for(f"{text_of(browser, 'uploads')}.includes('未配置上报地址') && {text_of(browser, 'uploads')}.includes('待上报 {uploads['pending']} 条')",
                         f"the upload state: {uploads['pending']} waiting, no address")
        check("暂无上报失败的评价" in browser.js("return " + text_of(browser, "failing-uploads")), "no failing uploads listed")

        # The chart has a bar for this hour with the calls made in it.
        hour = max(range(24), key=lambda h: (today["callsPerHour"][h], h))
        calls = today["callsPerHour"][hour]
        check(calls >= 2, f"calls this hour counted: {calls}")
        browser.wait_for(f"Number(document.querySelector('#calls-chart rect[data-hour=\"{hour}\"]')?.getAttribute('height')) > 0",
                         f"a bar for {hour}时")
        browser.wait_for(f"{text_of(browser, 'calls-caption')}.includes('{hour}时 {calls} 次')", "the chart's caption says the calls")
        check(browser.js("return window.__notReloaded === true"), "all of it without reloading the page")

        # Only a supervisor: a clerk is refused, and so is nobody.
        check(status_of(base + "/api/v1/supervision/today", hall.token("clerk4")) == 403, "a clerk gets 403")
        check(status_of(base + "/api/v1/supervision/today", None) == 401, "anonymous gets 401")

        check(browser.errors() == [], f"no console errors: {browser.errors()}")
        violations = browser.serious_accessibility_violations()
        check(violations == [], f"dashboard: no serious or critical axe violations {violations}")
        cut = browser.cut_off_at_200_percent()
        check(cut == [], f"nothing cut off at 200% zoom: {cut}")

        if args.screenshot:
            height = browser.js("return document.documentElement.scrollHeight")
            browser.resize(1280, height)
            browser.screenshot(args.screenshot, "supervisor")
    finally:
        browser.close()


if __name__ == "__main__":
    run(main)
