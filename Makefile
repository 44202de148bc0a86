# ClusterDesk: `make run` sets up and starts the app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint format screenshots bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/clusterdesk

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The README's screenshots, made by the app itself from the demo data.
screenshots: $(STAMP)
	rm -f /tmp/clusterdesk-shots.sqlite*
	$(BIN)/clusterdesk --db /tmp/clusterdesk-shots.sqlite demo
	QT_QPA_PLATFORM=offscreen $(BIN)/clusterdesk --db /tmp/clusterdesk-shots.sqlite screenshots --out docs/screenshots

# Benchmarks against their floors (raw sqlite3, executemany) on a generated 1M-entry database.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
