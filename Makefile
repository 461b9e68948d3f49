# Set-up is part of every target: a fresh machine needs only `make run` or `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# The exact version of every package, dev tools included, for Python 3.11 and up on any
# platform: what `make` installs, and CI. `make lock` regenerates it (README, "Locked versions").
LOCK := requirements.lock

# Some machines (this project's CI among them) set PYTHONDONTWRITEBYTECODE. Then every
# Python process, each pytest worker and each test's subprocess, parses and assertion-
# rewrites the whole project again: 4.8 s instead of 2.1 s to start pytest here.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint e2e unit serve shots browser clean lock

run: $(INSTALLED) browser          ## the whole guide in a browser, with its report
	$(VENV)/bin/keyflow run

# One session: the lint and type check are tests too (tests/test_lint.py), run beside the
# others, and browser and asyncio tests share workers (e2e/running_loop.py).
test: $(INSTALLED) browser         ## lint, type check and every test
	$(VENV)/bin/pytest -n 2

unit: $(INSTALLED)                 ## the fast tests only (no browser, no lint)
	$(VENV)/bin/pytest -n 2 -m "not browser and not lint"

serve: $(INSTALLED)                ## both mocks, to click through by hand
	$(VENV)/bin/keyflow serve

shots: $(INSTALLED) browser        ## regenerate the guide's screenshots and docs/guide.md
	$(VENV)/bin/keyflow shots

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

.PHONY: bench
bench: $(INSTALLED) browser        ## benchmark figures beside their targets, e.g. BENCH_ARGS="--only startup,signed --runs 5"
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

browser: $(INSTALLED)
	PYTHON=$(PY) scripts/install-browser.sh
	PYTHON=$(PY) scripts/install-ffmpeg.sh

$(INSTALLED): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# Keeps every version already pinned and pins what pyproject.toml added at its newest;
# LOCK_ARGS=--upgrade moves every pin to the newest (or --upgrade-package NAME, one).
lock: $(INSTALLED)                 ## regenerate requirements.lock from pyproject.toml
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--custom-compile-command "make lock" --quiet -o $(LOCK) $(LOCK_ARGS)
	$(MAKE) $(INSTALLED)

clean:
	rm -rf $(VENV) test-results keyflow-report .pytest_cache .mypy_cache .ruff_cache
