# One task file: `make demo`, `make test`, `make bench`, `make lint`, `make golden`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test bench lint format golden system-deps clean demo-screenshots lighthouse

$(STAMP): pyproject.toml setup.py $(wildcard scielo_pub/markup/sgml_*.py scielo_pub/markup/sgml_*.pxd scielo_pub/markup/sgml_*.pyx)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/scielo-pub dtds install --if-missing
	touch $(STAMP)

system-deps:
	@bash tools/system-deps.sh

demo: $(STAMP)
	@bash tools/system-deps.sh --quiet || true
	$(BIN)/scielo-pub build collections/demo -o build/demo
	$(BIN)/python tools/demo_usage.py build/demo
	$(BIN)/scielo-pub serve build/demo --port $(PORT) --collection collections/demo

lighthouse: $(STAMP)
	@bash tools/system-deps.sh --quiet || true
	bash tools/lighthouse.sh
	SCIELO_PUB_LIGHTHOUSE=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/reader/test_lighthouse.py

demo-screenshots: $(STAMP)
	$(BIN)/scielo-pub build collections/demo -o build/demo --no-pdf
	$(BIN)/python tools/demo_screenshots.py build/demo build/screenshots

test: $(STAMP)
	@bash tools/system-deps.sh --quiet || true
	$(BIN)/ruff check scielo_pub tests benchmarks
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	@bash tools/system-deps.sh --quiet || true
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check scielo_pub tests benchmarks
	$(BIN)/ruff format --check scielo_pub tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format scielo_pub tests benchmarks
	$(BIN)/ruff check --fix scielo_pub tests benchmarks

golden: $(STAMP)
	$(BIN)/python -m tests.golden refresh

clean:
	rm -rf build $(VENV) scielo_pub/markup/*.so scielo_pub/markup/sgml_*.c
