# Klantgevoel: `make demo` (set up + main job), `make test` (set up + test suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export KLANTGEVOEL_CACHE_DIR ?= $(HOME)/.cache/klantgevoel

.PHONY: setup demo test test-fast bench lint train compare clean

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

demo: setup
	$(BIN)/voc summarize data/samples/sample_texts.txt

test: setup
	$(BIN)/pytest -q

test-fast: $(BIN)/.installed
	$(BIN)/pytest -q -m "not slow"

bench: setup
	$(BIN)/python tests/benchmarks/bench_predict.py
	$(BIN)/python tests/benchmarks/bench_ingest.py

lint: $(BIN)/.installed
	$(BIN)/ruff check models pipelines service tests
	$(BIN)/mypy

train: setup
	$(BIN)/voc train --config models/configs/tagger.toml

compare: setup
	$(BIN)/voc compare --config models/configs/tagger.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
