# The two commands of the README: `make demo` and `make test`. Both set everything up.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: demo test lint format install clean docs system-deps model

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced ## create the virtual environment and install undertow with its test tools

demo: $(VENV)/.synced ## build, analyse and report the synthetic demo corpus into demo/
	$(VENV)/bin/undertow demo demo

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/ruff format --check src tests benchmarks tools

# Debian packages the browser tests need (Chromium); installed only when missing.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests (Debian package)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: install it (sudo apt-get install chromium) or the browser tests will fail."; \
	  fi; \
	fi

test: $(VENV)/.synced lint system-deps ## run the whole test suite (lint included)
	$(VENV)/bin/python -m pytest

format: $(VENV)/.synced
	$(VENV)/bin/ruff format src tests benchmarks tools
	$(VENV)/bin/ruff check --fix src tests benchmarks tools

clean:
	rm -rf $(VENV) $(TOOLS) demo .pytest_cache

docs: $(VENV)/.synced ## regenerate docs/cli.md from the commands' --help
	$(VENV)/bin/python tools/gen_cli_docs.py docs/cli.md

model: $(VENV)/.synced ## rebuild the shipped models bit for bit from training/ and ../shared/data (slow)
	UNDERTOW_EMBED_THREADS=1 $(VENV)/bin/python tools/train_model.py
	$(VENV)/bin/python tools/train_supporter.py
