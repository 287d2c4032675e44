#!/usr/bin/env python3
"""The technician's devices page (/devices.html) in a real headless Chromium: a wrong password
refused, then 马强 (technician1) runs each device's test and sees its result on the page
(a test slip, a masked card read, a camera thumbnail, a keypad press), lays a sample card with
the simulator's controls; and a second daemon without --simulate, on real device paths that
are not there, shows the same tests and no simulator control at all.
Usage: technician_page.py BASE_URL [--screenshot DIR]   (BASE_URL: a daemon started with --simulate)
"""
import argparse, json, os, socket, subprocess, sys, tempfile, urllib.error, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Browser, Hall, check, run  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARIES = os.path.join(ROOT, ".build", "debug")


def card(kind, device):
    return f"li[data-{kind}='{device}']"


def card_text(browser, kind, device):
    return " ".join(browser.js(f"return document.querySelector({card(kind, device)!r})?.innerText ?? ''").split())


def result(browser, kind, device):
    return browser.js(f"return document.querySelector({card(kind, device) + ' .test-result'!r})?.textContent ?? ''")


def press(browser, kind, device, name):
    """The button of that name on one device's card."""
    for b in browser.driver.find_elements("css selector", card(kind, device) + " button"):
        if b.accessible_name.strip() == name:
            return b
    raise AssertionError(f"no button {name} on {kind} {device}")


