# coopstats: `make run` starts the dashboard on the bundled data; `make test` runs every test.
# Both set up the virtual environment first when it is missing or out of date.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: install run test lint format validate datapackage clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "coopstats needs Python 3.11 or newer: set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check src tests dashboard.py
	$(PY) -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(PY) -m ruff check src tests dashboard.py
	$(PY) -m ruff format --check src tests dashboard.py

format: $(STAMP)
	$(PY) -m ruff format src tests dashboard.py
	$(PY) -m ruff check --fix src tests dashboard.py

validate: $(STAMP)
	$(VENV)/bin/coopstats validate data

datapackage: $(STAMP)
	$(PY) -m coopstats.datapackage > data/datapackage.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
