# The two commands a new developer needs: `make run` and `make test`.
PORT ?= 8000
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTHON := .venv/bin/python

.PHONY: run test install lint messages bench burst drill-db-restart

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

# Translations: the compiled catalogues (.mo, not committed) are built from locale/*.po at
# install time with Django's compilemessages, which needs GNU gettext's msgfmt (Debian's
# gettext package). Without it, newsroom/msgfmt.py compiles them in pure Python, so
# `make run` and `make test` still need nothing more.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale/*/*/LC_MESSAGES/*.po))

install: .venv/.installed $(MO_FILES)

locale/%.mo: locale/%.po .venv/.installed
	@if command -v msgfmt >/dev/null; then \
		DJANGO_DEBUG=1 $(PYTHON) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0; \
	else \
		echo "msgfmt (GNU gettext) not found: compiling $< in Python (apt-get install gettext)."; \
		$(PYTHON) -m newsroom.msgfmt $< $@; \
	fi
	@touch $@

# After adding or changing user-facing strings: collect every msgid into locale/uk (the
# translation-completeness test then names each one still to translate), translate them
# in locale/uk/LC_MESSAGES/django.po, and `make install` compiles the catalogue.
messages: install
	DJANGO_DEBUG=1 $(PYTHON) manage.py makemessages -l uk --no-obsolete --add-location=file \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench \
		--ignore=staticfiles --ignore=media

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
