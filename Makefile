# The README's two commands: `make run` (set up and start the dashboard) and `make test`
# (set up and run every test). Both create .venv from the pinned requirements.txt.
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run test lint etl chromium axe bench bench-smoke audit

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

# axe-core (the accessibility engine tests/browser/test_accessibility_browser.py injects into every page),
# from the npm registry at the version pinned in tests/browser/package-lock.json; Debian's npm if absent.
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm >/dev/null; }
	cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

axe: $(AXE)

lint: setup
	$(PY) -m ruff check .

etl: setup
	$(PY) -m etl

test: setup chromium axe lint audit
	$(PY) -m pytest -n 2 --timeout=600 -m "not bench and not deploy"

# The benchmarks' smoke run (bench/run.py --quick, a small bench/load.py): not timings, just that they still
# run. Kept out of `make test`; CI runs it as a separate step with its own time budget.
bench-smoke: setup chromium
	$(PY) -m pytest --timeout=1500 -m bench

# Known vulnerabilities in the pinned dependencies, printed in every test run: a vulnerability found fails
# the run; packages the vulnerability service could not be asked about are counted, not fatal.
audit: setup
	@$(PY) -m pip_audit -r requirements.txt --progress-spinner off > .audit.log 2>&1; \
	echo "pip-audit: $$(grep -c 'could not be audited' .audit.log) packages could not be checked (service unreachable)"; \
	grep -v "could not be audited" .audit.log | grep -v "^Name  *Skip Reason" | grep -v "^-----" | tail -n 20; \
	! grep -qE "Found [0-9]+ known vulnerabilit" .audit.log

bench: setup chromium
	$(PY) bench/run.py

# The proxied deployment (issue #19): two replicas behind Debian's nginx (deploy/local/nginx.conf, installed
# by the test if absent) driven by Chromium, failover, and the deploy/ files. `pytest -m deploy` runs the same.
.PHONY: deploy-test
deploy-test: setup chromium
	$(PY) -m pytest -p no:cacheprovider --timeout=900 -m deploy tests/deploy
