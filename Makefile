# newsarchive: `make demo` runs the offline demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYWB_VENV := .venv-pywb
DATA ?= ./data

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed $(PYWB_VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# pywb pins old redis/gevent; it replays our WARCs from its own venv, as a separate process.
$(PYWB_VENV)/.installed:
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/pip install --quiet 'pywb>=2.8'
	touch $@

demo: install
	$(BIN)/newsarchive demo --data $(DATA)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check crawler archive tests bench

bench: install
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) build *.egg-info
