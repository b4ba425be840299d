# Bootcamp LMS — `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint bench bench-peer install install-dev browser lock clean prod prod-start prod-stop \
	prod-status loadtest loadtest-signed-in loadtest-faults

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files make reinstalling happen only when the lock files change.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# BASE_URL (links in emails, calendars, certificate PDFs and badges) follows PORT unless set.
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# End-to-end tests drive Debian's Chromium; install it when we can (root + apt), otherwise
# those tests skip with a message saying so.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
		|| echo "Could not install chromium: browser tests will be skipped"; \
	fi

test: install-dev browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .

bench: install-dev
	$(PY) -m lms.bench

# Our module page against wagtail-lms's lesson page, paired rounds on this machine (the peer
# in its own virtualenv under /tmp; needs wrk and PyPI): exits non-zero below 2x its req/s.
bench-peer: install-dev
	loadtest/bench_peer.sh

# The production stack on this machine (DEBUG off, PostgreSQL, Redis, gunicorn behind nginx,
# task worker, scheduler): the same commands as deploy/systemd/. See README, "Running in
# production". `make prod` stays in the foreground (Ctrl-C stops everything); prod-start
# leaves it running for `make loadtest`; prod-stop stops it.
prod: install
	deploy/prod.sh run

prod-start: install
	deploy/prod.sh start

prod-stop:
	deploy/prod.sh stop

prod-status:
	deploy/prod.sh status

# Profile A (400 participants check in within two minutes) against `make prod-start`;
# exits non-zero when a criterion is missed. LOADTEST_MODE=signin (everyone signs in at
# 10:00) or signed-in (sessions made the day before); loadtest runs both.
loadtest: install-dev
	loadtest/run.sh signin
	loadtest/run.sh signed-in

loadtest-signed-in: install-dev
	loadtest/run.sh signed-in

# The same load while Redis is stopped, the database refuses connections for 20 s and the
# task worker is killed mid-send: checks that nothing is lost or sent twice.
loadtest-faults: install-dev
	loadtest/run.sh faults

# Regenerate the pinned lock files from pyproject.toml in a throw-away environment.
lock:
	rm -rf /tmp/lms-lock && $(PYTHON) -m venv /tmp/lms-lock
	/tmp/lms-lock/bin/pip install --quiet --upgrade pip
	/tmp/lms-lock/bin/pip install --quiet .
	/tmp/lms-lock/bin/pip freeze --exclude bootcamp-lms > requirements.txt
	/tmp/lms-lock/bin/pip install --quiet ".[dev]"
	(echo "-r requirements.txt"; /tmp/lms-lock/bin/pip freeze --exclude bootcamp-lms \
		| grep -vxFf requirements.txt) > requirements-dev.txt

clean:
	rm -rf $(VENV) staticfiles