def checks_on_a_simulated_hall(browser, base, shots):
    hall = Hall(base)
    browser.goto(base + "/devices.html")
    browser.wait_for("document.getElementById('staff-id')", "the sign-in form of the devices page")
    check(browser.js("return document.querySelectorAll('li.device').length") == 0, "no device shown before sign-in")
    browser.sign_in("technician1", password="wrong")
    refusal = browser.wait_for("document.querySelector('form.signin .error')?.textContent", "the refused sign-in")
    check("wrong staff id or password" in refusal, f"a wrong password is refused ({refusal})")
    check(browser.js("return document.querySelectorAll('li.device').length") == 0, "still no device after the refusal")
    browser.type("#password", "demo")
    browser.button("登录").click()
    browser.wait_for(f"document.querySelector({card('printer', 'kiosk-1')!r})", "the devices after sign-in")
    check(browser.js("return document.getElementById('who').textContent") == "马强（技术人员）", "the page names the technician")

    # 数据与备份: the data disk, the database, a hall never backed up flagged, the anchor following.
    browser.wait_for("document.querySelector(\"dd[data-storage='档案锚点']\")", "the data directory section")
    storage = browser.js("return Object.fromEntries([...document.querySelectorAll('dd[data-storage]')]"
                         ".map(d => [d.dataset.storage, [d.textContent, d.classList.contains('error')]]))")
    check(storage["数据库"][0].endswith(" MiB"), f"the database size is shown ({storage})")
    check(storage["最近备份"] == ["从未备份", True], f"a hall never backed up is flagged ({storage})")
    check(storage["档案锚点"] == ["随档案链更新", False], f"the archive anchor follows the chain ({storage})")

    # The simulator's controls (--simulate): a sample card laid on kiosk-1 is read at once.
    press(browser, "reader", "kiosk-1", "放老年居民身份证").click()
    browser.wait_for(f"document.querySelector({card('reader', 'kiosk-1')!r})?.innerText.includes('已读卡，待使用')", "the card read on kiosk-1")
    check("已读卡，待使用" in card_text(browser, "reader", "kiosk-1"), "devices page: card placed on kiosk-1 and read")

    # 读卡测试 takes that card and shows it masked; the card is used up.
    press(browser, "reader", "kiosk-1", "读卡测试").click()
    browser.wait_for(f"document.querySelector({card('reader', 'kiosk-1') + ' .test-result'!r})?.textContent.startsWith('读到')", "the card read test")
    read = result(browser, "reader", "kiosk-1")
    check(read.startswith("读到居民身份证：张** 1506**********123X"), f"the read test shows the card masked ({read})")
    check("张建国" not in browser.js("return document.body.innerText") and "15060219500312123X" not in browser.js("return document.body.innerText"),
          "no full name or number anywhere on the page")
    browser.wait_for(f"document.querySelector({card('reader', 'kiosk-1')!r}).innerText.includes('状态\\n正常')", "the card used up by the test")

    # 测试打印 on window 4's printer: the slip is printed, and the printer's count shows it.
    def printed():
        return [p for p in hall.get("/api/v1/devices", as_="technician1")["printers"] if p["id"] == "window-4"][0]["printed"]
    before = printed()
    press(browser, "printer", "window-4", "测试打印").click()
    browser.wait_for(f"document.querySelector({card('printer', 'window-4') + ' .test-result'!r})?.textContent.startsWith('测试页已打印')", "the test print")
    check(printed() == before + 1, "the printer counted the slip")
    # 拍摄测试页 at window 4: a thumbnail and the frame's size.
    press(browser, "camera", "window-4", "拍摄测试页").click()
    browser.wait_for(f"document.querySelector({card('camera', 'window-4') + ' img.preview'!r})?.naturalWidth > 0", "the camera thumbnail")
    shot = result(browser, "camera", "window-4")
    check(shot.startswith("已拍摄 1240×1754") and "画面未保存" in shot, f"the capture test shows the frame's size ({shot})")
    check(browser.js(f"return document.querySelector({card('camera', 'window-4') + ' img.preview'!r}).naturalWidth") <= 200, "the thumbnail is small")

    # 评价器测试 at window 4: the page waits for a press; a key pressed on the keypad answers it.
    press(browser, "keypad", "window-4", "评价器测试").click()
    browser.wait_for(f"document.querySelector({card('keypad', 'window-4') + ' .test-result'!r})?.textContent.startsWith('请在')", "the keypad test waiting")
    answered = f"document.querySelector({card('keypad', 'window-4') + ' .test-result'!r}).textContent.startsWith('评价器已应答')"
    for _ in range(20):  # the request may still be on its way to the keypad: press until the test has heard one
        hall.post("/api/v1/simulator/keypads/4", {"level": 5}, as_="technician1")
        try:
            browser.wait_for(answered, "the keypad's answer", timeout=1)
            break
        except AssertionError:
            continue
    keypad = result(browser, "keypad", "window-4")
    check(keypad.startswith("评价器已应答：按下“非常满意”"), f"the keypad test shows the key pressed ({keypad})")

    if shots:  # the whole page, every test's result on it
        browser.resize(1280, min(8000, browser.js("return document.documentElement.scrollHeight")))
        browser.js("window.scrollTo(0, 0)")
        browser.screenshot(shots, "devices")
        browser.resize(1280, 900)

    # Out of paper, the test says so.
    hall.post("/api/v1/simulator/printers/window-4", {"paper": "out"}, as_="technician1")
    press(browser, "printer", "window-4", "测试打印").click()
    browser.wait_for(f"document.querySelector({card('printer', 'window-4') + ' .test-result'!r})?.textContent.startsWith('打印失败')", "the failed test print")
    check("paper out" in result(browser, "printer", "window-4"), f"the failure names the paper ({result(browser, 'printer', 'window-4')})")
    hall.post("/api/v1/simulator/printers/window-4", {"paper": "ok"}, as_="technician1")

    violations = browser.serious_accessibility_violations()
    check(violations == [], f"no serious or critical axe violations: {violations}")
    cut = browser.cut_off_at_200_percent()
    check(cut == [], f"nothing cut off at 200% zoom: {cut}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def checks_on_a_real_hall(browser):
    """A hall without --simulate whose devices file names devices that are not plugged in."""
    data = tempfile.mkdtemp(prefix="onevisit-technician-")
    devices = os.path.join(data, "devices.json")
    with open(devices, "w") as f:
        json.dump({"printers": [{"id": "kiosk-1", "role": "kiosk", "device": data + "/no-printer"}],
                   "readers": [{"id": "kiosk-1", "role": "kiosk", "device": data + "/no-reader"}],
                   "keypads": [{"id": "window-3", "window": "3", "serial": {"device": data + "/no-keypad", "address": 3}}],
                   "cameras": [{"id": "window-3", "window": "3", "device": data + "/no-camera"}]}, f)
    added = subprocess.run([os.path.join(BINARIES, "onevisit"), "staff", "add", "t001", "--name", "马强", "--role", "technician",
                            "--password-stdin", "--data-dir", data], input="technician-pw\n", capture_output=True, text=True,
                           env={**os.environ, "HOME": data})
    check(added.returncode == 0, f"a technician added offline ({added.stdout}{added.stderr})")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(data, "daemon.log"), "w")
    daemon = subprocess.Popen([os.path.join(BINARIES, "onevisitd"), "--port", str(port), "--data-dir", data, "--devices", devices],
                              stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HOME": data})
    try:
        ready = False
        for _ in range(600):  # up to a minute, by asking; the daemon says when it listens
            if daemon.poll() is not None:
                break
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=0.5):
                    ready = True
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                daemon_wait(daemon)
        check(ready, "the daemon without --simulate is up")
        refused = status(base + "/api/v1/simulator/printers/kiosk-1", {"paper": "out"})
        check(refused == 404, f"the simulator's routes do not exist without --simulate ({refused})")

        browser.goto(base + "/devices.html")
        browser.sign_in("t001", password="technician-pw")
        browser.wait_for(f"document.querySelector({card('camera', 'window-3')!r})", "the real hall's devices")
        check(browser.js("return document.querySelectorAll('.simulator, li.device button.small').length") == 0, "no simulator control without --simulate")
        names = browser.js("return [...document.querySelectorAll('li.device button')].map(b => b.textContent)")
        check(sorted(names) == sorted(["测试打印", "读卡测试", "评价器测试", "拍摄测试页"]), f"each device has its test, nothing else ({names})")
        press(browser, "printer", "kiosk-1", "测试打印").click()
        browser.wait_for(f"document.querySelector({card('printer', 'kiosk-1') + ' .test-result'!r})?.textContent.startsWith('打印失败')", "the test print on a missing printer")
        check("打印失败" in result(browser, "printer", "kiosk-1"), f"a printer that is not there fails its test ({result(browser, 'printer', 'kiosk-1')})")
        press(browser, "camera", "window-3", "拍摄测试页").click()
        browser.wait_for(f"document.querySelector({card('camera', 'window-3') + ' .test-result'!r})?.textContent.startsWith('拍摄失败')", "the capture on a missing camera")
        check("拍摄失败" in result(browser, "camera", "window-3"), "a camera that is not there fails its test")
        violations = browser.serious_accessibility_violations()
        check(violations == [], f"no serious or critical axe violations without --simulate: {violations}")
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        log.close()


def status(url, body):
    """The HTTP status of a JSON POST."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def daemon_wait(daemon):
    """Waits a tenth of a second for the daemon to exit, which is also the pause between asks."""
    try:
        daemon.wait(timeout=0.1)
    except subprocess.TimeoutExpired:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    browser = Browser()
    try:
        checks_on_a_simulated_hall(browser, args.base.rstrip("/"), args.screenshot)
        checks_on_a_real_hall(browser)
        errors = browser.errors()
        check(errors == [], f"no console errors: {errors}")
    finally:
        browser.close()


if __name__ == "__main__":
    run(main)
