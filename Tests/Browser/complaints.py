#!/usr/bin/env python3
"""Complaints (投诉, seed 004 §10) in real headless Chromium against a running hall started with
--simulate: a citizen files a complaint at the kiosk about window 3 and its clerk by tapping
(the one text field is what happened), keeps the number and looks it up with no personal data
shown; a mistyped number is refused; the supervisor opens it on /supervisor-complaints.html
(an audited read), investigates, answers and publishes the measures, and closes it; the
kiosk's lookup then shows the measures. The supervisor also enters a complaint taken by phone.

Usage: complaints.py BASE_URL [--screenshot DIR]. Exits 0 when every check passes."""
import os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Hall, arguments, check, run, DEMO_KIOSK

CONTENT = "窗口工作人员态度生硬，要求补交指南以外的材料"
PHONE = "13912345678"
RESULT = "经调查投诉属实，已约谈当事窗口"
MEASURES = "全体窗口人员重新培训一次性告知制度"


def main():
    base, shots = arguments()
    hall = Hall(base)
    hall.post("/api/v1/windows/3/sign-in", as_="clerk3")  # 王芳 at window 3: the kiosk offers her
    kiosk = Browser(1920, 1080)
    b = kiosk

    def text(css, browser=None):
        return (browser or b).js(f"return document.querySelector({css!r})?.innerText ?? ''")

    def screen(name, what=None):
        condition = f"!document.getElementById('{name}').hidden && [...document.querySelectorAll('section.screen')].filter(s => !s.hidden).length === 1"
        b.wait_for(condition + (f" && ({what})" if what else ""), f"the {name} screen" + (f" with {what}" if what else ""))

    def page_checks(browser, name, touch=True):
        browser.page_checks(name, touch=touch)

    def pad(pad_id, digits):
        for d in digits:
            b.click(f"#{pad_id} button[data-key='{d}']")

    def look_up(number):
        if b.js("return !document.getElementById('home').hidden"):
            b.click("#home")
        screen("start")
        b.click("#go-complaint")
        screen("complaint")
        b.click("#complaint-lookup")
        screen("complaint-find")
        b.click("#complaint-pad-clear")
        pad("complaint-pad", number[2:])
        b.wait_for(f"document.getElementById('complaint-typed').textContent === {number!r}", "the number typed")
        b.click("#complaint-look")

    supervisor = None
    try:
        # -- the kiosk: file a complaint by touch ------------------------------------------------
        b.goto(base + "/kiosk.html?device=" + DEMO_KIOSK + "&idle=600")
        b.wait_for("document.body.dataset.ready", "the kiosk to load")
        b.click("#go-complaint")
        screen("complaint")
        check("12345" in text("#complaint"), "the complaint screen names the hall's complaint line")
        page_checks(b, "complaint start")
        b.click("#complaint-new")
        screen("complaint-target", "document.querySelector('#complaint-windows [data-window=\"3\"]')")
        check("王芳" in text("#complaint-windows [data-window='3']"), "window 3's tile names the clerk at it")
        check("公安局" in text("#complaint-units"), "the departments can be chosen too")
        page_checks(b, "complaint target")
        b.click("#complaint-windows [data-window='3']")
        screen("complaint-form", "document.getElementById('complaint-content')")
        check("3 号窗口" in text("#complaint-about"), "the form names what the complaint is about")
        b.click("#complaint-about-staff")
        b.wait_for("document.getElementById('complaint-about-staff').getAttribute('aria-pressed') === 'true'", "the clerk chosen as well")
        b.click("#complaint-next")
        b.wait_for("document.getElementById('complaint-form-error').textContent.includes('投诉类型')", "the missing type named")
        b.click("#complaint-types [data-type='attitude']")
        b.type("#complaint-content", CONTENT)
        b.click("#complaint-demands [data-demand='demandFix']")
        check(b.js("return document.getElementById('complaint-content').value") == CONTENT, "what was typed stays while tiles are tapped")
        b.screenshot(shots, "kiosk-complaint-form")
        page_checks(b, "complaint form")
        b.click("#complaint-next")
        screen("complaint-contact")
        pad("complaint-phone-pad", PHONE)
        b.wait_for(f"document.getElementById('complaint-phone-typed').textContent === '{PHONE}'", "the phone typed on the pad")
        page_checks(b, "complaint contact")
        b.click("#complaint-submit")
        screen("complaint-filed", "document.getElementById('complaint-number')")
        number = text("#complaint-number")
        code = text("#complaint-code")
        check(len(code) == 6 and code.isdigit(), f"the complainant gets a six-digit rating code ({code!r})")
        check(re.fullmatch(r"TS\d{13}", number) is not None, f"the complaint's number to keep: {number}")
        check("答复期限" in text("#complaint-filed-body"), "with its deadline to answer")
        b.screenshot(shots, "kiosk-complaint")
        page_checks(b, "complaint filed")
        b.click("#complaint-done")
        screen("start")
        page = b.js("return document.body.innerHTML")
        check(CONTENT not in page and PHONE not in page, "back at the start, nothing of the complaint is left in the page")

        # -- the kiosk: look it up; a mistyped number is refused ---------------------------------
        typo = number[:-1] + str((int(number[-1]) + 1) % 10)
        look_up(typo)
        b.wait_for("document.getElementById('complaint-find-error').textContent.includes('不正确')", "the mistyped number refused")
        b.click("#complaint-pad-clear")
        pad("complaint-pad", number[2:])
        b.click("#complaint-look")
        screen("complaint-result", "document.getElementById('complaint-view')")
        shown = text("#complaint-result-body")
        check("已受理" in shown and number in shown, f"the lookup shows the number and its state ({shown})")
        for personal in [PHONE, "139****5678", CONTENT, "王芳", "clerk3"]:
            check(personal not in b.js("return document.body.innerHTML"), f"the lookup shows no {personal}")
        page_checks(b, "complaint result")

        # -- the supervisor: open in full (audited), investigate, answer, publish, close --------
        supervisor = Browser(1280, 900)
        s = supervisor
        s.goto(base + "/supervisor-complaints.html")
        s.sign_in("supervisor1")
        s.wait_for(f"document.querySelector('tr[data-complaint=\"{number}\"]')", "the complaint in the supervisor's list")
        listed = text(f"tr[data-complaint='{number}']", s)
        check("3 号窗口" in listed and "王芳" in listed and "自助终端" in listed, f"linked to window 3 and its clerk ({listed})")
        check(CONTENT not in s.js("return document.body.innerHTML"), "the list holds no content: that is the audited read")
        page_checks(s, "supervisor-complaints.html", touch=False)
        s.click(f"button[data-open='{number}']")
        s.wait_for(f"document.querySelector('#detail-body dl[data-complaint=\"{number}\"]')", "the complaint in full")
        check(CONTENT in text("#detail-body", s) and PHONE in text("#detail-body", s), "in full: what happened and the phone")
        audit = hall.get("/api/v1/audit?staff=supervisor1", as_="supervisor1")
        entries = audit.get("entries", audit if isinstance(audit, list) else [])
        check(any(e.get("what") == "complaint" and e.get("detail") == number for e in entries), "the full read is audited")
        s.click("button[data-step='investigate']")
        s.wait_for("document.getElementById('answer-form')", "the answer form once investigating")
        s.type("#answer-result", "已电话联系 " + PHONE)
        s.type("#answer-measures", MEASURES)
        s.click("#answer-form button[type=submit]")
        s.wait_for("document.getElementById('detail-status').textContent.includes('personal data')", "an answer with a phone number refused")
        s.type("#answer-result", RESULT)
        s.click("#answer-upheld")
        s.click("#answer-form button[type=submit]")
        s.wait_for("document.querySelector(\"button[data-step='publish']\")", "answered: the measures can be published")
        s.screenshot(shots, "supervisor-complaints")
        s.click("button[data-step='publish']")
        s.wait_for("document.getElementById('detail-body').textContent.includes('未公开') === false && !document.querySelector(\"button[data-step='publish']\")", "published")
        s.click("button[data-step='close']")
        s.wait_for(f"document.querySelector('tr[data-complaint=\"{number}\"][data-state=\"closed\"]')", "closed in the list")
        # A phone call taken by the supervisor, entered on the same page.
        s.type("#enter-unit", "税务局")
        s.type("#enter-content", "电话反映：办税大厅排队两小时")
        s.type("#enter-demand", "要求增开窗口")
        s.type("#enter-phone", "0477-8581234")
        s.click("#enter button[type=submit]")
        s.wait_for("document.getElementById('enter-status').textContent.includes('已登记')", "the phone complaint entered")
        phoned = re.search(r"TS\d{13}", text("#enter-status", s)).group(0)
        s.wait_for(f"document.querySelector('tr[data-complaint=\"{phoned}\"]')", "the phone complaint in the list")
        check("电话" in text(f"tr[data-complaint='{phoned}']", s) and "税务局" in text(f"tr[data-complaint='{phoned}']", s),
              "entered by phone, about 税务局")
        check(not s.errors(), f"no console error on the supervisor's page ({s.errors()})")

        # -- the kiosk: the lookup now shows the result and the measures --------------------------
        look_up(number)
        screen("complaint-result", "document.getElementById('complaint-measures')")
        shown = text("#complaint-result-body")
        check(MEASURES in shown and RESULT in shown and "已办结" in shown, f"the kiosk shows the result and the published measures ({shown})")
        check("王芳" not in shown and PHONE not in shown, "still no personal data")
        check("是否满意" in shown, "the complainant is asked whether the result satisfies them (§12.3.6a)")
        b.screenshot(shots, "kiosk-complaint-result")
        check(b.js("return document.querySelector(\"#complaint-rating button[data-rate='yes']\").disabled") is True,
              "no rating before the code is typed")
        wrong = "1" if code[0] != "1" else "2"
        pad("complaint-code-pad", wrong * 6)
        b.wait_for("!document.querySelector(\"#complaint-rating button[data-rate='yes']\").disabled", "six digits typed")
        b.click("#complaint-rating button[data-rate='yes']")
        b.wait_for("document.querySelector('#complaint-result-body .error')", "a wrong code refused")
        check("评价码不对" in text("#complaint-result-body"), "a wrong code is refused in plain words")
        pad("complaint-code-pad", code)
        b.wait_for(f"document.getElementById('complaint-code-typed').textContent === {code!r}", "the code typed")
        b.click("#complaint-rating button[data-rate='yes']")
        b.wait_for("document.getElementById('complaint-rated')", "the rating taken")
        check("满意" in text("#complaint-rated") and not b.js("return !!document.getElementById('complaint-rating')"),
              f"the kiosk shows the rating and asks no more ({text('#complaint-rated')})")
        rating = hall.get(f"/api/v1/complaints/{number}/full", as_="supervisor1")["complaint"].get("rating") or {}
        check(rating.get("satisfied") is True, f"the hall keeps the rating ({rating})")
        check(not b.errors(), f"no console error on the kiosk ({b.errors()})")
    finally:
        kiosk.close()
        if supervisor:
            supervisor.close()


if __name__ == "__main__":
    run(main)
