"""The window console (/window.html) in headless Chromium, as clerk4 (刘洋) at window 4:
sign in and take the window, the waiting counts following the queue live, 叫号 by its F1
shortcut, the ID card read masked with its validity flagged, 显示 as an audited full read,
a case from the ticket with pages captured at the document camera (one removed with its
reason), the merged form filled, 容缺受理 with the pledge printed and previewed, a reprint,
办结 and the keypad's review arriving on the console; 暂停, 转移, 重呼 and 过号 on further
tickets. No console errors, no serious axe violations, nothing cut off at 200%.

    Tests/Browser/window_console.py BASE_URL [--screenshot DIR]
"""
import os, re, sys, time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import DEMO_KIOSK, Browser, Hall, check, run

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
SHOTS = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None


def main():
    hall = Hall(BASE)
    browser = Browser(1280, 1000)
    try:
        console(hall, browser)
    finally:
        browser.close()


def reader_reads(hall):
    return next(r for r in hall.get("/api/v1/devices", as_="technician1")["readers"] if r["id"] == "window-4")["reads"]


def lay_card(hall, browser, card):
    """Lays a card on window 4's simulated reader, waits until the reader has read it, and
    presses 读取身份证 as the clerk would."""
    before = reader_reads(hall)
    body = {"sample": card} if isinstance(card, str) else {"place": card}
    hall.post("/api/v1/simulator/readers/window-4", body, as_="technician1")
    deadline = time.monotonic() + 20
    while reader_reads(hall) <= before:
        if time.monotonic() > deadline:
            check(False, "window 4's reader reads the card laid on it")
        time.sleep(0.1)
    browser.button("读取身份证").click()


def audit_count(hall, what):
    return sum(1 for e in hall.get("/api/v1/audit?staff=clerk4", as_="supervisor1")["entries"] if e["what"] == what)


def text(browser, css):
    return browser.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css)


