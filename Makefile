# zhfacts: one command each to set up and run, test, open the UI, and benchmark.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster
HOST ?= 127.0.0.1
PORT ?= 3000

.PHONY: setup instance demo test test-all ui bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

instance:
	mkdir -p "$(DAGSTER_HOME)"
	test -f "$(DAGSTER_HOME)/dagster.yaml" || cp deploy/local/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"

demo: setup instance
	$(BIN)/zhfacts ingest

test: setup
	$(BIN)/python -m pytest -q -m "not slow"

test-all: setup
	$(BIN)/python -m pytest -q

ui: setup instance
	$(BIN)/dagster dev -w workspace.yaml -h $(HOST) -p $(PORT)

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run_all.py --compare

clean:
	rm -rf $(VENV) .dagster warehouse/*.duckdb warehouse/*.wal warehouse/*.lock warehouse/*.tmp warehouse/*.stamp
