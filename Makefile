# Two commands matter: `make site` and `make test`. Each sets up what it needs first:
# a .venv from pyproject.toml, node_modules from package-lock.json, Debian's Chromium and Firefox ESR for tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_READY := $(VENV)/.ready
NODE_READY := node_modules/.ready
SITE ?= site

.PHONY: setup site test unit unit-tier js check lint browser-deps bench clean gates

setup: $(PY_READY) $(NODE_READY)

# Rebuilt when pyproject.toml changes, so a stale venv never hides a missing dependency.
$(PY_READY): pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Playwright cannot download a browser here; Debian's Chromium and Firefox ESR are the ones tests
# drive (Firefox over WebDriver BiDi, so no patched build is needed: see pyproject's Playwright pin).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	@command -v firefox-esr >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends firefox-esr)

site: setup
	$(PY) build_site.py build --out $(SITE)

check: setup
	$(PY) build_site.py check

# The page's JavaScript is type-checked from its JSDoc types (tsconfig.json: the page;
# tsconfig.worker.json: the Web Worker and the service worker).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.worker.json

# The tiers are the folders of tests/ (tests/conftest.py marks each test with its folder's name).
# `make unit`: lint, the unit tier (no process, no build) and the page's JavaScript unit tests,
# side by side (they share nothing; -Otarget keeps each one's output together).
unit: setup
	$(MAKE) --no-print-directory -j3 -Otarget lint js unit-tier

unit-tier: setup
	$(PY) -m pytest tests/unit -q

# Node runs one test file at a time on a 2-core machine by default; the files share nothing
# and some wait on timers, so several run at once.
js: setup
	node --test --test-concurrency=4 tests/js

# `check` keeps about one core busy (its legs wait on their slowest batch); lint and the
# JavaScript tests fill the other one meanwhile.
gates: setup
	$(MAKE) --no-print-directory -j3 -Otarget lint js check

test: setup browser-deps gates
	$(PY) build_site.py build --out $(SITE)
	# Every Python tier against the site just built (SITE_DIR: no test rebuilds it).
	# --maxfail: a site broken everywhere fails in minutes instead of running out CI's clock
	# (each browser test waits up to 90 s for Python before it fails). -n auto: one pytest per
	# core; each test module stays on one of them (loadscope), so a module's shared pages and
	# sites are made once; modules are handed out in the order tests/conftest.py sorts them,
	# slowest tier first (--no-loadscope-reorder: not by their number of tests, which put the
	# one-test site builds last), so the quick unit modules fill in at the end.
	SITE_DIR=$(abspath $(SITE)) $(PY) -m pytest tests/unit tests/legs tests/site tests/browser \
		-n auto --dist loadscope --no-loadscope-reorder --durations=25 --maxfail=10

bench: setup browser-deps
	$(PY) bench/isolation.py
	$(PY) bench/run.py
	$(PY) bench/spares.py

clean:
	rm -rf $(SITE) site.* .cache
