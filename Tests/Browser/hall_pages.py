#!/usr/bin/env python3
"""Drives the hall's web pages in a real headless Chromium, as a citizen and a clerk would.

Chromium is controlled over the DevTools protocol on a pipe (--remote-debugging-pipe), so
no WebSocket library is needed. Usage: hall_pages.py BASE_URL [--screenshot DIR]
Exits 0 when every check passes; prints one line per check.
"""
import argparse, base64, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

class Browser:
    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not exe:
            sys.exit("chromium is not installed")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="onevisit-chromium-")
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        def wire():
            os.dup2(to_chrome_r, 3); os.dup2(from_chrome_w, 4)
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--hide-scrollbars", f"--user-data-dir={self.profile}", "--window-size=1280,900", "about:blank"],
            preexec_fn=wire, pass_fds=(3, 4, to_chrome_r, from_chrome_w),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r); os.close(from_chrome_w)
        self.buffer = b""; self.next_id = 0
        # JavaScript exceptions and console errors of the pages: any one fails the run.
        self.errors = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Log.enable", session=True)

    def call(self, method, session=False, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session: message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.from_chrome, 65536)
                if not chunk: raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            self.note(reply)
            if reply.get("id") == self.next_id:
                if "error" in reply: raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def note(self, event):
        """Keeps what the page reports as going wrong. A refused API request (401 before sign-in)
        is the page's business and shows on it, so the network's own log lines are not errors."""
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append("exception: " + (details.get("exception", {}).get("description") or details.get("text", "?")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error" and entry.get("source") != "network":
                self.errors.append(f"{entry.get('source')}: {entry.get('text')} ({entry.get('url', '')})")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def goto(self, url):
        """Navigates and waits for the new document: a check never runs on the page being left."""
        self.evaluate("window.__leaving = true")
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("!window.__leaving && document.readyState === 'complete'", f"the page {url} to load")

    def wait_for(self, expression, what, timeout=60):
        """Polls a condition in the page: the page changes on its own (fetch, server-sent events)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value: return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        with open(path, "wb") as f: f.write(base64.b64decode(data))

    def close(self):
        self.proc.kill(); self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

def post(base, path, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token: headers["authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, data=json.dumps(body or {}).encode(), method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        data = response.read()
        return json.loads(data) if data else {}

def get(base, path, token):
    request = urllib.request.Request(base + path, headers={"authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())

def sign_in(base, staff_id, password="demo"):
    """A demo account's session token (README: clerk1…clerk9, technician1, supervisor1, all "demo")."""
    return post(base, "/api/v1/session", {"staffID": staff_id, "password": password})["token"]

DEMO_KIOSK = "ovd_demo-kiosk-1"

def wait_for_card(base, token, timeout=30):
    """Until the kiosk's reader has read the card laid on it (its report says a card waits)."""
    until = time.time() + timeout
    while time.time() < until:
        if any(r["id"] == "kiosk-1" and r["cardWaiting"] for r in get(base, "/api/v1/devices", token)["readers"]): return
        time.sleep(0.05)
    raise AssertionError("kiosk-1 read no card")

def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition: raise AssertionError(message)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--screenshot", help="directory for PNG screenshots of the pages")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    browser = Browser()
    clerk = sign_in(base, "clerk4")
    supervisor = sign_in(base, "supervisor1")
    technician = sign_in(base, "technician1")
    try:
        # A citizen at the kiosk taps 新生儿出生 and gets a number and the one-time notice. The
        # kiosk's browser unit opens it once with its device token, which the page keeps.
        browser.goto(base + "/kiosk.html?device=" + DEMO_KIOSK)
        browser.wait_for("document.querySelectorAll('button[data-kind=bundle]').length >= 20", "the kiosk's bundle tiles")
        check(browser.evaluate("document.getElementById('hall').textContent") == "示例旗政务服务中心", "kiosk shows the hall name")
        browser.evaluate("document.querySelector('button[data-id=newborn]').click()")
        number = browser.wait_for("document.getElementById('number')?.textContent", "the ticket number on the kiosk")
        check(re.fullmatch(r"B\d{3}", number) is not None, f"kiosk shows ticket {number} for 新生儿出生")
        card = browser.evaluate("document.getElementById('card').innerText")
        check("夫妻双方身份证" in card, "the one-time notice lists 夫妻双方身份证 to bring")
        bring = card.split("无需提交")[0]
        check("出生医学证明" not in bring, "出生医学证明 is not asked: the bundle's first item issues it")
        if args.screenshot: browser.screenshot(os.path.join(args.screenshot, "kiosk-ticket.png"))

        # The kiosk's printer runs out of paper: the citizen is told, with the number to keep,
        # and once paper is in again the reprint button prints it.
        post(base, "/api/v1/simulator/printers/kiosk-1", {"paper": "out"}, token=technician)
        browser.goto(base + "/kiosk.html")
        browser.wait_for("document.querySelectorAll('button[data-kind=bundle]').length >= 20", "the kiosk's bundle tiles again")
        browser.evaluate("document.querySelector('button[data-id=newborn]').click()")
        failed = browser.wait_for("document.querySelector('#card .error')?.textContent", "the print-failure message")
        unprinted = browser.evaluate("document.getElementById('number').textContent")
        check("凭条打印失败" in failed and unprinted in failed, f"kiosk says the slip did not print and shows {unprinted} to keep ({failed})")
        post(base, "/api/v1/simulator/printers/kiosk-1", {"paper": "ok"}, token=technician)
        browser.evaluate("document.getElementById('reprint').click()")
        again = browser.wait_for("!document.getElementById('reprint') && document.querySelector('#card .error').textContent", "the reprint")
        check("已重新打印" in again, f"the reprint comes out once paper is in ({again})")

        # The display board is open; a clerk calls the ticket; the board shows it at once.
        browser.goto(base + "/board.html")
        browser.wait_for("document.getElementById('status').textContent === '叫号中'", "the board's live connection")
        post(base, "/api/v1/windows/4/sign-in", token=clerk)
        called = post(base, "/api/v1/windows/4/call-next", token=clerk)
        check(called["number"] == number, f"window 4 calls {number}")
        row = browser.wait_for(
            f"[...document.querySelectorAll('#calls tr')].find(r => r.dataset.ticket === '{number}')?.innerText",
            "the call on the board")
        check("请到 4 号窗口" in row, f"board shows {number} → window 4 ({row.strip()})")
        check(browser.evaluate(f"document.querySelector('#calls tr[data-ticket={number}]').className") == "fresh",
              "the new call flashes")
        if args.screenshot: browser.screenshot(os.path.join(args.screenshot, "board.png"))

        # The status page behind the ticket's QR code.
        browser.goto(f"{base}/t/{called['id']}")
        state = browser.wait_for("document.querySelector('main b')?.textContent", "the ticket status page")
        check(state == "已叫号", f"status page shows the ticket as called ({state})")

        # The citizen-facing screen of window 4: the service ends, the citizen presses 非常不满意
        # on the simulated keypad, and picks the reasons on the screen.
        browser.goto(base + "/rate.html?window=4")
        browser.wait_for("document.getElementById('status').textContent === '评价器已连接'", "the rating screen's live connection")
        staff = browser.wait_for("document.getElementById('staff').textContent.includes('刘洋') && document.getElementById('staff').textContent",
                                 "the staff name on the rating screen")
        check("投诉电话：12345" in staff, f"rating screen shows staff and complaint phone ({staff})")
        post(base, "/api/v1/windows/4/start", token=clerk)
        post(base, "/api/v1/windows/4/finish", token=clerk)
        prompt = browser.wait_for("document.getElementById('prompt').textContent.includes('请按评价器') && document.getElementById('prompt').textContent",
                                  "the please-rate prompt")
        check(number in prompt, f"rating screen asks to rate {number} ({prompt})")
        post(base, "/api/v1/simulator/keypads/4", {"level": 1}, token=technician)
        browser.wait_for("!document.getElementById('reasons').hidden", "the bad-review reasons")
        check("非常不满意" in browser.evaluate("document.getElementById('prompt').textContent"), "the pressed level is shown")
        browser.evaluate("document.querySelector('#reason-list input[value=等候时间长]').click()")
        if args.screenshot: browser.screenshot(os.path.join(args.screenshot, "rate-bad-review.png"))
        browser.evaluate("document.getElementById('submit-reasons').click()")
        browser.wait_for("document.getElementById('prompt').textContent.includes('个工作日内整改')", "the thank-you after the reasons")
        reviews = get(base, "/api/v1/reviews?window=4", supervisor)["reviews"]
        check(len(reviews) == 1 and reviews[0]["reasons"] == ["等候时间长"] and reviews[0]["ticketNumber"] == number,
              "the review of window 4 carries the reason chosen on the screen")


        # A sample card on the kiosk's simulated reader (the devices page itself, its refused
        # sign-in and its sample-card buttons are tested by technician_page.py).
        post(base, "/api/v1/simulator/readers/kiosk-1", {"sample": "elderly-resident"}, token=technician)
        wait_for_card(base, technician)

        # At the kiosk, a real-name ticket for the card holder, 76: the priority lane.
        browser.goto(base + "/kiosk.html")
        browser.wait_for("document.querySelectorAll('button[data-kind=queue]').length > 0", "the kiosk's queue tiles")
        browser.evaluate("document.getElementById('realname').checked = true")
        browser.evaluate("document.querySelector('button[data-id=general]').click()")
        holder = browser.wait_for("[...document.querySelectorAll('#card div')].find(d => d.textContent.startsWith('实名'))?.textContent",
                                  "the real-name line on the kiosk")
        check(holder == "实名：张** 1506**********123X", f"kiosk shows the masked holder ({holder})")

        # A case for the same card holder; at the kiosk she looks it up by number, then by card.
        case = post(base, "/api/v1/cases", {"itemID": "social-security-card-application",
                                             "applicant": {"name": "张建国", "idNumber": "15060219500312123X"}}, token=clerk)
        post(base, f"/api/v1/cases/{case['number']}/materials", {"checks": [{"materialID": "resident-id-card", "status": "present"}]}, token=clerk)
        post(base, f"/api/v1/cases/{case['number']}/decision", {"decision": "accept"}, token=clerk)
        browser.goto(base + "/kiosk.html")
        browser.wait_for("!!document.getElementById('lookup-number')", "the kiosk's progress lookup")
        browser.evaluate(f"document.getElementById('case-number').value = '{case['number'].lower()}'")
        browser.evaluate("document.getElementById('lookup-number').click()")
        state = browser.wait_for(f"document.querySelector('[data-case={case['number']}] .state')?.textContent", "the case found by number")
        check(state == "已受理", f"kiosk shows case {case['number']} as accepted ({state})")
        check("张" not in browser.evaluate("document.getElementById('card').innerText"), "no name on the kiosk's progress card")
        post(base, "/api/v1/simulator/readers/kiosk-1", {"sample": "elderly-resident"}, token=technician)
        wait_for_card(base, technician)
        browser.goto(base + "/kiosk.html")
        browser.wait_for("!!document.getElementById('lookup-card')", "the kiosk's card lookup")
        browser.evaluate("document.getElementById('lookup-card').click()")
        found = browser.wait_for(f"!!document.querySelector('[data-case={case['number']}]')", "the case found by ID card")
        check(found, "kiosk finds the card holder's case by ID card")
        if args.screenshot: browser.screenshot(os.path.join(args.screenshot, "kiosk-progress.png"))
        browser.evaluate("1")  # takes in the events still on the pipe
        check(not browser.errors, "no JavaScript exception or console error on any page: " + "; ".join(browser.errors))
    finally:
        browser.close()
    print("browser checks passed")

if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"browser check failed: {e}", file=sys.stderr); sys.exit(1)
