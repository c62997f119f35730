# Everything a developer does, as make targets. The virtual environment lives in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REFERENCE_DATA := samverkan/structure/data/gavleborg.yaml
REFERENCE_FUNDING := samverkan/funding/data/gavleborg.yaml
DEV_ENV := DEBUG=1

.PHONY: run install test lint format messages messages-check demo bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Samverkan needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Run the product on http://127.0.0.1:8000 with the reference data and demo data loaded.
run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_structure $(REFERENCE_DATA)
	$(DEV_ENV) $(BIN)/python manage.py load_funding $(REFERENCE_FUNDING)
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "Samverkan: open http://127.0.0.1:8000 and sign in, e.g. as 'kansli' (administrator)"
	@echo "with the password 'samverkan-demo'. All demo accounts are listed above."
	@echo ""
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

## Run the whole test suite (SQLite, or the PostgreSQL database in DATABASE_URL), on every core.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Regenerate the English catalogue from the Swedish source strings, then compile it.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale en --no-obsolete --add-location file
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --locale en --ignore=.venv

## Fail when a user-facing string has no English translation or the catalogue is stale.
messages-check: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale en --no-obsolete --add-location file
	@msgattrib --untranslated --no-obsolete locale/en/LC_MESSAGES/django.po | grep -q msgid \
		&& { echo "Untranslated strings in locale/en:"; msgattrib --untranslated locale/en/LC_MESSAGES/django.po; exit 1; } || true
	@msgattrib --only-fuzzy locale/en/LC_MESSAGES/django.po | grep -q msgid \
		&& { echo "Fuzzy strings in locale/en:"; msgattrib --only-fuzzy locale/en/LC_MESSAGES/django.po; exit 1; } || true
	@git ls-files --error-unmatch locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.mo >/dev/null 2>&1 \
		|| { echo "locale/en is not committed: run 'make messages' and commit it"; exit 1; }
	@git diff --quiet -I 'POT-Creation-Date' -- locale/ \
		|| { echo "locale/ is out of date: run 'make messages' and commit"; git --no-pager diff --stat -- locale/; exit 1; }
	@echo "English catalogue complete."

demo: install
	$(DEV_ENV) $(BIN)/python manage.py load_structure $(REFERENCE_DATA)
	$(DEV_ENV) $(BIN)/python manage.py load_funding $(REFERENCE_FUNDING)
	$(DEV_ENV) $(BIN)/python manage.py load_demo

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

## Time the structure and follow-up pages on a national-scale förbund (set DATABASE_URL for
## PostgreSQL; BENCH_SCALE=1 for the full 500 000 cases).
bench: install
	$(BIN)/python bench/structure_pages.py
	$(BIN)/python bench/followup.py
