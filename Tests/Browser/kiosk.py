#!/usr/bin/env python3
"""The touch kiosk (/kiosk.html) in real headless Chromium against a running hall started with
--simulate: every flow a citizen walks through by tapping, in portrait and landscape, in
Chinese and English, in large text, and the idle return to the start screen with nothing of
the citizen left in the page.

Usage: kiosk.py BASE_URL [--screenshot DIR]. Exits 0 when every check passes."""
import argparse, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Hall, check, run, DEMO_KIOSK
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)
REASONS = ["老年人", "残疾人", "孕妇", "患病群众", "军人", "消防救援人员", "医务人员"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--screenshot", help="directory for PNG screenshots")
    args = parser.parse_args()
    base, shots = args.base.rstrip("/"), args.screenshot
    hall = Hall(base)
    browser = Browser(*LANDSCAPE)
    b = browser

    def text(css):
        return b.js(f"return document.querySelector({css!r})?.innerText ?? ''")

    def screen(name, what=None):
        """Waits until the screen `name` is the one shown (and `what` is true in the page)."""
        condition = f"!document.getElementById('{name}').hidden && [...document.querySelectorAll('section.screen')].filter(s => !s.hidden).length === 1"
        b.wait_for(condition + (f" && ({what})" if what else ""), f"the {name} screen")

    def tap(css):
        b.click(css)

    def screen_checks(name):
        """On the screen shown now: targets of 64 px, no serious axe finding, nothing cut off at 200%."""
        b.page_checks(name, touch=True)

    def card_on_reader(sample):
        hall.post("/api/v1/simulator/readers/kiosk-1", {"sample": sample}, as_="technician1")
        def read(_):
            readers = hall.get("/api/v1/devices", as_="technician1")["readers"]
            return any(r["id"] == "kiosk-1" and r.get("cardWaiting") for r in readers)
        WebDriverWait(b.driver, 30, poll_frequency=0.05).until(read, f"the {sample} card read on kiosk-1")

    def take_bundle_ticket(bundle="newborn"):
        tap("#go-events")
        screen("events", f"document.querySelector('button[data-kind=bundle][data-id={bundle}]')")
        tap(f"button[data-kind=bundle][data-id={bundle}]")
        screen("notice", "document.getElementById('notice-body').textContent")
        tap("#take-ticket")
        screen("how")
        tap("#take-anonymous")
        screen("ticket", "document.getElementById('number')")

    try:
        # -- the start screen, landscape ------------------------------------------------------
        b.resize(*LANDSCAPE)
        b.goto(base + "/kiosk.html?device=" + DEMO_KIOSK + "&idle=600")
        b.wait_for("document.body.dataset.ready", "the kiosk to load the catalog")
        screen("start")
        check(text("#hall") == "示例旗政务服务中心", "the kiosk shows the hall's name")
        tiles = text("#start")
        for label in ["一件事一次办", "按部门查找", "搜索事项", "直接取号", "绿色通道", "办件进度查询", "预约签到", "投诉建议"]:
            check(label in tiles, f"the start screen offers {label}")
        # The complaint form's one text field (what happened) is the only exception: complaints.py checks it.
        check(b.js("return !!document.querySelector('input, select, textarea:not(#complaint-content)')") is False,
              "no text field anywhere but the complaint's: no keyboard needed")
        b.screenshot(shots, "kiosk-start")
        screen_checks("start (landscape)")

        # -- portrait --------------------------------------------------------------------------
        b.resize(*PORTRAIT)
        check(b.js("return innerWidth") == 1080 and b.js("return innerHeight") == 1920, "the kiosk in portrait, 1080×1920")
        b.screenshot(shots, "kiosk-portrait")
        screen_checks("start (portrait)")

        # -- a life event: the one-time notice, printed alone, then the ticket -------------------
        tap("#go-events")
        screen("events", "document.querySelectorAll('button[data-kind=bundle]').length >= 20")
        check(text("#events h2").startswith("一件事一次办"), "the life-event screen has its heading")
        tap("button[data-kind=bundle][data-id=newborn]")
        screen("notice", "document.getElementById('notice-body').textContent.includes('夫妻双方身份证')")
        check("新生儿出生" in text("#notice-title"), "the notice names 新生儿出生")
        bring = text("#notice-body ol.materials")
        check("夫妻双方身份证" in bring, "the one-time notice asks for 夫妻双方身份证")
        check("出生医学证明" not in bring, "出生医学证明 is not asked: the bundle's first item issues it")
        check("出生医学证明" in text("#notice-body .skip"), "… and is named among what need not be brought")
        b.screenshot(shots, "kiosk-notice")
        screen_checks("notice")
        printed_before = next(p for p in hall.get("/api/v1/devices", as_="technician1")["printers"] if p["id"] == "kiosk-1")["printed"]
        tap("#print-notice")
        b.wait_for("document.getElementById('notice-printed').textContent", "the notice's print")
        check("告知单已打印" in text("#notice-printed"), f"the notice alone comes out of the kiosk's printer ({text('#notice-printed')})")
        printed_after = next(p for p in hall.get("/api/v1/devices", as_="technician1")["printers"] if p["id"] == "kiosk-1")["printed"]
        check(printed_after == printed_before + 1, "one document printed, and no ticket taken")
        tap("#take-ticket")
        screen("how")
        check("新生儿出生" in text("#how-target"), "the ticket screen names what it is for")
        screen_checks("how to take the ticket")
        tap("#take-anonymous")
        screen("ticket", "document.getElementById('number')")
        number = text("#number")
        check(re.fullmatch(r"B\d{3}", number) is not None, f"the kiosk shows ticket {number} for 新生儿出生")
        body = text("#ticket-body")
        check("前面还有" in body and "夫妻双方身份证" in body, "the ticket shows the people ahead and the one-time notice")
        check("出生医学证明" not in text("#ticket-body ol"), "the ticket's notice leaves out 出生医学证明 too")
        check("请取走凭条" in body, "the slip printed")
        b.screenshot(shots, "kiosk-ticket")
        screen_checks("ticket")
        tap("#done")
        screen("start")
        check(text("#ticket-body") == "" and number not in b.js("return document.body.textContent"), "完成 clears the ticket off the page")

        # -- the printer is out of paper: the number large, and the reprint --------------------
        hall.post("/api/v1/simulator/printers/kiosk-1", {"paper": "out"}, as_="technician1")
        take_bundle_ticket()
        failed = b.wait_for("document.getElementById('print-failed')?.innerText", "the print-failure message")
        unprinted = text("#number")
        check("凭条打印失败" in failed and unprinted in failed, f"the kiosk says the slip did not print and shows {unprinted} to keep")
        check(b.js("return parseFloat(getComputedStyle(document.getElementById('number')).fontSize)") >= 64, "the number is shown large")
        hall.post("/api/v1/simulator/printers/kiosk-1", {"paper": "ok"}, as_="technician1")
        tap("#reprint")
        again = b.wait_for("document.getElementById('reprint-result')?.textContent", "the reprint")
        check("已重新打印" in again, f"the reprint comes out once paper is in ({again})")
        tap("#done")
        screen("start")

        # -- the priority lane as a choice with its reasons ------------------------------------
        tap("#go-priority")
        screen("priority", "document.querySelectorAll('#reasons button').length === 8")
        reasons = text("#reasons")
        for reason in REASONS:
            check(reason in reasons, f"the priority lane names {reason}")
        check("不需要绿色通道" in reasons, "… and lets the citizen decline it")
        screen_checks("priority lane")
        tap("button[data-reason=pregnant]")
        screen("how", "document.getElementById('how-priority').textContent.includes('孕妇')")
        check("绿色通道" in text("#how-target"), "the priority lane's own queue is chosen")
        lane_issued = lambda: next(q for q in hall.get("/api/v1/queues")["queues"] if q["queue"]["id"] == "green-channel")["issuedToday"]
        issued_before = lane_issued()
        ActionChains(b.driver).double_click(b.driver.find_element(By.ID, "take-anonymous")).perform()
        screen("ticket", "document.getElementById('number')")
        check(text("#number").startswith("V") and "绿色通道 · 孕妇" in text("#ticket-body"),
              f"a priority-lane ticket for a pregnant woman ({text('#number')})")
        check(lane_issued() == issued_before + 1, f"a double tap takes one ticket, not two ({issued_before} → {lane_issued()})")
        tap("#done")
        screen("start")

        # -- a real-name ticket: no card first, then the card, masked ---------------------------
        tap("#go-queues")
        screen("queues", "document.querySelector('button[data-kind=queue][data-id=general]')")
        tap("button[data-kind=queue][data-id=general]")
        screen("how")
        tap("#take-realname")
        screen("card")
        tap("#card-ready")
        b.wait_for("document.getElementById('card-note').textContent", "the no-card note")
        check("没有读到身份证" in text("#card-note"), "without a card on the reader the kiosk says so and waits")
        card_on_reader("elderly-resident")
        tap("#card-ready")
        screen("ticket", "document.getElementById('holder')")
        check(text("#holder") == "实名：张** 1506**********123X", f"the kiosk shows the masked holder ({text('#holder')})")
        check("绿色通道 · 老年人" in text("#ticket-body"), "a card holder of 76 is given the priority lane")
        check(not b.js("return document.getElementById('card-validity')"), "a long-term card brings no validity notice")
        tap("#done")
        screen("start")

        # -- an expired card still gets its ticket, with the notice ------------------------------
        card_on_reader("expired-resident")
        tap("#go-events")
        screen("events")
        tap("button[data-kind=bundle][data-id=newborn]")
        screen("notice")
        tap("#take-ticket")
        screen("how")
        tap("#take-realname")
        screen("card")
        tap("#card-ready")
        screen("ticket", "document.getElementById('card-validity')")
        notice = text("#card-validity")
        check("请携带有效身份证件" in notice and "2024-04-01" in notice, f"the expired card's notice ({notice})")
        check(re.fullmatch(r"B\d{3}", text("#number")) is not None and text("#holder").startswith("实名：王**"),
              "the expired card still gets its real-name ticket")
        b.screenshot(shots, "kiosk-expired-card")
        tap("#done")
        screen("start")

        # -- case progress: the number pad, then by card -----------------------------------------
        hall.post("/api/v1/windows/4/sign-in", as_="clerk4")
        case = hall.post("/api/v1/cases", {"itemID": "social-security-card-application",
                                           "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}, as_="clerk4")
        hall.post(f"/api/v1/cases/{case['number']}/materials", {"checks": [{"materialID": "resident-id-card", "status": "present"}]}, as_="clerk4")
        hall.post(f"/api/v1/cases/{case['number']}/decision", {"decision": "accept"}, as_="clerk4")
        tap("#go-progress")
        screen("progress", "document.querySelectorAll('#pad button').length === 13")
        keys = b.js("return [...document.querySelectorAll('#pad button')].map(k => k.textContent).join('')")
        check(all(k in keys for k in "0123456789C"), f"the pad has the digits and the letter C of a case number ({keys})")
        for key in "C12":
            tap(f"#pad button[data-key='{key}']")
        tap("#lookup-number")
        b.wait_for("document.getElementById('case-error').textContent", "the format note")
        check("C 加 13 位数字" in text("#case-error"), "a short number is refused on the kiosk with the format")
        tap("#pad-clear")
        for key in case["number"] + "7":
            tap(f"#pad button[data-key='{key}']")
        check(text("#case-number") == case["number"], "the pad takes no more than the 14 characters of a case number")
        tap("#pad-back")
        tap(f"#pad button[data-key='{case['number'][-1]}']")
        check(text("#case-number") == case["number"], f"typed on the pad: {case['number']}")
        b.screenshot(shots, "kiosk-numberpad")
        screen_checks("number pad")
        tap("#lookup-number")
        screen("progress-result", f"document.querySelector('[data-case={case['number']}] .state')")
        check(text(f"[data-case={case['number']}] .state") == "已受理", f"case {case['number']} is shown as accepted")
        check("张" not in text("#progress-body"), "no name on the progress screen")
        tap("#home")
        screen("start")
        card_on_reader("elderly-resident")
        tap("#go-progress")
        screen("progress")
        tap("#lookup-card")
        screen("card")
        tap("#card-ready")
        screen("progress-result", f"document.querySelector('[data-case={case['number']}]')")
        check("张" not in text("#progress-body") and "1506" not in text("#progress-body"), "found by ID card, with no name or number shown")
        b.screenshot(shots, "kiosk-progress")
        tap("#home")
        screen("start")

        # -- search by tapping, departments, the entry points to come ----------------------------
        tap("#go-search")
        screen("search", "document.querySelectorAll('#letters button[data-letter]').length === 23")
        for letter in "SHBZK":
            tap(f"#letters button[data-letter={letter}]")
        b.wait_for("document.querySelector('#search-results button')", "the search results")
        check(text("#search-keys") == "S H B Z K", "the typed initials are shown")
        results = text("#search-results")
        check("社会保障卡" in results, f"S H B Z K finds the 社会保障卡 services ({results[:60]})")
        check(b.js("return document.querySelector('#letters button[data-letter=A]').disabled"), "a letter that finds nothing is off")
        screen_checks("search")
        b.screenshot(shots, "kiosk-search")
        tap("#search-results button")
        screen("notice", "document.getElementById('notice-title').textContent.includes('社会保障卡')")
        tap("#home")
        tap("#go-departments")
        screen("departments", "document.querySelector('button[data-department=公安局]')")
        tap("button[data-department=公安局]")
        screen("department", "document.querySelector('#department-items button[data-kind=item]')")
        check(text("#department-name") == "公安局", "a department's own items")
        tap("#department-items button[data-kind=item]")
        screen("notice", "document.getElementById('notice-body').textContent")
        tap("#home")
        tap("#go-appointment")
        screen("appointment")
        check("预约码" in text("#appointment") and "刷身份证签到" in text("#appointment"), "appointment check-in: by booking code or ID card (appointments.py checks it)")
        tap("#back")
        tap("#go-complaint")
        screen("complaint")
        check("12345" in text("#complaint") and "我要投诉" in text("#complaint") and "查询投诉结果" in text("#complaint"),
              "complaints: file one or look one up, with the hall's complaint line (complaints.py checks them)")
        tap("#home")
        screen("start")

        # -- English, and large text -------------------------------------------------------------
        tap("#lang")
        b.wait_for("document.documentElement.lang === 'en'", "the English page")
        check(text("#go-events span") == "Life events" and text("#lang") == "中文", "the English switch turns the kiosk into English")
        screen_checks("start in English")
        tap("#go-priority")
        screen("priority")
        check("Pregnant" in text("#reasons") and "Medical staff" in text("#reasons"), "the priority reasons in English")
        tap("#lang")
        b.wait_for("document.documentElement.lang === 'zh-CN'", "Chinese again")
        check("孕妇" in text("#reasons"), "and back to Chinese on the same screen")
        tap("#home")
        normal = b.js("return parseFloat(getComputedStyle(document.querySelector('#go-events span')).fontSize)")
        tap("#large")
        b.wait_for("document.documentElement.classList.contains('large')", "large text")
        large = b.js("return parseFloat(getComputedStyle(document.querySelector('#go-events span')).fontSize)")
        check(large >= normal * 1.3 and b.js("return document.getElementById('large').getAttribute('aria-pressed')") == "true",
              f"large text for the elderly: {normal}px → {large}px")
        screen_checks("start in large text (portrait)")
        tap("#go-progress")
        screen("progress")
        screen_checks("number pad in large text")
        b.resize(*LANDSCAPE)
        screen_checks("number pad in large text (landscape)")
        tap("#large")
        tap("#home")

        # -- idle: back to the start, nothing of the citizen left --------------------------------
        b.goto(base + "/kiosk.html?idle=5")
        b.wait_for("document.body.dataset.ready", "the kiosk with a 5 s idle time")
        card_on_reader("elderly-resident")
        tap("#lang")
        tap("#go-queues")
        screen("queues", "document.querySelector('button[data-kind=queue][data-id=general]')")
        tap("button[data-kind=queue][data-id=general]")
        tap("#take-realname")
        screen("card")
        tap("#card-ready")
        screen("ticket", "document.getElementById('holder')")
        idle_number = text("#number")
        check("1506**********123X" in text("#holder"), "a citizen's ticket is on the screen")
        b.wait_for("!document.getElementById('start').hidden", "the idle return to the start screen", timeout=30)
        page = b.js("return document.body.textContent")
        left = [s for s in [idle_number, "张**", "1506", "123X", "Real name:", "实名："] if s in page]
        check(not left, f"after the idle time nothing of the citizen is left in the page ({left})")
        check(b.js("return document.documentElement.lang") == "zh-CN" and text("#go-events span") == "一件事一次办",
              "the next citizen starts in Chinese")
        check(b.js("return document.querySelectorAll('#ticket-body *, #progress-body *, #notice-body *, #search-results *').length") == 0,
              "the screens' dynamic parts are empty")

        errors = b.errors()
        check(not errors, "no JavaScript exception or console error: " + "; ".join(errors))
    finally:
        browser.close()


if __name__ == "__main__":
    run(main)
