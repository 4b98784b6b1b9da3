# The few commands people type. Each sets up .venv first (torch's exact pin takes the local CPU wheel).
PY := .venv/bin/python
SEED := seeds/000_e1aca306d864d71d.txt

.PHONY: setup demo test lint format bench-speed

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,fast,bench,ray]"
	touch $@

setup: .venv/.installed

demo: setup
	.venv/bin/summix summarize $(SEED) --lang en

test: setup
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

lint: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks

format: setup
	.venv/bin/ruff format src tests benchmarks
	.venv/bin/ruff check --fix src tests benchmarks

bench-speed: setup
	$(PY) benchmarks/speed.py --preset opus-mt --device cpu --batch 1 16 --beams 1 4
