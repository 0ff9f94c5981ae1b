# coopstats: `make run` starts the dashboard on the bundled data; `make test` runs every test.
# Both set up the virtual environment first when it is missing or out of date.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STAMP := $(VENV)/.installed
# Interface translations (gettext, managed with Babel): the template, one .po per language (kept
# in git) and the compiled .mo files (built here, never committed).
LOCALE_DIR := src/coopstats/locale
POT := $(LOCALE_DIR)/coopstats.pot
PO := $(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/coopstats.po)
MO := $(PO:.po=.mo)

.PHONY: install run test test-fast lint format validate datapackage clean \
	catalogues catalogues-extract catalogues-update

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "coopstats needs Python 3.11 or newer: set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) catalogues bytecode

# The package compiled to bytecode here, so that a server reads it at every start instead of
# compiling its 160 modules (0.5 s of CPU before the first page: the warm-up's imports took
# 4.06-4.20 s of CPU without bytecode, 3.48-3.73 s with it). Python writes no
# bytecode of its own where PYTHONDONTWRITEBYTECODE is set, as on many CI and container hosts.
# Only modules changed since the last compile are compiled again.
.PHONY: bytecode
bytecode: $(STAMP)
	$(PY) -m compileall -q src/coopstats

# Compile each catalogue whose .po changed (pybabel compile refuses fuzzy entries: review them).
catalogues: $(MO)

$(LOCALE_DIR)/%/LC_MESSAGES/coopstats.mo: $(LOCALE_DIR)/%/LC_MESSAGES/coopstats.po | $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -D coopstats -i $< -o $@

# For translators and developers: rebuild the template from the source, then merge it into every
# language's .po (new strings appear empty, changed ones as fuzzy, removed ones are dropped).
catalogues-extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ --add-comments=Translators: \
		--sort-by-file --width=100 --project=coopstats --version=0.1.0 \
		--copyright-holder="coopstats contributors" -o $(POT) src

catalogues-update: catalogues-extract
	$(VENV)/bin/pybabel update -D coopstats -i $(POT) -d $(LOCALE_DIR) \
		--ignore-obsolete --previous --width=100

# The store first takes the bundled data's corrections (local edits kept, conflicts listed),
# so a checkout updated since the store was seeded shows the data it ships; not in CSV mode.
run: install
	@if [ -z "$$COOPSTATS_DATA_DIR" ]; then $(VENV)/bin/coopstats db upgrade; fi
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT)

# N replicas behind HAProxy on PORT (replicas on PORT+1..PORT+N); see docs/deploy.md.
N ?= 2
.PHONY: run-replicas
run-replicas: install
	$(PY) -m coopstats.replicas --replicas $(N) --port $(PORT)

test: install
	$(PY) -m ruff check src tests dashboard.py serve.py
	$(PY) -m pytest -n 2 --dist loadfile

# The inner loop: no browser, no image rendering, no database server, no synthetic data.
test-fast: install
	$(PY) -m pytest -n 2 --dist loadfile -q -m "not browser and not slow"

lint: $(STAMP)
	$(PY) -m ruff check src tests dashboard.py serve.py
	$(PY) -m ruff format --check src tests dashboard.py serve.py

format: $(STAMP)
	$(PY) -m ruff format src tests dashboard.py serve.py
	$(PY) -m ruff check --fix src tests dashboard.py serve.py

validate: $(STAMP)
	$(VENV)/bin/coopstats validate data

datapackage: $(STAMP)
	$(PY) -m coopstats.datapackage > data/datapackage.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# Benchmarks at scale (about 15 minutes on 2 cores): bench/results.json and docs/performance.md;
# first the extraction scores on the development set, written into docs/extraction.md.
.PHONY: bench
bench: $(STAMP) bytecode
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m coopstats.extract.scoring --write docs/extraction.md
	$(PY) -m bench.run
