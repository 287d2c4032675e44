#!/usr/bin/env python3
"""统一收费 at the window console (seed 004 §9.6) in real headless Chromium against a running hall
started with --simulate: a citizen's ticket for 居民身份证换领 is called at window 4, the clerk opens
the case; the fees box shows the 20-yuan 工本费 due before acceptance; a card payment without the
terminal's reference is refused in words; paid in cash, the receipt (收费凭证) is listed with the
case's documents and the fee shows its receipt number; the case is then accepted.

Usage: fees.py BASE_URL [--screenshot DIR]. Exits 0 when every check passes."""
import os, sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Browser, Hall, arguments, check, run, DEMO_KIOSK


def main():
    base, shots = arguments()
    hall = Hall(base)
    ticket = hall.post("/api/v1/tickets", {"item": "resident-id-card-renewal"}, as_=DEMO_KIOSK)
    b = Browser(1600, 1000)
    try:
        b.goto(base + "/window.html?window=4")
        b.sign_in("clerk4")
        b.wait_for("!document.getElementById('pick').hidden", "the window choice")
        b.button("在此窗口签到").click()
        b.wait_for("!document.getElementById('console').hidden", "the console")
        b.button("叫号").click()
        b.wait_for(f"document.getElementById('current-ticket')?.textContent.includes({ticket['number']!r})", "the ticket called")
        b.button("开始办理").click()
        b.wait_for("document.getElementById('from-reader')", "the case form")
        b.js("document.getElementById('from-reader').checked = false; return 1")
        b.button("建立办件").click()
        b.wait_for("/^C\\d{13}$/.test(document.getElementById('case-number')?.textContent)", "the case number")
        number = b.js("return document.getElementById('case-number').textContent")
        fee = "#fees [data-fee='resident-id-card-renewal']"
        b.wait_for(f"document.querySelector({fee!r})", "the fees box")
        line = b.js(f"return document.querySelector({fee!r}).innerText")
        check("20.00 元" in line and "受理前收取" in line, f"the fee and when it is due ({line!r})")

        # WeChat Pay without the platform's reference: refused, in words.
        b.js("document.getElementById('fee-method-resident-id-card-renewal').value = 'wechatPay'; return 1")
        b.click("[data-take='resident-id-card-renewal']")
        b.wait_for("document.getElementById('message')?.textContent.includes('收费未成功')", "the refusal")
        check("reference" in b.js("return document.getElementById('message').textContent"), "the refusal says the reference is missing")

        # Cash: taken, the receipt listed, the fee marked paid.
        b.js("document.getElementById('fee-method-resident-id-card-renewal').value = 'cash'; return 1")
        b.click("[data-take='resident-id-card-renewal']")
        b.wait_for(f"document.querySelector({fee!r})?.dataset.paid === 'true'", "the fee paid")
        receipt = hall.get(f"/api/v1/cases/{number}/fees", as_="clerk4")["payments"][0]["receiptNumber"]
        check(receipt in b.js(f"return document.querySelector({fee!r}).innerText"), f"the fee shows its receipt {receipt}")
        b.wait_for("[...document.querySelectorAll('#documents li')].some(li => li.textContent.includes('收费凭证'))", "the receipt among the documents")
        check("已收 收费凭证" in b.js("return document.getElementById('message').textContent"), "the console says the fee was taken")
        b.page_checks("console with fees")
        b.screenshot(shots, "window-fees")
        check(not b.errors(), f"no console errors ({b.errors()})")
    finally:
        b.close()
    # Acceptance no longer waits.
    hall.post(f"/api/v1/cases/{number}/materials", {"checks": [{"materialID": m, "status": "present"} for m in ("resident-id-card", "household-register")]},
              as_="clerk4")
    accepted = hall.post(f"/api/v1/cases/{number}/decision", {"decision": "accept"}, as_="clerk4")
    check(accepted["state"] == "accepted", "the case is accepted once its fee is paid")


if __name__ == "__main__":
    run(main)
