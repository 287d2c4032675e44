#!/usr/bin/env python3
"""The department desk (/department.html) as 吴军 of 人力资源和社会保障局 uses it, in a real
headless Chromium against a daemon started with --simulate: the dispatched cases with their
card and days left, a step, the clock stopped and resumed with a reason, 上报, a result, the
applicant and a scanned page opened through the audited routes, and the audit that records
those views. Usage: department_desk.py BASE_URL [--screenshot DIR]
"""
import argparse, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Browser, Hall, check, run  # noqa: E402

DEPARTMENT = "人力资源和社会保障局"
APPLICANT = {"name": "张建国", "idNumber": "15060219500312123X"}


def open_case(hall, item, accept=True, page=False):
    """A case of `item` opened at window 4 by 刘洋 (clerk4), with a scanned ID card page when
    asked, and accepted, which dispatches it to the item's department."""
    case = hall.post("/api/v1/cases", {"itemID": item, "applicant": APPLICANT}, as_="clerk4")
    number = case["number"]
    if page:
        hall.post("/api/v1/simulator/cameras/4", {"title": "居民身份证", "lines": ["姓名 张建国", "公民身份号码 15060219500312123X"]},
                  as_="technician1")
        hall.post(f"/api/v1/cases/{number}/pages", {"material": "resident-id-card"}, as_="clerk4")
    if case["materials"]:
        hall.post(f"/api/v1/cases/{number}/materials",
                  {"checks": [{"materialID": m["materialID"], "status": "present"} for m in case["materials"]]}, as_="clerk4")
    if accept:
        hall.post(f"/api/v1/cases/{number}/decision", {"decision": "accept"}, as_="clerk4")
    return number


