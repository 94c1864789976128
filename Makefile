# The README's two commands: `make run` (set up and start the dashboard) and `make test`
# (set up and run every test). Both create .venv from the pinned requirements.txt.
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run test lint etl chromium bench audit

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) -m streamlit run app.py

# Debian's chromium for the browser tests (Playwright drives it; no `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

lint: setup
	$(PY) -m ruff check .

etl: setup
	$(PY) -m etl

test: setup chromium lint
	$(PY) -m pytest -n 2 --timeout=600

audit: setup
	$(PY) -m pip_audit -r requirements.txt --progress-spinner off

bench: setup chromium
	$(PY) bench/run.py
