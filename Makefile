# 경주시 투자사업 포털 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve lint fmt check migrate seed setup assets fonts bench audit browser-test clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11이 필요합니다 (python3.11)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

# Load the seed portfolio into an empty database only: never over staff's data.
seed: migrate
	$(PY) manage.py seed_portfolio

run: export DJANGO_DEBUG ?= 1
run: seed
	@echo "경주시 투자사업 포털: http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# Production mode on a laptop: DEBUG off, gunicorn, compressed static files via whitenoise.
# Plain HTTP here (DJANGO_HTTPS=0); a real deployment sits behind HTTPS and leaves it on. Without
# DJANGO_SECRET_KEY in the environment, a random key is made for this run (sessions end with it).
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_HTTPS ?= 0
serve: export DJANGO_SECRET_KEY := $(or $(DJANGO_SECRET_KEY),$(shell python3 -c 'import secrets; print(secrets.token_urlsafe(64))'))
serve: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_portfolio
	exec $(VENV)/bin/gunicorn gyeongju.wsgi:application --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-2} --threads $${GUNICORN_THREADS:-4} --access-logfile -

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the vendored KRDS subset and the font slices (needs `npm ci`).
assets: $(STAMP)
	npm ci --no-audit --no-fund
	$(PY) scripts/vendor_krds.py

fonts: $(STAMP)
	$(PY) scripts/vendor_krds.py --fonts-only

bench: $(STAMP)
	$(PY) scripts/bench.py

audit: $(STAMP)
	$(PY) scripts/audit.py

browser-test: $(STAMP)
	$(PY) -m pytest tests/browser -m browser $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
