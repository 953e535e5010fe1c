# Two commands: `make demo` and `make test`. Both set up what they need and are idempotent.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
BC     := $(VENV)/bin/backchannel

.PHONY: demo test check lint format setup setup-test system bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or run: make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Reinstall only when the project's metadata changes. The trained models (models/, their own
# distribution) go in first and editable, so the library's pin on them is met from this
# checkout, offline, without copying their 100 MB into the venv.
$(VENV)/.installed: pyproject.toml models/pyproject.toml models/backchannel_models/__init__.py | $(PY)
	$(PIP) install -q -e ./models -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e '.[test,embed,ray]'
	@touch $@

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test system

# System packages the tests drive for real (headless Chromium, PostgreSQL); root only.
system:
	@bash scripts/setup-system.sh

demo: setup
	$(BC) demo --db backchannel-demo.db

test: setup-test lint
	$(PY) -m pytest -q

# ruff (format and lint, line length 100) and mypy (strict on records, store, query, settings,
# vocab); configured in pyproject.toml. `make format` applies ruff's formatting and safe fixes.
lint: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The everyday loop (about a minute): every test that needs no spaCy model, no ../shared,
# no browser and no minutes. `make test` runs everything, as CI does.
check: setup-test lint
	$(PY) -m pytest -q -m "not model and not shared and not browser and not slow"

# Every evaluation and benchmark on ../shared/data, printing its figures (slow: minutes).
BENCHMARKS := extraction events_eval readouts_eval attribution_eval time_eval geo_eval speed reliability load_test
bench: setup-test
	@for b in $(BENCHMARKS); do echo "== $$b"; $(PY) -m benchmarks.$$b || exit 1; done

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info models/*.egg-info .pytest_cache backchannel-demo.db*
