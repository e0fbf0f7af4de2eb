# The two set-up commands of the README, and the recipes they use. Each creates the virtual
# environment and installs what it needs by itself.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint types unit data data-check clean bench bench-ballots soak

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), \
	  f"Council needs Python 3.11, found {sys.version.split()[0]}: make PYTHON=python3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

## make demo: replay the seed's vote on SQLite and write its documents to ./council-demo/
demo: $(VENV)/.installed
	$(BIN)/council demo --out council-demo

## make test: lint, types (mypy strict on src/) and the test suite
test: $(VENV)/.test-installed
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy
	source scripts/postgres-for-tests.sh && source scripts/browser-for-tests.sh && source scripts/fonts-for-tests.sh && $(BIN)/python -m pytest -q

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests scripts bench

types: $(VENV)/.test-installed
	$(BIN)/mypy

unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q

## make bench: our parser against bluebell-akn 3.1.1, throughput and memory (docs/bench.md),
## then ballots accepted per second over HTTP against the store's ceiling (docs/bench-ballots.md),
## corpus import throughput, search latency on SQLite and on a PostgreSQL it starts (as make
## test does), and rendering the outcome letters and resolution 2531 to PDF
bench: $(VENV)/.test-installed
	$(BIN)/python -m pip install --quiet 'bluebell-akn==3.1.1'
	$(BIN)/python bench/bench_parse.py
	$(BIN)/python bench/bench_ballots.py
	$(BIN)/python bench/bench_import.py
	source scripts/postgres-for-tests.sh && $(BIN)/python bench/bench_search.py
	source scripts/fonts-for-tests.sh && $(BIN)/python bench/bench_pdf.py

## make bench-ballots: only the ballots benchmark (32 clients x 60 signed letters)
bench-ballots: $(VENV)/.installed
	$(BIN)/python bench/bench_ballots.py

## make soak: the long reliability runs of issue 5 on SQLite and PostgreSQL: council serve
## killed 200 times per database under load, 32 racing clients, and 20,000 fuzz cases per
## fuzz test of the replay reader and the parser (tests/reliability/)
soak: $(VENV)/.test-installed
	source scripts/postgres-for-tests.sh && COUNCIL_CRASH_KILLS_SQLITE=200 \
	  COUNCIL_CRASH_KILLS_POSTGRES=200 HYPOTHESIS_PROFILE=soak $(BIN)/python -m pytest -q \
	  tests/reliability/test_crash.py tests/reliability/test_concurrency.py \
	  tests/reliability/test_fuzz_inputs.py

## make data: regenerate src/council/data from ../shared/data
data:
	$(PYTHON) scripts/build_data.py

data-check:
	$(PYTHON) scripts/build_data.py --check

clean:
	rm -rf $(VENV) council-demo .pytest_cache .mypy_cache .ruff_cache .pg-test
