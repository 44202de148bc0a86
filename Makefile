# ClusterDesk: `make run` sets up and starts the app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint format screenshots bench dist dist-check clean

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
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

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

# Installers (installer/README.md): the frozen bundle dist/clusterdesk, the .deb and .tar.gz,
# and a compile check of the Windows NSIS script (with the Linux payload standing in).
DIST_STAMP := $(VENV)/.dist-installed

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dist]'
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	PYTHON=$(BIN)/python bash scripts/dist-deps.sh
	rm -rf dist/clusterdesk build/icons
	$(BIN)/pyinstaller installer/clusterdesk.spec --distpath dist --workpath build/pyinstaller \
	    --noconfirm --log-level WARN
	PYTHON=$(BIN)/python bash installer/linux/build.sh dist/clusterdesk dist
	rm -rf build/nsis-check && mkdir -p build/nsis-check/payload
	cp -al dist/clusterdesk/_internal build/nsis-check/payload/_internal
	cp dist/clusterdesk/clusterdesk build/nsis-check/payload/ClusterDesk.exe
	COMPRESSOR=zlib bash installer/windows/build.sh build/nsis-check/payload \
	    build/icons/clusterdesk.ico build/nsis-check/ClusterDesk-setup-check.exe
	rm -rf build/nsis-check/payload

# The smoke test of what `make dist` built: the frozen app's command line, a headless run,
# a real window under Xvfb, libraries (ldd), the .deb installed/upgraded/removed, the .tar.gz.
dist-check: dist
	env -u QT_QPA_PLATFORM $(BIN)/python -m pytest installer/tests -p no:cacheprovider -rA

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
