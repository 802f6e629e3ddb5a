# Two entry points, both safe on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test data lint clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

# Builds the default data only when the store is missing, then serves the dashboard.
data/appeals.duckdb: | $(BIN)/activate
	$(BIN)/python -m dashboard generate

data: data/appeals.duckdb

run: $(BIN)/activate data/appeals.duckdb
	$(BIN)/python -m dashboard build --if-needed
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT) --browser.gatherUsageStats false

test: $(BIN)/activate
	$(BIN)/python -m pytest -q

lint: $(BIN)/activate
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf data/snapshots data/appeals.duckdb