def console(hall, browser):
    today = hall.get("/api/v1/queues")["serviceDay"]
    first = hall.post("/api/v1/tickets", {"bundle": "newborn"}, as_=DEMO_KIOSK)
    check(first["number"].startswith("B"), f"the kiosk issues {first['number']} for 新生儿出生")

    # Sign in (工号, 密码, 登录) and confirm window 4, preselected for this PC.
    browser.goto(BASE + "/window.html?window=4")
    browser.sign_in("clerk4")
    browser.wait_for("!document.getElementById('pick').hidden", "the window choice")
    check(browser.js("document.getElementById('window-choice').value") == "4", "window 4 is preselected")
    violations = browser.serious_accessibility_violations()
    check(not violations, "no serious axe violations on the window choice: " + "; ".join(violations))
    browser.button("在此窗口签到").click()
    browser.wait_for("!document.getElementById('console').hidden", "the console")
    check("4 号窗口" in text(browser, "#title") and "刘洋" in text(browser, "#who"), "the header names window 4 and 刘洋")

    # The waiting counts of the queues window 4 serves follow the queue without a reload.
    count = "document.querySelector('#waiting [data-queue=\"one-thing\"]')?.dataset.waiting"
    browser.wait_for(count + " === '1'", "one waiting in 一件事一次办")
    second = hall.post("/api/v1/tickets", {"bundle": "newborn"}, as_=DEMO_KIOSK)
    browser.wait_for(count + " === '2'", "the count rising to 2 by itself")
    check("2 人等候" in text(browser, "#waiting [data-queue='one-thing']"), "the console shows 2 人等候 for 一件事一次办")

    # 叫号 by its shortcut: F1, as the button says.
    call = browser.button("叫号")
    check(call.get_attribute("aria-keyshortcuts") == "F1" and "F1" in call.text, "叫号 shows its shortcut F1")
    browser.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.F1)
    browser.wait_for(f"document.getElementById('current-ticket').dataset.ticket === '{first['number']}'", "the called ticket")
    check("已叫号" in text(browser, "#current-ticket") and "新生儿出生" in text(browser, "#current-ticket"),
          f"the current ticket is {first['number']}, 已叫号, 新生儿出生")
    check(browser.js("document.querySelector('#current-ticket .number').getBoundingClientRect().height") > 60, "the current number is large")
    browser.wait_for(count + " === '1'", "the count falling back to 1 after the call")
    browser.button("重呼").click()
    browser.wait_for("document.getElementById('ticket-state').textContent.includes('已重呼 1 次')", "the recall")

    # The card on window 4's reader: masked, its validity flagged.
    y, m, d = (int(x) for x in today.split("-"))
    soon = f"{y + (m == 12)}-{m % 12 + 1:02d}-{min(d, 28):02d}"
    lay_card(hall, browser, {"cardType": "residentCard", "name": "赵文静", "gender": "2", "ethnicity": "01", "birthDate": "1990-05-20",
                             "address": "内蒙古自治区鄂尔多斯市东胜区示例路8号", "number": "150602199005200028",
                             "authority": "鄂尔多斯市公安局东胜分局", "validFrom": "2007-01-10", "validTo": soon})
    browser.wait_for("document.getElementById('card-flag')?.dataset.validity === 'expiring'", "the expiring flag")
    check("即将到期" in text(browser, "#card-flag") and soon in text(browser, "#card-flag"), f"即将到期 with the date {soon}")
    lay_card(hall, browser, "expired-resident")
    browser.wait_for("document.getElementById('card-flag')?.dataset.validity === 'expired'", "the expired flag")
    check("有效期已过" in text(browser, "#card-flag") and "2024-04-01" in text(browser, "#card-flag"), "有效期已过 with the date 2024-04-01")
    check("王秀兰" not in text(browser, "#card") and "王**" in text(browser, "#card"), "the expired card's holder is masked")
    browser.screenshot(SHOTS, "window-console")
    cut = browser.cut_off_at_200_percent()
    check(not cut, "nothing cut off at 200% with the ticket and the flagged card: " + "; ".join(cut))
    lay_card(hall, browser, "resident")
    browser.wait_for("document.getElementById('card').innerText.includes('李**')", "the masked applicant")
    card = text(browser, "#card")
    check("李小红" not in card and "4403**********4442" in card and "440307198802294442" not in card,
          "the applicant is masked on screen: 李**, 4403**********4442")
    check(audit_count(hall, "window-applicant") == 0, "reading the card for the screen is no full read: nothing in the audit yet")

    # 显示: the full read, audited each time; 隐藏 masks it again.
    before = audit_count(hall, "window-applicant")
    browser.button("显示").click()
    browser.wait_for("document.getElementById('card').dataset.shown === 'full'", "the revealed applicant")
    card = text(browser, "#card")
    check("李小红" in card and "440307198802294442" in card, "显示 shows 李小红 and the full number")
    check(audit_count(hall, "window-applicant") == before + 1, "the reveal is in the audit (GET /api/v1/audit as supervisor1)")
    browser.button("隐藏").click()
    browser.wait_for("document.getElementById('card').dataset.shown === 'masked'", "the applicant masked again")
    check("李小红" not in text(browser, "#card"), "隐藏 masks the applicant again")

    # The case, opened from the ticket with the applicant from the card.
    browser.button("开始办理").click()
    browser.wait_for("document.getElementById('current-ticket').dataset.state === 'serving'", "办理中")
    check(browser.js("document.getElementById('from-reader').checked"), "the case takes the applicant from the card read")
    browser.button("建立办件").click()
    browser.wait_for("/^C\\d{13}$/.test(document.getElementById('case-number')?.textContent)", "the case number")
    case_number = text(browser, "#case-number")
    line = lambda material: f"#checklist [data-material='{material}']"
    status = lambda material: browser.js(f"document.querySelector(\"{line(material)}\")?.dataset.status")
    check(status("household-register") == "dataSharing" and "共享获取" in text(browser, line("household-register")),
          "户口簿 is 共享获取 (data sharing)")
    check(status("birth-medical-certificate") == "producedInBundle" and "联办产生" in text(browser, line("birth-medical-certificate")),
          "出生医学证明 is 联办产生 (in bundle)")
    check("李**" in text(browser, "#card") or "李**" in text(browser, "#case-head"), "the case's applicant stays masked")

    # Pages from window 4's document camera, attached to their lines; one removed with a reason.
    browser.button("夫妻双方身份证：拍摄").click()
    loaded = lambda material: f"[...document.querySelectorAll(\"{line(material)} img.page\")].filter((i) => i.complete && i.naturalWidth > 0).length"
    browser.wait_for(loaded("resident-id-card") + " === 1", "the captured page of 夫妻双方身份证")
    check(status("resident-id-card") == "present" and "已收取" in text(browser, line("resident-id-card")), "夫妻双方身份证 已收取 with its page")
    browser.button("夫妻双方结婚证：拍摄").click()
    browser.wait_for(loaded("marriage-certificate") + " === 1", "the first page of 结婚证")
    browser.button("夫妻双方结婚证：拍摄").click()
    browser.wait_for(loaded("marriage-certificate") + " === 2", "the second page of 结婚证")
    browser.button("移除 夫妻双方结婚证 第 2 页").click()
    browser.type(line("marriage-certificate") + " form.ask input", "拍摄模糊，重拍")
    browser.button("确认移除").click()
    browser.wait_for(f"document.querySelectorAll(\"{line('marriage-certificate')} img.page\").length === 1", "the removed page gone")
    check("已移除" in text(browser, "#message") and "拍摄模糊" in text(browser, "#message"), "the removal names its reason")
    removed = [p for p in hall.get(f"/api/v1/cases/{case_number}/pages?all=true", as_="clerk4")["pages"] if p["state"] == "removed"]
    check(len(removed) == 1 and removed[0]["note"] and "拍摄模糊" in removed[0]["note"], "the removed page is kept with its reason")
    browser.button("民族成份确认书：缺少").click()
    browser.wait_for(f"document.querySelector(\"{line('ethnicity-confirmation')}\").dataset.status === 'missing'", "民族成份确认书 缺少")

    # The merged form: masked, opened in full (audited) to fill in.
    forms = audit_count(hall, "form")
    browser.button("显示并填写申请表").click()
    browser.wait_for("document.querySelector('#form-edit input[data-field=\"applicant.name\"]')?.value === '李小红'", "the form pre-filled from the card")
    check(audit_count(hall, "form") == forms + 1, "opening the full form is audited")
    browser.type("#form-edit input[data-field='child.name']", "李小宝")
    browser.button("保存申请表").click()
    browser.wait_for("document.querySelector('#form-fields [data-field=\"child.name\"]')?.textContent.startsWith('李*')", "the saved form, masked")

    # 容缺受理: the non-key 民族成份确认书 pledged, the notice and pledge printed at window 4.
    check(browser.js("document.querySelector('#decision input[value=\"accept-with-deficiencies\"]').checked"),
          "容缺受理 is offered for the missing non-key material")
    check("民族成份确认书" in text(browser, "#decision-fields"), "the pledge names 民族成份确认书")
    browser.click("#pledge-signed")
    browser.button("提交决定").click()
    browser.wait_for("document.getElementById('case-state')?.dataset.state === 'accepted'", "the accepted case")
    check(status("ethnicity-confirmation") == "pledged" and "容缺待补" in text(browser, line("ethnicity-confirmation")), "民族成份确认书 容缺待补")
    message = text(browser, "#message")
    check("容缺受理承诺书" in message and "已在 window-4 打印" in message, "the pledge was printed at window 4: " + message)
    check(browser.js("document.querySelector('#documents [data-kind=\"pledge\"]') !== null"), "the pledge is listed with the documents")
    browser.button("预览 容缺受理承诺书").click()
    browser.wait_for("document.getElementById('preview').complete && document.getElementById('preview').naturalWidth === 576", "the paper preview")
    check("容缺受理承诺书" in text(browser, "#preview-caption"), "the preview is the pledge as the 80 mm paper looks")
    # The whole case, checklist to preview, in one tall picture.
    browser.resize(1280, 2600)
    browser.js("window.scrollTo(0, document.getElementById('case').offsetTop - 10); return 1")
    browser.screenshot(SHOTS, "window-case")
    browser.resize(1280, 1000)
    violations = browser.serious_accessibility_violations()
    check(not violations, "no serious axe violations on the console with a case: " + "; ".join(violations))
    cut = browser.cut_off_at_200_percent()
    check(not cut, "nothing cut off at 200%: " + "; ".join(cut))
    printed = next(p for p in hall.get("/api/v1/devices", as_="technician1")["printers"] if p["id"] == "window-4")["printed"]
    browser.button("补打 容缺受理承诺书").click()
    browser.wait_for("document.getElementById('message').textContent.includes('补打')", "the reprint")
    check("已在 window-4 打印" in text(browser, "#message"), "the reprint came out at window 4")
    after = next(p for p in hall.get("/api/v1/devices", as_="technician1")["printers"] if p["id"] == "window-4")["printed"]
    check(after == printed + 1, "window 4's printer printed one more job")

    # 办结 arms the keypad; the citizen's press shows on the console.
    browser.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.F7)
    browser.wait_for("document.getElementById('review').dataset.state === 'armed'", "the keypad armed")
    hall.post("/api/v1/simulator/keypads/4", {"level": 5}, as_="technician1")
    browser.wait_for("document.getElementById('review').dataset.level === '5'", "the review")
    check("非常满意" in text(browser, "#review"), "the console shows the review 非常满意")

    # 暂停 and back to the queue, 转移 to window 5, 重呼 twice then 过号.
    browser.button("叫号").click()
    browser.wait_for(f"document.getElementById('current-ticket').dataset.ticket === '{second['number']}'", "the second ticket")
    browser.button("暂停").click()
    browser.wait_for(f"document.querySelector('#held [data-ticket=\"{second['number']}\"]')", "the held ticket")
    browser.button(f"{second['number']} 回到队列").click()
    browser.wait_for(count + " === '1'", "the held ticket back in its queue")
    browser.button("叫号").click()
    browser.wait_for("document.getElementById('current-ticket').dataset.state === 'called'", "the ticket called again")
    browser.button("转移").click()
    browser.wait_for("!document.getElementById('transfer').hidden", "the transfer choice")
    browser.driver.execute_script("document.getElementById('transfer-target').value = 'window:5'")
    browser.button("确认转移").click()
    browser.wait_for("document.getElementById('current-ticket').dataset.state === 'waiting'", "the transferred ticket")
    check(hall.get(f"/api/v1/tickets/{second['id']}")["targetWindow"] == "5", "the ticket waits for window 5")
    third = hall.post("/api/v1/tickets", {"queue": "general"}, as_=DEMO_KIOSK)
    browser.button("叫号").click()
    browser.wait_for(f"document.getElementById('current-ticket').dataset.ticket === '{third['number']}'", "the third ticket")
    for n in (1, 2):
        browser.button("重呼").click()
        browser.wait_for(f"document.getElementById('ticket-state').textContent.includes('已重呼 {n} 次')", f"recall {n}")
    browser.button("过号").click()
    browser.wait_for("document.getElementById('current-ticket').dataset.state === 'noShow'", "过号")
    check("过号" in text(browser, "#current-ticket"), f"{third['number']} is 过号")

    # A complaint made at the window (§10.2 现场投诉), entered as the citizen says it.
    browser.js("document.querySelector('#complaint-entry summary').click(); return 1")
    browser.wait_for("document.getElementById('enter-window').options.length > 1", "the windows to complain about")
    check(browser.js("return document.getElementById('enter-channel').value") == "window", "at the window, the window is the channel offered first")
    browser.driver.execute_script("document.getElementById('enter-window').value = '5'")
    browser.type("#enter-content", "5号窗口让我跑了两趟")
    browser.type("#enter-demand", "希望一次告知")
    browser.click("#enter button[type=submit]")
    browser.wait_for("document.getElementById('enter-status').textContent.includes('已登记')", "the complaint entered")
    number = re.search(r"TS\d{13}", text(browser, "#enter-status")).group(0)
    view = hall.get(f"/api/v1/complaints/{number}")
    check(view["state"] == "received", f"the complaint {number} is received")
    full = hall.get(f"/api/v1/complaints/{number}/full", as_="supervisor1")["complaint"]
    check(full["channel"] == "window" and full["windowID"] == "5" and full["received"]["by"] == "clerk4",
          f"entered at the window by the clerk, about window 5 ({full['channel']}, {full['windowID']}, {full['received']['by']})")

    errors = browser.errors()
    check(not errors, "no console errors: " + "; ".join(errors))


if __name__ == "__main__":
    run(main)
