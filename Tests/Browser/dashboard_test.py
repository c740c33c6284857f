#!/usr/bin/env python3
"""The dashboard in a real browser: headless Chromium through chromedriver (selenium).

    python3 Tests/Browser/dashboard_test.py .build/debug/hourglass SCREENSHOT_DIR

Starts the daemon binary on a temporary YAML file with an SQLite store and an admin token,
signs in, checks the jobs and their next runs in the page against the JSON API, pauses a
job by clicking and checks the store, runs a job now and opens its output, and saves a
screenshot of each page (also 375 px wide) into SCREENSHOT_DIR. Exits 0 when every check
holds; prints what failed otherwise.
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

ADMIN_TOKEN = "browser-admin-token-0123456789"

CONFIG = """\
store: {store}
timezone: UTC
jobs:
  - id: backup
    name: Nightly backup
    cron: "0 3 * * *"
    timezone: Europe/Berlin
    command: [/bin/echo, "backup done <b>not bold</b>"]
  - id: report
    cron: "30 6 * * 1-5"
    timezone: America/New_York
    shell: "echo weekday report"
    tags: [reports]
  - id: heartbeat
    interval: 1h
    shell: "echo alive; echo second line"
  - id: flaky
    interval: 2h
    shell: "echo 'no disk left' >&2; exit 3"
  - id: {long_id}
    name: {long_name}
    interval: 3h
    command: [/bin/true]
"""

# An id as long as ids may be (Job.maximumIDLength, 1,000 bytes): the page shows three lines of it.
LONG_ID = "-".join("part%03d" % index for index in range(125)) + "x"
LONG_NAME = " ".join(["a name for people that goes on"] * 40)


class Check:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def that(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failed.append(what)
            print("FAILED: " + what, flush=True)


def start_daemon(binary, directory):
    config = os.path.join(directory, "hourglass.yaml")
    store = os.path.join(directory, "jobs.sqlite")
    with open(config, "w") as file:
        file.write(CONFIG.format(store=store, long_id=LONG_ID, long_name=LONG_NAME))
    log_path = os.path.join(directory, "daemon.log")
    log = open(log_path, "w")
    environment = dict(os.environ, HOURGLASS_HTTP_ADMIN_TOKEN=ADMIN_TOKEN)
    daemon = subprocess.Popen(
        [binary, "run", "--config", config, "--http", "127.0.0.1:0"],
        stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=directory)
    deadline = time.time() + 30
    while time.time() < deadline:
        with open(log_path) as file:
            text = file.read()
        match = re.search(r"http\.port=(\d+).*http API listening", text)
        if match:
            return daemon, config, int(match.group(1)), log_path
        if daemon.poll() is not None:
            raise RuntimeError("the daemon ended early:\n" + text)
        time.sleep(0.1)
    daemon.kill()
    raise RuntimeError("the daemon did not say where it listens:\n" + text)


def api(base, path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + ADMIN_TOKEN})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def shown_time(iso):
    """The API's 2026-01-01T03:00:00+01:00 as the dashboard writes it: 2026-01-01 03:00 +01:00."""
    moment = datetime.fromisoformat(iso)
    clock = moment.strftime("%H:%M") if moment.second == 0 else moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d ") + clock + " " + iso[-6:]


def stored_jobs(binary, config):
    output = subprocess.run(
        [binary, "jobs", "list", "--config", config, "--json"], check=True, capture_output=True, text=True).stdout
    return {job["id"]: job for job in json.loads(output)}


def browser():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=en-US"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def screenshot(driver, directory, name, width=1280):
    """A screenshot of the whole page at `width` CSS pixels."""
    driver.set_window_size(width, 1000)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 140, 600), 4000))
    path = os.path.join(directory, name + ".png")
    driver.save_screenshot(path)
    driver.set_window_size(1280, 1000)
    print("screenshot: " + path, flush=True)
    return path


def fits(driver, width):
    """Whether the page needs no horizontal scrolling at `width` CSS pixels."""
    driver.set_window_size(width, 1000)
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    driver.set_window_size(1280, 1000)
    return overflow <= 0


