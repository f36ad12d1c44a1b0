# The README's two commands are `make run` and `make test`; each installs what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
VENV_BIN := .venv/bin/
RASA := .venv/bin/rasa
MODEL := models/clinic.tar.gz
SPACY := build/spacy-en/meta.json
CRISIS := build/crisis-detector-en.npz
# The patients' language: its training data and replies are in data/$(LANGUAGE)/, beside the
# language-neutral dialogue rules in data/dialogue/ (docs/languages.md).
LANGUAGE := en
RASA_DATA := data/dialogue data/$(LANGUAGE)
TRAINING_INPUTS := config.yml domain.yml $(shell find $(RASA_DATA) nlu -name '*.yml' -o -name '*.py' 2>/dev/null)

.PHONY: help install env lint train run shell cluster cluster-packages cluster-tests test validate pytest story-tests e2e security-tests browser-tests chromium screenshots eval eval-dev bench clean

help:
	@echo "make run     install, train if needed, start the assistant (Ctrl-C stops it)"
	@echo "make test    install, validate, unit tests, train, story tests, end-to-end test"
	@echo "make cluster PostgreSQL, Redis, 2 Rasa and 2 action servers behind nginx on :8088 (Ctrl-C stops all)"
	@echo "make shell   chat with the assistant in the terminal"
	@echo "make train   train the model if the data changed"
	@echo "make eval    NLU accuracy, out-of-scope rejection and parse time (held-out and dev sets)"
	@echo "make bench   load test: replies per second, latency, errors, lost bookings"
	@echo "make install the locked Python environment in .venv"
	@echo "make screenshots  regenerate docs/widget-desktop.png and docs/widget-phone.png"

$(UV):
	python3.11 -m venv $(TOOLS) 2>/dev/null || python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python python3.11
	touch $@

install: .venv/.installed

# A new .env (owner-only) from .env.example with random secrets, or the missing secrets added
# to an existing one (ops/env_file.py); an existing value is never changed.
env: install
	@$(PY) -m ops.env_file

$(SPACY): .venv/.installed nlu/build_spacy.py
	$(PY) -m nlu.build_spacy build/spacy-en

# The crisis detector's classifier (bot/safety/), trained on data/en/crisis/ and the NLU examples.
$(CRISIS): .venv/.installed $(wildcard data/$(LANGUAGE)/crisis/*.tsv) $(wildcard data/$(LANGUAGE)/nlu/*.yml) $(wildcard data/$(LANGUAGE)/responses/*.yml) bot/safety/build.py bot/safety/crisis.py bot/language/en/crisis_phrases.py
	$(PY) -m bot.safety.build

$(MODEL): .venv/.installed $(SPACY) $(CRISIS) $(TRAINING_INPUTS)
	$(RASA) train --data $(RASA_DATA) --fixed-model-name clinic --out models --quiet
	touch $@

train: $(MODEL)

run: install env $(MODEL)
	$(PY) scripts/serve.py

# Installs postgresql, redis-server and nginx with apt-get when missing; see "Running at scale".
cluster-packages: install
	$(PY) scripts/cluster.py install

cluster: install env $(MODEL) cluster-packages
	$(PY) scripts/cluster.py run --port 8088

cluster-tests: install $(MODEL) cluster-packages
	$(PY) -m pytest tests/cluster

shell: install env $(MODEL)
	$(PY) scripts/serve.py --shell

# Lint, format and types (ruff and mypy, configured in pyproject.toml).
lint: install
	$(VENV_BIN)ruff check .
	$(VENV_BIN)ruff format --check .
	$(VENV_BIN)mypy

validate: install
	$(RASA) data validate --data $(RASA_DATA) --fail-on-warnings --quiet

pytest: install $(SPACY) $(CRISIS)
	$(PY) -m pytest tests --ignore=tests/e2e --ignore=tests/security --ignore=tests/cluster --ignore=tests/browser

# The attack suite of issue 10 against the real servers (tests/security/).
security-tests: install $(MODEL)
	$(PY) -m pytest tests/security

story-tests: $(MODEL)
	$(RASA) test core --stories tests/test_stories.yml --model $(MODEL) --fail-on-prediction-errors --out results/stories

# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

# axe-core, the browser tests' accessibility checker: a test dependency from npm, pinned by
# package-lock.json, never served to patients.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

browser-tests: install $(MODEL) chromium $(AXE)
	$(PY) -m pytest tests/browser

test: install lint validate pytest $(MODEL) story-tests chromium $(AXE) cluster-packages
	$(PY) -m pytest tests/e2e
	$(PY) -m pytest tests/security
	$(PY) -m pytest tests/cluster
	$(PY) -m pytest tests/browser

screenshots: install $(MODEL) chromium
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_widget_look.py -k "desktop or phone"

# The *_test.tsv files are held out: never tune on them (tune on the *_dev.tsv files and
# clinc_oos_tune.tsv). One line per file, then other_services, parse times and the crisis detector.
EVAL_SETS := independent_test independent_dev nlu_test nlu_dev clinc_oos_test clinc_oos_tune general_oos_test general_oos_dev
eval: $(MODEL) $(CRISIS)
	@$(PY) scripts/nlu_eval.py --summary --data $(EVAL_SETS:%=tests/data/%.tsv) 2>/dev/null
	@$(PY) scripts/crisis_eval.py 2>/dev/null

# The development files only: for tuning, without a look at the held-out ones.
eval-dev: $(MODEL) $(CRISIS)
	@$(PY) scripts/nlu_eval.py --summary --data tests/data/independent_dev.tsv tests/data/nlu_dev.tsv tests/data/clinc_oos_tune.tsv tests/data/everyday_oos_dev.tsv tests/data/assistant_oos_dev.tsv tests/data/general_oos_dev.tsv 2>/dev/null
	@$(PY) scripts/crisis_eval.py --dev 2>/dev/null

# Simulated patients (questions and whole bookings), 20 conversations at a time: first pausing
# about 2 s before each message as people do, then with no pause at all.
bench: install env $(MODEL) cluster-packages
	$(PY) scripts/bench.py --patients 100 --concurrency 20 --think 2 0
	$(PY) scripts/bench.py --cluster --patients 100 --concurrency 20 --think 2 0

clean:
	rm -rf models results build .venv $(TOOLS) node_modules
