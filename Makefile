# Everyday commands. `make run` and `make test` work on a fresh machine with Python 3.12+.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/crm
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# Test processes (pytest-xdist); `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format worker beat bench messages check-deploy clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@PYTHON=$$(scripts/find-python.sh) && \
	  if [ ! -x $(PY) ]; then echo "Creating virtualenv with $$PYTHON"; "$$PYTHON" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## run: virtualenv, dependencies, migrations, demo data, then the server on SQLite with tasks inline
run: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 $(PY) manage.py send_reminders
	@echo ""
	@echo "  Customs-business partnership CRM: http://$(HOST):$(PORT)/"
	@echo "  API docs: http://$(HOST):$(PORT)/api/docs/"
	@echo "  Public question bank (no login): http://$(HOST):$(PORT)/question-bank/"
	@echo "  Demo logins (password demo12345): hq_admin, r5_manager, r5_officer, r6_officer, ent_a, ent_b"
	@echo ""
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite on PostgreSQL (and Redis), browser tests included
test: $(STAMP)
	@DATABASE_URL=$(TEST_DATABASE_URL) scripts/ensure-services.sh
	@scripts/ensure-chromium.sh || true
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_SECRET_KEY=test-only-not-secret \
	  $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: $(STAMP)
	$(VENV)/bin/celery -A crm worker --loglevel=info

beat: $(STAMP)
	$(VENV)/bin/celery -A crm beat --loglevel=info

bench: $(STAMP)
	@DATABASE_URL=$(TEST_DATABASE_URL) scripts/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) DJANGO_SECRET_KEY=bench-only-not-secret $(PY) bench/run.py

## messages: refresh the translation catalogues and compile them (needs gettext)
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=tests
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

check-deploy: $(STAMP)
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=crm.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
