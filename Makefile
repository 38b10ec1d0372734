# Lectern — the front door. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP  := $(VENV)/.installed
# Two test processes: the machines Lectern is built on have two cores.
PYTEST_ARGS ?= -n 2

# Django 6 needs Python >= 3.12. Find python3.13 or python3.12 that really
# runs (pyenv shims exist for versions that are not selected), else stop.
PYTHON_FOR_VENV := $(shell for p in python3.13 python3.12; do \
	if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	echo $$p; break; fi; done)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "Lectern needs Python 3.12 or newer (python3.13 or python3.12 on PATH); none was found." >&2; \
		exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
		echo "$(VENV) runs Python < 3.12; remove it and run make again." >&2; exit 1; fi
	@[ -x $(PY) ] || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@$(PY) -c 'import django, sys; assert django.VERSION >= (6, 0), f"Django {django.get_version()} < 6"; print(f"Python {sys.version.split()[0]}, Django {django.get_version()}")'
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the locked requirements

.PHONY: db
db: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

.PHONY: seed
seed: db ## Create or refresh the demo academy (idempotent)
	$(MANAGE) seed_demo

.PHONY: run
run: seed ## Run the portal with demo data on http://127.0.0.1:8000 (web + job runner)
	$(MANAGE) runall 127.0.0.1:8000

.PHONY: worker
worker: install ## Run only the background job runner (django-q2, or Celery with JOB_RUNNER=celery)
	@if [ "$$JOB_RUNNER" = "celery" ]; then $(VENV)/bin/celery -A lms_site worker -l info; \
	else $(MANAGE) qcluster; fi

.PHONY: beat
beat: install ## Run Celery beat (scale-out schedule; JOB_RUNNER=celery)
	$(VENV)/bin/celery -A lms_site beat -l info

.PHONY: test
test: install ## Run the whole test suite (PYTEST_ARGS=... to pass options)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

.PHONY: lint
lint: install ## ruff, template indentation, import layers, migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

.PHONY: format
format: install ## Apply ruff format and djhtml
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

.PHONY: bench
bench: install ## Run the benchmarks under bench/ and print their figures
	$(PY) bench/run.py

.PHONY: clean
clean: ## Remove the venv, the SQLite database and media
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media static_collected
