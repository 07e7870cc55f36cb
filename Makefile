# CoCommission: `make run` opens the app, `make test` runs the tests. Both set up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check bench crash-test screenshots lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "CoCommission needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian, run 'sudo apt-get install python3-venv' and try again."; exit 2; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/cocommission

# One test process per core (pytest-xdist); `make test TEST_WORKERS=0` runs them in this process.
# Compiled modules are kept even where the environment sets PYTHONDONTWRITEBYTECODE: otherwise every
# test process compiles the app and rewrites the asserts of every test module again (seconds each).
TEST_WORKERS ?= auto
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The lint rules and type checks in pyproject.toml ([tool.ruff.lint], [tool.mypy]); CI runs this first.
# Safe fixes for what ruff can mend itself (import order, unused imports and noqa comments):
#   .venv/bin/ruff check --fix .
# Nothing here reformats code: `ruff format` is not part of the project's habits.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	@for script in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$script || exit 1; done

# Kill a process casting ballots and recording scores 100 times, then restore, encrypt, decrypt and
# erase 50 times each under a concurrent writer; prints one "name value" line per figure.
crash-test: $(STAMP)
	$(BIN)/python tools/crash_test.py --kills $(or $(KILLS),100) --operation-kills $(or $(OPERATION_KILLS),50)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots docs/screenshots

# Re-resolve the pinned versions from pyproject.toml's ranges (run after changing them).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet ".[test]"
	.venv-lock/bin/python -m pip freeze --exclude cocommission > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache
