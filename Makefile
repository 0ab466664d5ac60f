# Two commands matter: `make run` and `make test`. Everything else is a step they take.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-dev system-deps bytecode lint typecheck db seed bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# The stamp files make re-runs instant while pyproject.toml is unchanged.
$(VENV)/.core: pyproject.toml | $(PY)
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[dev,voice,cloud,piper]'
	@touch $@ $(VENV)/.core

install: $(VENV)/.core

install-dev: $(VENV)/.dev system-deps

# espeak-ng speaks replies and builds the spoken test set; sox measures and mixes audio.
# Debian's chromium (with Devanagari and emoji fonts) runs the browser tests; Playwright drives
# it and never downloads a browser of its own.
BROWSER_DEPS := chromium fonts-lohit-deva fonts-noto-color-emoji
system-deps:
	@if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng sox >/dev/null; \
		else \
			echo "espeak-ng and sox are missing: sudo apt-get install espeak-ng sox"; exit 1; \
		fi; \
	fi
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi lohit; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_DEPS) >/dev/null; \
		else \
			echo "chromium or its fonts are missing: sudo apt-get install $(BROWSER_DEPS)"; exit 1; \
		fi; \
	fi

# helpline's modules as bytecode, which imports read even where PYTHONDONTWRITEBYTECODE is set.
# Compiled from source at every import instead, a thread importing the engine (the web app's
# warm-up) can meet Streamlit compiling a page in another, and CPython 3.11 then may fail with
# "AST constructor recursion depth mismatch" (its AST constructor's state is shared by threads).
bytecode: install
	$(PY) -m compileall -q src

db: install bytecode
	$(BIN)/helpline db upgrade
	$(BIN)/helpline seed --if-empty

# The web app on the seeded demo database: the customer chat, and the dashboard for staff.
PORT ?= 8501
run: db
	@echo "Customer chat: http://localhost:$(PORT)   (demo customer: 9876543210)"
	@echo "Dashboard:     http://localhost:$(PORT)/dashboard   (log in as manager / helpline-demo)"
	$(BIN)/helpline web --port $(PORT)

test: install-dev bytecode
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install-dev
	$(BIN)/mypy src/helpline

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
