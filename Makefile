# livingwell: `make demo` runs the platform on SQLite with a seeded borough; `make test` runs the
# whole suite. Everything installs from the lock files (uv.lock, package-lock.json).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# uv must use the machine's Python (3.11+), never download one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install assets demo test test-fast lint format bench clean

help:
	@echo "make demo   - install, build assets, migrate, seed the demo borough, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - the whole suite (DATABASE_URL=postgres://... to run it on PostgreSQL)"
	@echo "make lint   - ruff, mypy and the import contracts"
	@echo "make bench  - the benchmarks, printing their figures"

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(VENV)/.installed node_modules/.installed

livingwell/static/build/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard livingwell/static/src/*.scss)
	npm run --silent build
	@touch $@

assets: livingwell/static/build/.built

demo: install assets
	@set -a; . ./demo.env; set +a; \
	export PUBLIC_BASE_URL="$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(PY) manage.py migrate --no-input -v0 && \
	$(PY) manage.py seed_demo --months 36 && \
	$(PY) manage.py extract && \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-startup-delay -v0 & worker=$$!; \
	echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

test: install assets
	LIVINGWELL_ENV=test $(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/mypy livingwell bench

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install assets
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf .tools $(VENV) node_modules livingwell/static/build var
