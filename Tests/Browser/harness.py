"""The browser tests' shared harness: real headless Chromium driven by Selenium through
Debian's chromium-driver, the hall's API as a test client, accessibility (axe-core, shipped
by axe-selenium-python) and the 200% zoom check, screenshots.

Every wait is on a condition in the page (an element, a text), never a fixed sleep.
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.error, urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DEMO_KIOSK = "ovd_demo-kiosk-1"


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        raise AssertionError(message)


class Browser:
    """One headless Chromium. Console errors and uncaught exceptions of any page fail the run
    (`errors()`); refused API requests are the page's business and show on it."""

    def __init__(self, width=1280, height=900):
        exe = shutil.which("chromium") or sys.exit("chromium is not installed")
        driver = shutil.which("chromedriver") or sys.exit("chromedriver is not installed (Debian: chromium-driver)")
        options = webdriver.ChromeOptions()
        options.binary_location = exe
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                     "--autoplay-policy=no-user-gesture-required", "--lang=zh-CN", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        self.size = (width, height)
        self.logged = []

    # -- navigation and waiting -------------------------------------------------------------
    def goto(self, url):
        self.driver.get(url)

    def js(self, script, *args):
        return self.driver.execute_script(script if script.lstrip().startswith("return") or ";" in script else "return " + script, *args)

    def wait_for(self, expression, what, timeout=30):
        """Waits until the JavaScript expression is truthy in the page and returns its value."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(
                lambda d: d.execute_script("try { return (" + expression + ") } catch (e) { return null }"))
        except TimeoutException:
            raise AssertionError(f"timed out waiting for {what}")

    def click(self, css):
        self.driver.find_element(By.CSS_SELECTOR, css).click()

    def button(self, name):
        """The button with this accessible name (its text or aria-label)."""
        for b in self.driver.find_elements(By.CSS_SELECTOR, "button"):
            if b.accessible_name.strip() == name:
                return b
        raise AssertionError(f"no button named {name}")

    def type(self, css, text):
        field = self.driver.find_element(By.CSS_SELECTOR, css)
        field.clear()
        field.send_keys(text)

    def sign_in(self, staff_id, password="demo"):
        """Fills the page's sign-in form (工号, 密码, 登录) as a person would."""
        self.wait_for("document.getElementById('staff-id')", "the sign-in form")
        self.type("#staff-id", staff_id)
        self.type("#password", password)
        self.button("登录").click()

    # -- what a reviewer checks ---------------------------------------------------------------
    def errors(self):
        """Console errors and exceptions of the pages so far (network refusals excepted)."""
        for entry in self.driver.get_log("browser"):
            if entry["level"] == "SEVERE" and entry.get("source") != "network":
                self.logged.append(entry["message"])
        return self.logged

    def serious_accessibility_violations(self):
        """axe-core's violations of impact serious or critical on the current page."""
        from axe_selenium_python import Axe
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3])
                for v in results["violations"] if v.get("impact") in ("serious", "critical")]

    def cut_off_at_200_percent(self):
        """Zooms the page to 200% (half the CSS viewport at twice the pixels, as browser zoom
        does) and returns the elements whose text is cut off: clipped by an overflow that is
        not visible, or the page scrolling sideways."""
        width, height = self.size
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width // 2, "height": height // 2, "deviceScaleFactor": 2, "mobile": False})
        try:
            return self.js("""
              const cut = [];
              if (document.documentElement.scrollWidth > innerWidth + 1) cut.push("the page scrolls sideways (" + document.documentElement.scrollWidth + " > " + innerWidth + ")");
              for (const e of document.querySelectorAll("body *")) {
                const style = getComputedStyle(e);
                if (style.display === "none" || style.visibility === "hidden" || !e.textContent.trim()) continue;
                if (e.clientWidth <= 1 && e.clientHeight <= 1) continue;  // visually hidden text for screen readers
                const clips = [style.overflowX, style.overflowY].some((o) => o === "hidden" || o === "clip");
                if (clips && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
                  cut.push((e.id ? "#" + e.id : e.tagName.toLowerCase() + "." + e.className) + ": " + e.textContent.trim().slice(0, 30));
              }
              return cut;""")
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def page_checks(self, name, touch=False):
        """On the page shown now: no serious axe finding, nothing cut off at 200%, and with
        `touch` every visible control at least 64×64 px (the kiosk's targets)."""
        if touch:
            small = self.js("""return [...document.querySelectorAll('button')].filter(e => e.offsetParent)
                .map(e => [e.id || e.dataset.key || e.textContent.trim().slice(0, 12), e.getBoundingClientRect()])
                .filter(([, r]) => r.width < 64 || r.height < 64).map(([n, r]) => `${n} ${Math.round(r.width)}×${Math.round(r.height)}`)""")
            check(not small, f"{name}: every control is at least 64×64 px ({small})")
        violations = self.serious_accessibility_violations()
        check(not violations, f"{name}: no serious or critical axe violation ({violations})")
        cut = self.cut_off_at_200_percent()
        self.resize(*self.size)  # the zoom check clears the window's size
        check(not cut, f"{name} at {self.size[0]}×{self.size[1]}: nothing cut off or scrolling sideways at 200% ({cut})")

    def screenshot(self, directory, name):
        if directory:
            os.makedirs(directory, exist_ok=True)
            self.driver.save_screenshot(os.path.join(directory, name + ".png"))

    def resize(self, width, height):
        """The window's inner size in CSS pixels (a portrait kiosk is 1080×1920)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.size = (width, height)

    def close(self):
        self.driver.quit()


class Hall:
    """The hall's HTTP API, as the test's own client: staff sessions by bearer token."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.tokens = {}

    def token(self, staff_id, password="demo"):
        if staff_id not in self.tokens:
            self.tokens[staff_id] = self.post("/api/v1/session", {"staffID": staff_id, "password": password})["token"]
        return self.tokens[staff_id]

    def request(self, method, path, body=None, as_=None, raw=False):
        headers = {"content-type": "application/json"}
        if as_:
            headers["authorization"] = "Bearer " + (self.token(as_) if not as_.startswith("ovd_") else as_)
        data = json.dumps(body or {}).encode() if method != "GET" else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                payload = response.read()
                if raw:
                    return response.headers, payload
                return json.loads(payload) if payload else {}
        except urllib.error.HTTPError as e:
            raise AssertionError(f"{method} {path} as {as_}: {e.code} {e.read().decode(errors='replace')[:300]}")

    def get(self, path, as_=None, raw=False):
        return self.request("GET", path, as_=as_, raw=raw)

    def post(self, path, body=None, as_=None):
        return self.request("POST", path, body, as_=as_)


