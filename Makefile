# Two commands for users (see README.md):  make lab   and   make test
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_PORT ?= 8888
# nbval's flags live in one place, tests/nbval.args (a pytest argument file).
NBVAL := @tests/nbval.args
# TF's C++ start-up messages: off before TF is ever imported (course_utils.setup() does the same).
export TF_CPP_MIN_LOG_LEVEL ?= 3
export PYTHONHASHSEED ?= 0

.PHONY: help setup data lab test lint unit nbval notebooks clean
.PHONY: slides handouts screenshots vendor-slides browser bench bench-avx2 test-offline dist test-install

# Every target with a `## ` comment is listed, in file order, by `make help`.
help: ## list the targets
	@echo "Two commands for users: make lab, make test. All targets:"
	@awk -F':.*## ' '/^[a-z][a-z-]*:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Rebuilt only when the pins or the package metadata change, so a second run takes seconds.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP) ## create .venv with the pinned packages (again only when the pins change)

data: $(STAMP) ## report which data sources are found (python -m course_utils)
	$(BIN)/python -m course_utils

lab: data ## set up .venv, check the data, open the course in JupyterLab
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
		--ServerApp.root_dir=notebooks $(if $(CI),--no-browser,) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

# ruff format: the code at 100 columns (pyproject.toml), notebooks at 88 (notebooks/ruff.toml).
lint: $(STAMP) ## ruff check, and ruff format --check over the code and the notebooks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP) ## unit tests and doctests (tests/, course_utils/), no notebooks
	$(BIN)/python -m pytest tests course_utils

nbval: $(STAMP) ## re-execute every notebook with nbval and compare its outputs
	$(BIN)/python -m pytest $(NBVAL) --junitxml=artifacts/nbval.xml notebooks

test: data lint unit nbval browser ## set up .venv, then ruff, unit tests, nbval, browser tests

# What an offline user without the Debian data gets: the shipped subsets, no network at all.
# oneDNN (TF) and OpenBLAS (NumPy's matrix products) are held to their AVX2 kernels, as on
# the slowest CPU kind, so that a printed figure whose last digits depend on those kernels
# fails here, not on a student's laptop. NumPy's own vectorised loops are not held back.
test-offline: $(STAMP) ## nbval on every notebook offline, no Debian data, AVX2 kernels
	COURSE_OFFLINE=1 COURSE_DEBIAN_DIR=/nonexistent \
		ONEDNN_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell \
		$(BIN)/python -m pytest $(NBVAL) notebooks

# The wheel: course_utils, its exercises and the shipped data (data/ as course_utils._data).
dist: $(STAMP) ## build the wheel (course_utils with its shipped data) in dist/
	rm -rf dist
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --quiet --wheel-dir dist .
	@ls dist/*.whl

# A student outside the repo: wheel + pins in a fresh venv, notebooks 00 and 04 run offline.
test-install: $(STAMP) ## install the wheel with the pins in a fresh venv, run 00 and 04 there
	$(BIN)/python -m pytest -m install tests/test_package.py

# Figures for PERFORMANCE.md; tables on stdout, JSON and a plot in artifacts/bench/.
bench: $(STAMP) ## benchmarks: conv implementations, training throughput, lecture 5 record, notebook and test times
	cd benchmarks && $(abspath $(BIN))/python bench_conv.py
	cd benchmarks && $(abspath $(BIN))/python bench_training.py
	cd benchmarks && $(abspath $(BIN))/python bench_record.py
	cd benchmarks && $(abspath $(BIN))/python bench_notebooks.py
	cd benchmarks && $(abspath $(BIN))/python bench_tests.py --reuse-notebooks

# The slowest CPU kind, emulated: oneDNN held to AVX2 and a cgroup CPU quota (needs root).
bench-avx2: $(STAMP) ## every lecture's nbval time on an emulated 80-GFLOP/s AVX2 CPU
	$(BIN)/python benchmarks/emulate_cpu.py --gflops 80 --isa AVX2 -- \
		$(abspath $(BIN))/python benchmarks/bench_notebooks.py

notebooks: $(STAMP) ## re-execute every notebook in place (the way CI checks them)
	$(BIN)/python scripts/execute_notebooks.py notebooks/*.ipynb

clean: ## remove .venv and caches (never touches data/ or notebooks/)
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Instructor decks (slides/README.md): built on demand, offline, from slides/vendor/.
slides: $(STAMP) ## build the offline reveal.js decks slides/NN_*.slides.html
	$(BIN)/python scripts/build_slides.py

handouts: $(STAMP) ## print every deck to slides/handouts/*.pdf (needs chromium)
	$(BIN)/python scripts/build_slides.py --handouts

# Re-download slides/vendor/ from npm (needs npm and the registry; the result is committed).
vendor-slides: ## re-download slides/vendor/ from npm (the result is committed)
	bash scripts/vendor_slides.sh

# Real-browser tests; they skip with a reason where /usr/bin/chromium is missing.
browser: $(STAMP) ## the browser tests (decks and JupyterLab in chromium)
	$(BIN)/python -m pytest -m browser tests/test_browser.py

screenshots: $(STAMP) ## refresh slides/screenshots/ (the README's pictures)
	$(BIN)/python -m pytest -m browser tests/test_browser.py -k "deck_in_chromium or lecture_1"
	cp artifacts/screenshots/slides/01_convolution_without_training_code.png slides/screenshots/deck.png
	cp artifacts/screenshots/lab/01_kernel_explorer_page.png slides/screenshots/lab.png
