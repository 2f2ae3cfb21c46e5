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

# Each script prints a table and, last, one JSON line; figures go into bench/README.md.
BENCHES := samples warc discovery extraction crawl search store web
bench: install
	@for b in $(BENCHES); do echo "== bench/$$b.py"; $(BIN)/python bench/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) $(PYWB_VENV) build *.egg-info
