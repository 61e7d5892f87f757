# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format install check

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## Run the site on the embedded default (SQLite, database search, local media, demo data).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_initial_data --demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole suite: lint, Django checks, migrations up to date, then every test.
test: install lint check
	$(BIN)/pytest $(PYTEST_ARGS)

check: install
	DJANGO_SETTINGS_MODULE=project.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=project.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