def text(browser, css):
    """The element's visible text, on one line."""
    return " ".join(browser.js(f"return document.querySelector({css!r})?.innerText ?? ''").split())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    hall = Hall(base)

    hall.request("POST", "/api/v1/windows/4/sign-in", {}, as_="clerk4")
    card = open_case(hall, "social-security-card-application", page=True)   # 5 working days
    today = open_case(hall, "employment-registration")                      # 即办件: due today, a yellow card
    waiting = open_case(hall, "social-security-card-application", accept=False)  # not dispatched yet

    browser = Browser()
    try:
        browser.goto(base + "/department.html")
        browser.sign_in("department1")
        browser.wait_for(f"document.querySelector('li[data-case={card}]')", "the dispatched case on the desk")
        check(text(browser, "#who") == f"吴军 · {DEPARTMENT}", f"the desk names the staff member and department ({text(browser, '#who')})")
        summary = text(browser, "#summary")
        check("在办 2 件" in summary and "黄牌预警 1 件" in summary and "红牌超期 0 件" in summary, f"the summary counts the cards ({summary})")
        check(browser.js(f"return !document.querySelector('li[data-case={waiting}]')"), "a case not yet accepted is not on the desk")

        yellow = text(browser, f"li[data-case={today}]")
        check(browser.js(f"return document.querySelector('li[data-case={today}]').dataset.card") == "yellow"
              and "黄牌预警" in yellow and "今日到期" in yellow and "计时中" in yellow, f"the 即办件 shows its yellow card ({yellow})")
        plain = text(browser, f"li[data-case={card}]")
        check("剩余 5 个工作日" in plain and "黄牌" not in plain and "红牌" not in plain, f"the promised case shows its days left ({plain})")
        check("张**" in plain and APPLICANT["name"] not in plain and APPLICANT["idNumber"] not in plain, "the applicant is masked in the list")
        # The most urgent first.
        order = browser.js("return [...document.querySelectorAll('#cases li')].map(li => li.dataset.case)")
        check(order.index(today) < order.index(card), f"the yellow card comes first ({order})")

        # The case: a step of the department's item.
        browser.click(f"li[data-case={card}] button")
        browser.wait_for(f"document.getElementById('case').dataset.case === '{card}' && !document.getElementById('case').hidden", "the case panel")
        item = "social-security-card-application"
        browser.type(f"#item-{item}-opinion", "身份信息核验一致，材料齐全")
        browser.button("记录环节").click()
        browser.wait_for(f"document.querySelector('[data-item={item}] .steps')?.innerText.includes('审查：身份信息核验一致')", "the step recorded")
        check("已记录环节：审查" in text(browser, "#message"), "the desk confirms the step")

        # The clock stopped with a reason, then resumed.
        browser.type("#suspend-reason", "需要现场核查参保信息")
        browser.button("停止计时").click()
        browser.wait_for("document.getElementById('clock-stops')?.innerText.includes('需要现场核查参保信息')", "the clock stop")
        facts = text(browser, "#case-facts")
        check("特别程序中" in facts and "已停止计时" in facts, f"the case shows the clock stopped ({facts})")
        browser.wait_for(f"document.querySelector('li[data-case={card}]')?.innerText.includes('已停止计时')", "the list showing the stopped clock")
        browser.button("恢复计时").click()
        browser.wait_for("document.getElementById('clock-stops')?.innerText.includes('恢复')", "the clock resumed")
        check("计时中" in text(browser, "#case-facts"), "the clock runs again")

        # 上报 to the higher level, kept as a step with who and when.
        browser.type(f"#item-{item}-to", "市人力资源和社会保障局")
        browser.type(f"#item-{item}-why", "跨地区参保记录需上级核实")
        browser.button("上报").click()
        browser.wait_for(f"document.querySelector('[data-item={item}] .steps')?.innerText.includes('上报：上报至市人力资源和社会保障局')", "the escalation")

        if args.screenshot:  # the desk and the case, the applicant still masked
            browser.resize(1280, min(8000, browser.js("return document.documentElement.scrollHeight")))
            browser.js("window.scrollTo(0, 0)")
            browser.screenshot(args.screenshot, "department")
            browser.resize(1280, 900)

        # The full applicant and a scanned page, each only when asked and each audited.
        check(APPLICANT["idNumber"] not in browser.js("return document.body.innerText"), "the ID number is masked until asked for")
        browser.button("查看申请人完整信息").click()
        browser.wait_for(f"document.getElementById('applicant').innerText.includes('{APPLICANT['idNumber']}')", "the applicant in full")
        page_button = "查看中华人民共和国居民身份证 第 1 页"
        browser.wait_for("document.querySelector('#pages li[data-page]')", "the case's scanned pages")
        browser.button(page_button).click()
        browser.wait_for("document.querySelector('img.page-image')?.complete && document.querySelector('img.page-image').naturalWidth > 0",
                         "the page image")
        size = browser.js("const i = document.querySelector('img.page-image'); return [i.naturalWidth, i.naturalHeight, i.alt]")
        check(size[0] == 1240 and size[1] == 1754 and "第 1 页" in size[2], f"the scanned page is shown with its name ({size})")
        check("已记入审计" in text(browser, "#pages"), "the page says its view was audited")
        audit = hall.get(f"/api/v1/audit?case={card}", as_="supervisor1")["entries"]
        views = [(e.get("staffID"), e.get("what")) for e in audit]
        check(("department1", "page-image") in views, f"the audit records 吴军's view of the page ({views})")
        check(("department1", "applicant") in views, "the audit records 吴军's read of the applicant")

        # A document of the case, opened as its paper looks; the view is audited too.
        browser.wait_for("document.querySelector('#documents li[data-document] button')", "the case's documents")
        browser.js("document.querySelector('#documents li[data-document] button').click(); return 1")
        browser.wait_for("document.querySelector('#documents img.page-image')?.complete && document.querySelector('#documents img.page-image').naturalWidth === 576",
                         "the document as the 80 mm paper looks")
        views = [(e.get("staffID"), e.get("what")) for e in hall.get(f"/api/v1/audit?case={card}", as_="supervisor1")["entries"]]
        check(("department1", "document") in views, f"the audit records 吴军's view of the document ({views})")

        # Accessible and readable at 200%, with the case open.
        violations = browser.serious_accessibility_violations()
        check(violations == [], f"no serious or critical axe violations: {violations}")
        cut = browser.cut_off_at_200_percent()
        check(cut == [], f"nothing cut off at 200% zoom: {cut}")

        # The result: the item is done, the case waits at the pickup window and leaves the open list.
        browser.js(f"document.getElementById('item-{item}-result-opinion').scrollIntoView()")
        browser.type(f"#item-{item}-result-opinion", "符合申领条件，准予办理")
        browser.type(f"#item-{item}-certificate", "社会保障卡")
        browser.button("记录结果").click()
        browser.wait_for(f"document.querySelector('[data-item={item}] .result')?.innerText.includes('准予办理')", "the result recorded")
        check("待取件" in text(browser, "#case-facts"), "the case waits for pickup")
        browser.wait_for(f"!document.querySelector('li[data-case={card}]')", "the finished case leaving the open list")
        check(hall.get(f"/api/v1/cases/{card}", as_="department1")["state"] == "awaitingPickup", "the hall has the case awaiting pickup")

        errors = browser.errors()
        check(errors == [], f"no console errors: {errors}")
    finally:
        browser.close()


if __name__ == "__main__":
    run(main)
