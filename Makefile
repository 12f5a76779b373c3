# Sklaida: set-up, run and test. `make run` and `make test` are all a new machine needs
# (Debian with Python 3.11 and make): `system-deps` installs python3-venv, gettext and
# chromium (browser tests) when missing.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-lock
MANAGE := $(PY) manage.py
MESSAGE_IGNORES := --ignore=.venv --ignore=var --ignore=static_collected --ignore=media \
	--ignore=node_modules --ignore=test-results --ignore=tests --ignore=bench

.PHONY: help system-deps install run test lint format messages compilemessages lock migrate demo clean

help:
	@echo "make run              install, migrate, load demo data, start web + worker + beat"
	@echo "make test             install and run the whole test suite"
	@echo "make system-deps      apt-get install the Debian packages if missing (run/test do it)"
	@echo "make lint             ruff check + ruff format --check"
	@echo "make format           ruff format + ruff check --fix"
	@echo "make messages         update locale/*/LC_MESSAGES/django.po (lt, en)"
	@echo "make compilemessages  compile the .po catalogues to .mo"
	@echo "make lock             regenerate requirements.lock from pyproject.toml"

install: $(STAMP)

# Silent and without apt-get when every package is there (see bin/system-deps).
system-deps:
	@PYTHON=$(PYTHON) bin/system-deps

# Re-installs only when the lock changes; pip alone, so a new machine needs no uv.
$(STAMP): requirements.lock | system-deps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

lock: $(STAMP)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
		--quiet -o requirements.lock
	@echo "requirements.lock updated; the next make target reinstalls .venv from it"

compilemessages: $(STAMP)
	@if find locale -name '*.po' 2>/dev/null | grep -q .; then \
		$(MANAGE) compilemessages --locale lt --locale en $(MESSAGE_IGNORES); \
	else echo "compilemessages: no .po catalogues in locale/ yet"; fi

messages: $(STAMP)
	$(MANAGE) makemessages --locale lt --locale en --domain django \
		--extension html,txt,py,email --add-location file $(MESSAGE_IGNORES)
	$(MANAGE) makemessages --locale lt --locale en --domain djangojs --add-location file $(MESSAGE_IGNORES)

migrate: $(STAMP)
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# Embedded defaults: SQLite in var/, the filesystem broker in var/celery (see README).
run: system-deps compilemessages demo
	bin/run

# The suite runs in parallel processes, one per core (TEST_PROCESSES=0: one process).
TEST_PROCESSES ?= auto
test: system-deps compilemessages
	$(VENV)/bin/pytest --numprocesses $(TEST_PROCESSES)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var/celery var/test-celery* var/celerybeat-schedule* var/test-celerybeat-schedule* static_collected .pytest_cache
