# Klantgevoel: `make demo` (set up + main job), `make test` (set up + test suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export KLANTGEVOEL_CACHE_DIR ?= $(HOME)/.cache/klantgevoel

# the demo's database, read key and address (override: make demo PORT=8080)
DEMO_DIR ?= .demo
DEMO_DB := $(DEMO_DIR)/klantgevoel.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo demo-clean test test-fast bench lint train compare clean

# The venv is rebuilt when pyproject.toml changes. torch is installed first and pinned: an unpinned torch
# would pull a multi-GB CUDA build, 2.13.0 is a local CPU wheel.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Converts the bundled encoder (once, cached) and exports it to ONNX.
setup: $(BIN)/.installed
	$(BIN)/voc setup

# The sample exports, ingested and tagged once; done again only when they change (and ingest skips what it has).
$(DEMO_DIR)/ingested: $(wildcard data/samples/exports/*) | setup
	mkdir -p $(DEMO_DIR)
	$(BIN)/voc ingest data/samples/exports --db $(DEMO_DB)
	touch $@

# One read key per demo database, kept (mode 600, git-ignored) so that a re-run shows the same key.
$(DEMO_DIR)/read.key: $(DEMO_DIR)/ingested
	set -o pipefail; $(BIN)/voc apikey create --db $(DEMO_DB) --scope read --name demo | tail -n 1 > $@.tmp
	chmod 600 $@.tmp && mv $@.tmp $@

demo: setup $(DEMO_DIR)/read.key
	@echo "================================================================================"
	@echo "  Klantgevoel demo: data/samples/exports, tagged, in $(DEMO_DB)"
	@echo "  dashboard   http://$(HOST):$(PORT)/"
	@echo "  API docs    http://$(HOST):$(PORT)/docs"
	@echo "  read key    $$(cat $(DEMO_DIR)/read.key)"
	@echo "  notebook    notebooks/analyst.ipynb with"
	@echo "              export KLANTGEVOEL_API_URL=http://$(HOST):$(PORT) KLANTGEVOEL_API_KEY=$$(cat $(DEMO_DIR)/read.key)"
	@echo "  Ctrl+C stops the server; make demo again skips the ingest and reuses the key."
	@echo "================================================================================"
	$(BIN)/voc serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

demo-clean:
	rm -rf $(DEMO_DIR)

test: setup
	$(BIN)/pytest -q

test-fast: $(BIN)/.installed
	$(BIN)/pytest -q -m "not slow"

# BENCH_API_CONTACTS: contacts in the API load test's store (made once, then reused; 20000 for a quick run)
BENCH_API_CONTACTS ?= 1000000
bench: setup
	$(BIN)/python tests/benchmarks/bench_predict.py
	$(BIN)/python tests/benchmarks/bench_ingest.py
	$(BIN)/python tests/benchmarks/bench_redact.py
	BENCH_API_CONTACTS=$(BENCH_API_CONTACTS) $(BIN)/python tests/benchmarks/bench_api.py
	$(BIN)/python tests/benchmarks/bench_dashboard.py
	$(BIN)/python tests/benchmarks/bench_explain.py

lint: $(BIN)/.installed
	$(BIN)/ruff check models pipelines service tests
	$(BIN)/mypy

train: setup
	$(BIN)/voc train --config models/configs/tagger.toml

compare: setup
	$(BIN)/voc compare --config models/configs/tagger.toml

clean: demo-clean
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
