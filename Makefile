# The two Quick start commands: `make build` and `make test`. Both install what they need first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build brand test check lint setup clean

build:
	@scripts/setup
	$(BIN)/handouts build

brand:
	@scripts/setup
	$(BIN)/handouts brand

check:
	@scripts/setup
	$(BIN)/handouts check

test:
	@scripts/setup test
	$(BIN)/ruff check handouts tests scripts
	$(BIN)/ruff format --check handouts tests scripts
	$(BIN)/mypy handouts
	$(BIN)/lint-imports
	$(BIN)/pytest -q

setup:
	@scripts/setup test

clean:
	rm -rf output
