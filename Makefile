# Two commands matter: `make site` and `make test`. Each sets up what it needs first:
# a .venv from pyproject.toml, node_modules from package-lock.json, Debian's Chromium and Firefox ESR for tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_READY := $(VENV)/.ready
NODE_READY := node_modules/.ready
SITE ?= site

.PHONY: setup site test unit check lint browser-deps bench clean

setup: $(PY_READY) $(NODE_READY)

# Rebuilt when pyproject.toml changes, so a stale venv never hides a missing dependency.
$(PY_READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
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

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

unit: setup
	$(PY) -m pytest -n auto -m "not browser"

test: setup browser-deps lint
	$(PY) build_site.py check
	$(PY) build_site.py build --out $(SITE)
	# --maxfail: a site broken everywhere fails in minutes instead of running out CI's clock
	# (each browser test waits up to 90 s for Python before it fails). -n auto: one pytest per
	# core; each test module stays on one of them (loadscope), so a module's shared pages and
	# sites are made once.
	SITE_DIR=$(abspath $(SITE)) $(PY) -m pytest -n auto --dist loadscope --durations=15 --maxfail=10

bench: setup browser-deps
	$(PY) bench/isolation.py
	$(PY) bench/run.py

clean:
	rm -rf $(SITE) site.* .cache
