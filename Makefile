# Each target installs what it needs into .venv on a fresh machine, then runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench install test-servers explore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/kg run seeds/
	$(BIN)/kg explore --store out/store -o out/explorer.html

# Virtuoso, Chromium and Graphviz for the integration and browser tests (Debian packages; the
# tests skip with a reason when they are missing, so a failed install here is not fatal).
test-servers: install
	-bash .ci/install-virtuoso.sh
	-bash .ci/install-browser.sh

test: install test-servers
	$(BIN)/mypy kg bench
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

explore: install
	$(BIN)/kg explore --store out/store -o out/explorer.html --png out/network.png

clean:
	rm -rf out .pytest_cache
