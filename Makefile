# The two commands a new user needs: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint pytest pytest-sqlite pytest-postgresql wheel-check eval bench clean

$(STAMP): pyproject.toml requirements/lock.txt requirements/models.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (crosstally needs Python 3.11)"; exit 2; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/lock.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/crosstally demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The suite runs twice: on SQLite, then every test that stores data again on a throwaway
# PostgreSQL server the tests start on a temporary data directory and stop afterwards
# (tests/support/databases.py). PYTEST_ARGS passes options through, e.g. PYTEST_ARGS="-x -k run".
PYTEST := $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

pytest: pytest-sqlite pytest-postgresql

pytest-sqlite: install
	CROSSTALLY_TEST_DATABASE=sqlite $(PYTEST)

pytest-postgresql: install
	CROSSTALLY_TEST_DATABASE=postgresql $(PYTEST)

test: lint pytest

# The package as it is installed, not the checkout (.ci/wheel-check, run by .ci/run after
# `make test`): build the wheel, install it with the pinned requirements into a fresh virtual
# environment, and run `crosstally init` and `crosstally demo` in an empty directory.
wheel-check: install
	PYTHON=$(PYTHON) BUILD_PYTHON=$(PY) .ci/wheel-check

eval: install
	$(PY) -m extract.evaluate --heldout --realprose
	$(PY) -m review.reconcile.evaluate

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