class Daemon:
    """onevisitd --simulate as a child of the script, on a free port and a fresh data directory:
    the script can restart it on the same port, and read what the simulated devices got."""

    def __init__(self, binary):
        self.binary, self.data = binary, tempfile.mkdtemp(prefix="onevisit-browser-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        log = open(os.path.join(self.data, "daemon.log"), "ab")
        self.process = subprocess.Popen([self.binary, "--simulate", "--port", str(self.port), "--data-dir", self.data],
                                        stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # waits for the daemon's readiness, not for a time
            if self.process.poll() is not None:
                raise AssertionError("onevisitd exited: " + open(os.path.join(self.data, "daemon.log")).read()[-2000:])
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as r:
                    if r.status == 200: return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("onevisitd did not get ready")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def arguments(description=None):
    """(base URL, screenshot directory or None) from a script's command line: BASE_URL [--screenshot DIR]."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("base")
    parser.add_argument("--screenshot", help="directory for PNG screenshots")
    args = parser.parse_args()
    return args.base.rstrip("/"), args.screenshot


def run(main):
    """Runs a test script's main(), exiting 1 with the failed check."""
    try:
        main()
    except AssertionError as e:
        print(f"browser check failed: {e}", file=sys.stderr)
        sys.exit(1)
    print("browser checks passed")
