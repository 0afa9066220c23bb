# The two commands a new developer needs: `make run` and `make test`.
PORT ?= 8000
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTHON := .venv/bin/python
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: run test install lint bench

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: .venv/.installed

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) manage.py seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PYTHON) manage.py makemigrations --check --dry-run

test: lint
	$(PYTHON) -m pytest --ds=tests.settings
