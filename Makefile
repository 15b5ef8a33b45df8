# Two commands do all set-up on a fresh machine:
#   make demo   renders the demo client's edition into editions/fjordvik/handout.html
#   make test   runs the tests (installs headless Chromium for the browser tests if it is missing)
# Both create or reuse the virtual environment .venv from pyproject.toml.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test test-fast data benchmarks benchmark-quick browser lab clean

# (setup.py builds the tokeniser in C, sermo_helpers/text/_tokens.c, into the source tree)
$(STAMP): pyproject.toml setup.py sermo_helpers/text/_tokens.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sermo render fjordvik coastline

# Headless Chromium for the browser tests and the PDF; Hunspell with the Norwegian and US English
# dictionaries for the handout's language check (tests/test_handout_language.py).
browser:
	@test -x $(CHROMIUM) && test -f /usr/share/hunspell/nb_NO.dic && test -f /usr/share/hunspell/en_US.dic || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core \
	   hunspell hunspell-no hunspell-en-us >/dev/null)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

data: $(STAMP)
	$(BIN)/sermo demo

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# CI's smoke test of the scale benchmark: one edition of 250,000 generated mentions
benchmark-quick: $(STAMP)
	$(BIN)/python benchmarks/scale.py --quick

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf editions .pytest_cache
