# The two commands a new developer needs: `make run` and `make test`.
PORT ?= 8000
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTHON := .venv/bin/python

.PHONY: run test install lint bench burst drill-db-restart

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: .venv/.installed

# PORT is exported so that SITE_URL (links in emails) follows it in development.
run: export PORT := $(PORT)
run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) manage.py seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

# axe-core and the Nu Html Checker (vnu-jar) for the accessibility and HTML validity tests;
# without npm those tests are skipped (and fail in CI). Package scripts are not needed: the
# checker runs on the machine's Java.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: accessibility and HTML validity tests will be skipped."; fi

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PYTHON) manage.py makemigrations --check --dry-run

test: lint node_modules/.package-lock.json
	$(PYTHON) -m pytest

# Throughput, query-free cache hits and anchoring speed under gunicorn on PostgreSQL
# (bench/run.py); prints a Markdown table and writes it to bench/results/latest.md.
bench: install
	$(PYTHON) bench/run.py

# Load without loss: 20,000 suggestion POSTs over 64 connections, every 2xx a row (bench/burst.py).
burst: install
	$(PYTHON) bench/burst.py

# Restarts the machine's PostgreSQL under a stream of suggestions (bench/drill_db_restart.py).
drill-db-restart: install
	$(PYTHON) bench/drill_db_restart.py
