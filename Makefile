# The two commands of the README:
#   make demo   set up .venv and analyse the bundled example article
#   make test   set up .venv and run the test suite
# and:
#   make notebooks  execute notebooks/*.ipynb and store them with their outputs (needs ../shared/data or STANCE_DATA)
# Set-up installs the CPU build of torch first (a bare `torch` requirement would pull a
# multi-GB CUDA build), then this package with its development extras and Ray (so that the
# tests of the Ray engine run, on a local Ray instance).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval notebooks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev,ray]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/stance analyze examples/wire_report.txt --target Russia --target China --target "the West" --target Ukraine

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python eval/sentence_boundaries.py
	$(BIN)/python eval/segmentation_speed.py
	$(BIN)/python eval/baselines.py
	$(BIN)/python eval/attribution.py

notebooks: $(STAMP)
	$(BIN)/python notebooks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
