# Two commands matter: `make lab` (open the course) and `make test` (run every test).
# Everything else here is a helper for authors.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_LAB  := $(VENV)/.installed-lab
STAMP_TEST := $(VENV)/.installed-test
PYTEST_ARGS ?=

.PHONY: lab test test-fast strip exercises datapackage edition benchmark clean help

help:
	@echo "make lab        open the course in JupyterLab (creates .venv on first use)"
	@echo "make test       run the whole test suite (creates/updates .venv with the test extra)"
	@echo "make strip      remove outputs and execution counts from all notebooks"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make datapackage refresh sha256 and sizes in data/datapackage.json"
	@echo "make edition    build the static, executed HTML edition into _build/edition/"
	@echo "make benchmark  measure each notebook's run time and kernel memory"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_LAB): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_LAB)

# Jupyter refuses to start as root (a container, a CI machine) without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

# Serve the whole course folder (so lessons/, exercises/ and solutions/ are all in the
# file browser) and open lesson 00. A notebook path as argument would serve lessons/ only.
lab: $(STAMP_LAB)
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb

test: $(STAMP_TEST)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

strip: $(STAMP_LAB)
	$(BIN)/python -m coursekit.notebooks strip

exercises: $(STAMP_TEST)
	$(BIN)/python -m coursekit.notebooks exercises

datapackage: $(STAMP_LAB)
	$(BIN)/python -m coursekit.datapackage

edition: $(STAMP_TEST)
	$(BIN)/python -m coursekit.edition

benchmark: $(STAMP_TEST)
	$(BIN)/python -m coursekit.benchmark

clean:
	rm -rf $(VENV) _build .pytest_cache

# ---- Workshop routes (issue 9): a real JupyterHub class simulation on 127.0.0.1 and
# offline Binder checks. Not part of `make test`; `.ci/run` runs it after `make test`.
# Needs npm (configurable-http-proxy goes into .workshop/, git-ignored) and PyPI.
STAMP_WORKSHOP := $(VENV)/.installed-workshop
CHP := .workshop/node_modules/.bin/configurable-http-proxy
WORKSHOP_LEARNERS ?= 5

.PHONY: test-workshop

$(STAMP_WORKSHOP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,workshop]'
	touch $@

$(CHP):
	npm install --prefix .workshop --no-audit --no-fund --loglevel=error configurable-http-proxy@5.3.0

test-workshop: $(STAMP_WORKSHOP) $(CHP)
	WORKSHOP_LEARNERS=$(WORKSHOP_LEARNERS) $(BIN)/python -m pytest workshop_tests -n 0 $(PYTEST_ARGS)
