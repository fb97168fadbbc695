# The one entry point: `make run` serves the portal with demo data, `make test`
# runs every check. Both set themselves up and are safe to run again.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: setup run worker beat test lint fmt messages

setup: $(VENV)/.installed .env

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

.env:
	cp .env.example .env

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

worker: setup
	$(BIN)/celery -A ogp_portal worker --loglevel INFO

beat: setup
	$(BIN)/celery -A ogp_portal beat --loglevel INFO

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# Refresh the French and Spanish catalogues after changing texts (needs GNU gettext).
messages: setup
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv
