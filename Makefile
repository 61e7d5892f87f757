# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# requirements.lock pins (with hashes) what the site runs on; requirements-dev.lock adds the
# development tools at the same versions. `make lock` regenerates both from pyproject.toml.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test lint format install check lock audit bench

$(STAMP): pyproject.toml $(DEV_LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

## Re-resolve pyproject.toml's dependencies into both lock files, keeping the pins that still fit;
## `make lock LOCK_ARGS=--upgrade` (or `--upgrade-package NAME`) moves them on.
lock: install
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra dev -c $(LOCK) -o $(DEV_LOCK)

## Known vulnerabilities in the locked versions (needs the PyPI advisory database online;
## --strict fails when a package could not be checked instead of passing silently).
audit: install
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r $(DEV_LOCK)

## Run the site on the embedded default (SQLite, database search, local media, demo data).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_initial_data --demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole suite: lint (ruff, import layers), Django checks, migrations up to date, then every
## test, one pytest-xdist worker per core (each test file stays on one worker).
test: install lint check
	$(BIN)/pytest -n auto --dist loadfile $(PYTEST_ARGS)

check: install
	DJANGO_SETTINGS_MODULE=project.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=project.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Page speed at the demo and at 4,000 items, with and without the page cache, through nginx
## in front (deploy/nginx/), against nginx serving the same HTML (wrk, loopback only, a few
## seconds per page), worker memory (RSS, PSS, USS) and the
## selection workbench; prints tables. Needs Debian's nginx-light and wrk.
bench: install
	@command -v wrk >/dev/null && command -v nginx >/dev/null || apt-get install -y -qq nginx-light wrk
	$(BIN)/python benchmarks/pages_bench.py $(BENCH_ARGS)
