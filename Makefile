# Two commands: `make demo` and `make test`. Both set everything up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := ../shared/examples/japan-us-call-2022

.PHONY: install demo test lint eval bench clean browser

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfuse brief $(EXAMPLE)
	$(BIN)/newsfuse brief $(EXAMPLE) --format html -o brief.html --quiet
	@echo "HTML briefing written to brief.html"
	$(BIN)/python -m newsfuse.web.sample demo.db
	@echo "A small corpus (the examples and three ECB+ topics) is in demo.db; browse it with:"
	@echo "  $(BIN)/newsfuse serve --db demo.db    # then open http://127.0.0.1:8000/"

test: $(STAMP) browser
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/python -m pytest

# the browser tests drive Debian's chromium (installed here when missing; needs root)
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

eval: $(STAMP)
	for e in summary extract quotes dates entities cluster framing; do $(BIN)/newsfuse eval $$e --write-doc || exit 1; done

bench: $(STAMP)
	$(BIN)/python bench/bench_brief.py
	$(BIN)/python bench/bench_embed.py
	$(BIN)/python bench/corpus_bench.py --sizes 10000 --jobs 2 --nlp-n 200

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
