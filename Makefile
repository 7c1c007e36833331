# Every target bootstraps its own virtual environment, so a fresh clone needs
# only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	bash scripts/demo.sh $(BIN) $(OUT)

test: $(STAMP)
	$(BIN)/ruff check kiicode tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check kiicode tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(OUT) .pytest_cache
