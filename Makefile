# Spil — the two commands: `make demo` and `make test`.
# Needs only Python >= 3.11 and make; uv is installed into var/tools when missing.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := var/tools/bin/uv
endif
RUN := $(UV) run --locked --no-sync
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint typecheck pytest messages clean bench

var/tools/bin/uv:
	mkdir -p var
	$(PYTHON) -m venv var/tools
	var/tools/bin/python -m pip install --quiet uv

install: $(filter var/tools/bin/uv,$(UV))
	$(UV) sync --locked
	mkdir -p var

demo: install
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py seed_demo
	@echo ""
	@echo "Spil draait op http://$(HOST):$(PORT)/ — stoppen met Ctrl+C."
	@echo "Zonder debugpagina's (DEBUG uit); Django's debugpagina's: SPIL_DEBUG=1 make demo."
	$(RUN) python manage.py runserver $(HOST):$(PORT)

# ruff, mypy and the layers of the house (import-linter; contracts in pyproject.toml).
lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy .
	$(RUN) lint-imports

typecheck:
	$(RUN) mypy .

pytest:
	$(RUN) pytest -n auto --dist loadfile

test: install lint pytest

# What every page costs with the demo at 1×, 10× and 100× (issue 19), plus the monitoring's
# benchmark (issue 15) and the audit writers'. Builds its own database next to DATABASE_URL's,
# removes it afterwards, prints the table and writes docs/benchmarks.md.
# DATABASE_URL=postgres://… make bench   (not part of `make test`: timings are not tests)
bench:
	@case "$(DATABASE_URL)" in postgres*) ;; *) echo "make bench heeft DATABASE_URL=postgres://… nodig."; exit 1;; esac
	@$(MAKE) --no-print-directory install
	$(RUN) python manage.py bench

# Update the translation catalogues after changing text (needs GNU gettext).
messages: install
	$(RUN) python manage.py makemessages --locale en --ignore ".venv/*" --ignore "var/*"
	$(RUN) python manage.py compilemessages --ignore ".venv/*" --ignore "var/*"

clean:
	rm -rf var/spil.sqlite3 var/staticfiles .pytest_cache .mypy_cache .ruff_cache
