# Bootcamp LMS — `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint bench install install-dev browser lock clean

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
