# Two commands for users (see README.md):  make lab   and   make test
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_PORT ?= 8888
NBVAL_FLAGS := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# TF's C++ start-up messages: off before TF is ever imported (course_utils.setup() does the same).
export TF_CPP_MIN_LOG_LEVEL ?= 3
export PYTHONHASHSEED ?= 0

.PHONY: help setup data lab test lint unit nbval notebooks clean
.PHONY: slides handouts screenshots vendor-slides browser bench test-offline dist test-install

help:
	@echo "make lab        set up .venv, check the data, open the course in JupyterLab"
	@echo "make test       set up .venv, then ruff + unit tests + nbval on every notebook"
	@echo "make notebooks  re-execute every notebook in place (the way CI checks them)"
	@echo "make clean      remove .venv and caches (never touches data/ or notebooks/)"
	@echo "make slides     build the offline reveal.js decks slides/NN_*.slides.html"
	@echo "make handouts   print every deck to slides/handouts/*.pdf (needs chromium)"
	@echo "make browser    run the browser tests (decks and JupyterLab in chromium)"
	@echo "make screenshots  refresh slides/screenshots/ (the README's pictures)"
	@echo "make bench      benchmarks: conv implementations, training throughput, notebook and test times"
	@echo "make test-offline  nbval on every notebook with no network and no Debian data"
	@echo "make dist       build the wheel (course_utils with its shipped data) in dist/"
	@echo "make test-install  build the wheel, install it with the pins in a fresh venv, run 00 and 04 there"

# Rebuilt only when the pins or the package metadata change, so a second run takes seconds.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP)

data: $(STAMP)
	$(BIN)/python -m course_utils

lab: data
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
		--ServerApp.root_dir=notebooks $(if $(CI),--no-browser,) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest tests course_utils

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks

# pytest exits 5 when it collects nothing; make treats every non-zero exit as a failure.
test: data lint
	$(BIN)/python -m pytest $(NBVAL_FLAGS) tests course_utils notebooks
	$(BIN)/python -m pytest -m browser tests/test_browser.py

# What an offline user without the Debian data gets: the shipped subsets, no network at all.
test-offline: $(STAMP)
	COURSE_OFFLINE=1 COURSE_DEBIAN_DIR=/nonexistent $(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks

# The wheel: course_utils, its exercises and the shipped data (data/ as course_utils._data).
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --quiet --wheel-dir dist .
	@ls dist/*.whl

# A student outside the repo: wheel + pins in a fresh venv, notebooks 00 and 04 run offline.
test-install: $(STAMP)
	$(BIN)/python -m pytest -m install tests/test_package.py

# Figures for PERFORMANCE.md; tables on stdout, JSON and a plot in artifacts/bench/.
bench: $(STAMP)
	cd benchmarks && $(abspath $(BIN))/python bench_conv.py
	cd benchmarks && $(abspath $(BIN))/python bench_training.py
	cd benchmarks && $(abspath $(BIN))/python bench_notebooks.py
	cd benchmarks && $(abspath $(BIN))/python bench_tests.py --reuse-notebooks

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py notebooks/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Instructor decks (slides/README.md): built on demand, offline, from slides/vendor/.
slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py

handouts: $(STAMP)
	$(BIN)/python scripts/build_slides.py --handouts

# Re-download slides/vendor/ from npm (needs npm and the registry; the result is committed).
vendor-slides:
	bash scripts/vendor_slides.sh

# Real-browser tests; they skip with a reason where /usr/bin/chromium is missing.
browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/test_browser.py

screenshots: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/test_browser.py -k "deck_in_chromium or lecture_1"
	cp artifacts/screenshots/slides/01_convolution_without_training_code.png slides/screenshots/deck.png
	cp artifacts/screenshots/lab/01_kernel_explorer_page.png slides/screenshots/lab.png
