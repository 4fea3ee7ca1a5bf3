# zhfacts: one command each to set up and run, test, open the UI, and benchmark.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster
HOST ?= 127.0.0.1
PORT ?= 3000

BROWSER_STAMP := $(VENV)/.browser
# pip's and setuptools' chatter goes to a log, shown only if the install fails.
INSTALL_LOG := $(VENV)/install.log
QUIET_PIP = $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: setup instance demo test test-all test-scale ui bench browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "installing zhfacts and its dependencies into $(VENV) (log: $(INSTALL_LOG))"
	@$(QUIET_PIP) --upgrade pip > $(INSTALL_LOG) 2>&1 || (cat $(INSTALL_LOG); exit 1)
	@$(QUIET_PIP) -e '.[dev]' >> $(INSTALL_LOG) 2>&1 || (cat $(INSTALL_LOG); exit 1)
	touch $(STAMP)

# Chromium (the system's package, as root) and Playwright, for the browser test of the UI.
$(BROWSER_STAMP): $(STAMP)
	@command -v chromium >/dev/null || (echo "installing chromium with apt-get"; apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > $(VENV)/apt.log 2>&1) || \
		(cat $(VENV)/apt.log; echo "could not install chromium: run as root, or install it yourself"; exit 1)
	@$(QUIET_PIP) -e '.[dev,browser]' >> $(INSTALL_LOG) 2>&1 || (cat $(INSTALL_LOG); exit 1)
	touch $(BROWSER_STAMP)

browser: $(BROWSER_STAMP)

setup: $(STAMP)

instance:
	mkdir -p "$(DAGSTER_HOME)"
	test -f "$(DAGSTER_HOME)/dagster.yaml" || cp deploy/local/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"

demo: setup instance
	$(BIN)/zhfacts ingest

test: setup
	$(BIN)/python -m pytest -q -m "not slow"

test-all: setup browser
	$(BIN)/python -m pytest -q

# The scale-out executors' extra (dagster-celery, dagster-postgres pin their own Dagster
# release) in a venv of its own, and the test of a run whose steps are Celery tasks.
SCALE_VENV := .venv-scale
$(SCALE_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(SCALE_VENV)
	@$(SCALE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev,scale]' \
		> $(SCALE_VENV)/install.log 2>&1 || (cat $(SCALE_VENV)/install.log; exit 1)
	touch $@

test-scale: $(SCALE_VENV)/.installed
	PATH="$(CURDIR)/$(SCALE_VENV)/bin:$$PATH" $(SCALE_VENV)/bin/python -m pytest -q -m slow tests/e2e/test_celery_ducklake.py

ui: setup instance
	$(BIN)/dagster dev -w workspace.yaml -h $(HOST) -p $(PORT)

# 200 MB of news-shaped files through `zhfacts ingest`: MB/s and files/s end to end and per stage,
# peak RSS, a second run with nothing new. BENCH_ARGS="--compare" adds the straightforward pipeline.
BENCH_ARGS ?=
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run_all.py --shape news --mb 200 $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(SCALE_VENV) .dagster warehouse/*.duckdb warehouse/*.wal warehouse/*.lock warehouse/*.tmp warehouse/*.stamp
