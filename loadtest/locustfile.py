"""Profile A: 400 participants check in to the Day 1 morning session within two minutes.

Run by loadtest/run.sh (which prepares the data and judges the result), against
`make prod-start` on loopback only:

    locust -f loadtest/locustfile.py --headless -u 400 -r 400 -t 180s \
        --host http://127.0.0.1:8116

Each simulated participant takes one entry of the plan (loadtest/prepare.py) and arrives at a
planned moment: 60 % in the first 30 s, the rest between 30 and 120 s. Then, 1–3 s apart:
sign in (mode `signin`; on a 429 wait 15–25 s and try again, at most 4 tries) or reuse the
session cookie made the day before (mode `signed-in`), open `/`, the dashboard, the live
session page and the check-in page, and submit the code. 10 % first type a wrong code, 20 %
double-tap (two POSTs at once), 10 % submit again a few seconds later, and 25 % keep opening
module pages every 5–15 s.

LOADTEST_RETRY=1 (the fault drill) makes participants behave as people do when a page fails:
wait 3–6 s and try the same step again, until LOADTEST_GIVE_UP seconds after the start.

What each participant saw (signed in, success page, errors) is written to LOADTEST_OUT for
loadtest/report.py, which compares it with the database.
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
OUT = os.environ.get("LOADTEST_OUT", "loadtest-outcomes.json")
RETRY = os.environ.get("LOADTEST_RETRY") == "1"
GIVE_UP = float(os.environ.get("LOADTEST_GIVE_UP", "170"))
SEED = int(os.environ.get("LOADTEST_SEED", "20261202"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The check-in page shows "Your attendance: …" in this callout once a record exists.
RECORDED = 'class="callout callout-tip">'

_numbers = itertools.count()
_started = {"at": None}
OUTCOMES: dict[int, dict] = {}


def _arrival(rng: random.Random, index: int, total: int) -> float:
    """60 % of the participants in the first 30 s, the rest spread over 30–120 s."""
    if index < int(total * 0.6):
        return rng.uniform(0, 30)
    return rng.uniform(30, 120)


class Retry(Exception):
    """A step failed in a way a person would retry (5xx, connection error)."""


class Participant(FastHttpUser):
    # The journey is one task that runs once; the pauses inside it are the think times.
    wait_time = staticmethod(lambda: 3600)
    connection_timeout = 30.0
    network_timeout = 60.0
    insecure = False

    def on_start(self):
        number = next(_numbers)
        if number >= len(PLAN["users"]):
            raise StopUser()
        if _started["at"] is None:
            _started["at"] = time.time()
        self.entry = PLAN["users"][number]
        # Never follow redirects (each step is measured on its own). FastHttpSession switches
        # redirects off per request and back on after it, which races when a double tap
        # sends two requests at once: switch them off for good instead.
        self.client.client.redirect_response_codes = frozenset()
        self.rng = random.Random(SEED + number)  # noqa: S311 — reproducible load, not secrets
        order = random.Random(SEED)  # noqa: S311
        arrivals = [_arrival(order, n, len(PLAN["users"])) for n in range(len(PLAN["users"]))]
        order.shuffle(arrivals)
        self.arrive_at = _started["at"] + arrivals[number]
        self.outcome = OUTCOMES[self.entry["id"]] = {
            "email": self.entry["email"], "signed_in": False, "success_page": False,
            "checked_in_at": None, "errors": 0, "retries": 0,
        }

    # --- helpers -------------------------------------------------------------------------

    def think(self, low=1.0, high=3.0):
        gevent.sleep(self.rng.uniform(low, high))

    def request(self, method, path, name, expect=(200,), refused=(), **kwargs):
        """One request; an unexpected status is a failure (and, in the drill, retried).
        A status in `refused` (a 429) counts as a failure but goes back to the caller,
        which decides how a person would wait and try again."""
        while True:
            with self.client.request(method, path, name=name, catch_response=True,
                                     allow_redirects=False, **kwargs) as response:
                if response.status_code in expect:
                    response.success()
                    return response
                if response.status_code in refused:
                    response.failure(f"HTTP {response.status_code} (refused, will wait)")
                    return response
                response.failure(f"HTTP {response.status_code}")
                self.outcome["errors"] += 1
            if not RETRY or time.time() - _started["at"] > GIVE_UP:
                raise Retry(f"{name}: {response.status_code}")
            self.outcome["retries"] += 1
            self.think(3, 6)

    def csrf_from(self, response) -> str:
        match = CSRF.search(response.text or "")
        return match.group(1) if match else ""

    # --- the journey ---------------------------------------------------------------------

    def sign_in(self):
        for _attempt in range(4):
            page = self.request("GET", "/accounts/login/", "GET /accounts/login/")
            response = self.request(
                "POST", "/accounts/login/", "POST /accounts/login/", expect=(302,), refused=(429,),
                data={"login": self.entry["email"], "password": self.entry["password"],
                      "csrfmiddlewaretoken": self.csrf_from(page)},
                headers={"Referer": f"{self.host}/accounts/login/"})
            if response.status_code == 302:
                self.outcome["signed_in"] = True
                return
            self.outcome["errors"] += 1  # a 429 is an error for the person waiting
            self.think(15, 25)
        raise Retry("sign-in refused 4 times")

    def submit(self, token, code, name, expect=(302,)):
        return self.request(
            "POST", PLAN["check_in_url"], name, expect=expect,
            data={"code": code, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}{PLAN['check_in_url']}"})

    @task
    def journey(self):
        gevent.sleep(max(self.arrive_at - time.time(), 0))
        try:
            if PLAN["mode"] == "signin":
                self.sign_in()
                self.request("GET", "/", "GET / (after sign-in)")
            else:
                self.client.cookiejar.set_cookie(_cookie(PLAN["session_cookie_name"],
                                                         self.entry["session_key"]))
                self.outcome["signed_in"] = True
            self.think()
            self.request("GET", "/dashboard/", "GET /dashboard/")
            self.think()
            self.request("GET", PLAN["session_url"], "GET live session page")
            self.think()
            page = self.request("GET", PLAN["check_in_url"], "GET check-in page")
            token = self.csrf_from(page)
            self.think()
            roll = self.rng.random()
            if roll < 0.10:
                self.submit(token, "WRONG1", "POST check-in, wrong code (400)", expect=(400,))
                self.think()
            if 0.10 <= roll < 0.30:
                taps = [gevent.spawn(self.submit, token, PLAN["code"],
                                     "POST check-in, double tap") for _ in range(2)]
                gevent.joinall(taps)
                for tap in taps:
                    if tap.exception is not None:
                        raise tap.exception
            else:
                self.submit(token, PLAN["code"], "POST check-in")
            after = self.request("GET", PLAN["check_in_url"], "GET check-in page after submit")
            if RECORDED in (after.text or ""):
                self.outcome["success_page"] = True
                self.outcome["checked_in_at"] = time.time() - _started["at"]
            if 0.30 <= roll < 0.40:
                self.think(2, 5)
                self.submit(token, PLAN["code"], "POST check-in again")
            if self.rng.random() < 0.25 and PLAN["modules"]:
                while True:
                    self.think(5, 15)
                    self.request("GET", self.rng.choice(PLAN["modules"]), "GET module page")
        except Retry:
            pass
        gevent.sleep(3600)  # done: stay connected but idle until the run ends


def _cookie(name, value):
    from http.cookiejar import Cookie

    return Cookie(version=0, name=name, value=value, port=None, port_specified=False,
                  domain="127.0.0.1", domain_specified=False, domain_initial_dot=False,
                  path="/", path_specified=True, secure=False, expires=None, discard=True,
                  comment=None, comment_url=None, rest={"HttpOnly": None})


@events.test_stop.add_listener
def _write_outcomes(environment, **_kwargs):
    with open(OUT, "w") as handle:
        json.dump({"started_at": _started["at"], "participants": OUTCOMES}, handle)