def run(binary, shots):
    os.makedirs(shots, exist_ok=True)
    check = Check()
    with tempfile.TemporaryDirectory(prefix="hourglass-browser-") as directory:
        daemon, config, port, log_path = start_daemon(binary, directory)
        base = "http://127.0.0.1:%d" % port
        driver = None
        try:
            # The served OpenAPI document is a valid OpenAPI 3.1 document (when the
            # validator is installed, as .ci/run does).
            try:
                from openapi_spec_validator import validate
            except ImportError:
                validate = None
            if validate is not None:
                with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=10) as answer:
                    document = json.load(answer)
                try:
                    validate(document)
                    check.that(True, "the OpenAPI document is valid")
                except Exception as error:  # the validator's errors have several types
                    check.that(False, "the OpenAPI document is valid: %s" % error)

            driver = browser()
            # The page's script replaces its tables as runs change: an element read while it
            # is replaced is stale, and the wait reads the new one on its next poll.
            wait = WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,))

            # Sign in.
            driver.get(base + "/")
            wait.until(ec.presence_of_element_located((By.ID, "token")))
            check.that(driver.current_url.startswith(base + "/login"), "an anonymous browser is sent to the sign-in page")
            screenshot(driver, shots, "01-login")
            field = driver.find_element(By.ID, "token")
            check.that(driver.find_element(By.CSS_SELECTOR, "label[for=token]").text == "API token", "the token field has a label")
            field.send_keys("wrong-token-0123456789")
            field.send_keys(Keys.ENTER)
            wait.until(ec.presence_of_element_located((By.ID, "login-error")))
            check.that("not accepted" in driver.find_element(By.ID, "login-error").text, "a wrong token is refused")
            screenshot(driver, shots, "02-login-refused")
            driver.get_log("browser")  # the 401 of the refused token is meant; the console is checked from here on
            field = driver.find_element(By.ID, "token")
            field.send_keys(ADMIN_TOKEN)
            driver.find_element(By.CSS_SELECTOR, "form.login button[type=submit]").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.jobs")))
            cookies = {cookie["name"]: cookie for cookie in driver.get_cookies()}
            session = cookies.get("hourglass_session", {})
            check.that(session.get("httpOnly") is True, "the session cookie is HttpOnly")
            check.that(session.get("sameSite") == "Strict", "the session cookie is SameSite=Strict")

            # The jobs and their next runs, as the API gives them.
            listed = {job["id"]: job for job in api(base, "/api/v1/jobs")["items"]}
            rows = {}
            for row in driver.find_elements(By.CSS_SELECTOR, "table.jobs tbody tr"):
                rows[row.find_element(By.CSS_SELECTOR, "th a.job").get_attribute("title")] = row
            check.that(sorted(rows) == sorted(listed), "the page lists the jobs %s, the API %s" % (sorted(rows), sorted(listed)))
            for job_id, job in listed.items():
                if job_id not in rows:
                    continue
                next_cell = rows[job_id].find_element(By.CSS_SELECTOR, "td[data-label='Next run'] time")
                check.that(next_cell.get_attribute("datetime") == job["next_run_time"],
                           "%s: next run %s in the page, %s in the API" % (job_id, next_cell.get_attribute("datetime"), job["next_run_time"]))
                check.that(next_cell.text == shown_time(job["next_run_time"]),
                           "%s: next run shown as '%s', expected '%s'" % (job_id, next_cell.text, shown_time(job["next_run_time"])))
            backup_row = rows.get("backup")
            if backup_row is not None:
                check.that("At 03:00" in backup_row.text, "backup's schedule is described in words")
                check.that("Nightly backup" in backup_row.text, "backup's name is shown")
                check.that(re.search(r"\+0[12]:00", backup_row.text) is not None, "backup's next run carries Berlin's offset")
            long_row = rows.get(LONG_ID)
            if long_row is not None:
                long_link = long_row.find_element(By.CSS_SELECTOR, "th a.job")
                line = float(driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", long_link))
                check.that(long_link.size["height"] <= 3.5 * line,
                           "the 1,000-byte id takes %.0f px, at most three lines of %.0f px" % (long_link.size["height"], line))
                cell = long_row.find_element(By.CSS_SELECTOR, "th")
                table = driver.find_element(By.CSS_SELECTOR, "table.jobs")
                check.that(cell.size["width"] <= 0.45 * table.size["width"],
                           "the long id and name keep the job column to %.0f of %.0f px" % (cell.size["width"], table.size["width"]))
            screenshot(driver, shots, "03-jobs")
            check.that(fits(driver, 375), "the jobs page fits 375 px without scrolling sideways")
            screenshot(driver, shots, "04-jobs-375px", width=375)

            # Run a job now; its run appears through the live refresh, and its output opens.
            driver.find_element(By.LINK_TEXT, "heartbeat").click()
            wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "heartbeat"))
            next_runs = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "ol.times time")]
            check.that(len(next_runs) == 10, "the job page lists 10 next runs, not %d" % len(next_runs))
            driver.find_element(By.XPATH, "//button[normalize-space()='Run now']").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "p.flash")))
            check.that("Started a run of 'heartbeat'" in driver.find_element(By.CSS_SELECTOR, "p.flash").text,
                       "run now says so")
            WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: any("success" in cell.text for cell in d.find_elements(By.CSS_SELECTOR, "table.runs tbody td")))
            # A run started elsewhere (the JSON API) appears without a reload, through the script.
            driver.execute_script("window.hourglassMarker = 1")
            started = urllib.request.Request(
                base + "/api/v1/jobs/heartbeat/run", method="POST", headers={"Authorization": "Bearer " + ADMIN_TOKEN})
            urllib.request.urlopen(started, timeout=10).close()
            WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.runs tbody tr")) == 2
                and "success" in d.find_elements(By.CSS_SELECTOR, "table.runs tbody tr")[0].text)
            check.that(driver.execute_script("return window.hourglassMarker") == 1, "the live refresh kept the page (no reload)")
            status = driver.find_element(By.ID, "live-status").text
            check.that("Live updates" in status and "updated" in status, "the live-update switch says when it updated (%r)" % status)
            screenshot(driver, shots, "05-job-after-run-now")
            screenshot(driver, shots, "06-job-375px", width=375)
            driver.find_element(By.CSS_SELECTOR, "table.runs tbody th a").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "pre.output")))
            output = driver.find_element(By.CSS_SELECTOR, "pre.output").text
            check.that(output == "alive\nsecond line", "the run's output is shown whole: %r" % output)
            screenshot(driver, shots, "07-run-output")

            # Pause by clicking; the store says so.
            driver.get(base + "/jobs/backup")
            driver.find_element(By.XPATH, "//button[normalize-space()='Pause']").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "p.flash")))
            check.that(driver.find_element(By.CSS_SELECTOR, "p.flash").text == "Paused 'backup'.", "pausing says so")
            check.that(driver.find_element(By.CSS_SELECTOR, ".facts .state").text == "paused", "the page shows the job paused")
            check.that(len(driver.find_elements(By.XPATH, "//button[normalize-space()='Resume']")) == 1, "a paused job offers Resume")
            check.that(stored_jobs(binary, config)["backup"].get("paused") is True, "the store has backup paused")
            check.that(api(base, "/api/v1/jobs/backup")["paused"] is True, "the API has backup paused")
            screenshot(driver, shots, "08-job-paused")

            # A failed run's output, and the jobs page with outcomes.
            driver.get(base + "/jobs/flaky")
            driver.find_element(By.XPATH, "//button[normalize-space()='Run now']").click()
            WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: any("error" in cell.text for cell in d.find_elements(By.CSS_SELECTOR, "table.runs tbody td")))
            driver.find_element(By.CSS_SELECTOR, "table.runs tbody th a").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "pre.output")))
            check.that("no disk left" in driver.find_element(By.CSS_SELECTOR, "pre.output").text, "a failed run's output is shown")
            screenshot(driver, shots, "09-run-failed")
            driver.get(base + "/")
            strip = driver.find_elements(By.CSS_SELECTOR, "table.jobs ol.strip li")
            check.that(len(strip) == 3, "the outcome strips hold the 3 runs, not %d" % len(strip))
            screenshot(driver, shots, "10-jobs-with-runs")
            screenshot(driver, shots, "11-jobs-with-runs-375px", width=375)

            # Nodes.
            driver.find_element(By.LINK_TEXT, "Nodes").click()
            wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.nodes")))
            check.that("alive" in driver.find_element(By.CSS_SELECTOR, "table.nodes").text, "the node's loop is alive")
            screenshot(driver, shots, "12-nodes")
            check.that(fits(driver, 375), "the nodes page fits 375 px without scrolling sideways")

            # Keyboard: the first Tab reaches the skip link, and it is visible then.
            driver.get(base + "/")
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
            active = driver.switch_to.active_element
            check.that(active.text == "Skip to content", "the first Tab reaches the skip link (%r)" % active.text)
            check.that(active.rect["y"] >= 0, "the focused skip link is on screen")
            screenshot(driver, shots, "13-skip-link-focused")

            # Sign out.
            driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
            wait.until(ec.presence_of_element_located((By.ID, "token")))
            driver.get(base + "/nodes")
            check.that(driver.current_url.startswith(base + "/login"), "after signing out, pages ask for a token again")

            errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            check.that(not errors, "no errors in the browser's console: %s" % errors)
        except Exception:
            if driver is not None:
                try:
                    screenshot(driver, shots, "failure")
                except Exception:
                    pass
            with open(log_path) as file:
                print("daemon log:\n" + file.read())
            raise
        finally:
            if driver is not None:
                driver.quit()
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=30)
            except subprocess.TimeoutExpired:
                daemon.kill()
    print("%d passed, %d failed" % (check.passed, len(check.failed)))
    return 0 if not check.failed else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: dashboard_test.py HOURGLASS_BINARY SCREENSHOT_DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(run(os.path.abspath(sys.argv[1]), sys.argv[2]))
