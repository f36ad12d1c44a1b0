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
RASA := .venv/bin/rasa
MODEL := models/clinic.tar.gz
SPACY := build/spacy-en/meta.json
CRISIS := build/crisis-detector-en.npz
TRAINING_INPUTS := config.yml domain.yml $(shell find data nlu -name '*.yml' -o -name '*.py' 2>/dev/null)

.PHONY: help install env train run shell cluster cluster-packages cluster-tests test validate pytest story-tests e2e security-tests browser-tests chromium screenshots eval bench clean

help:
	@echo "make run     install, train if needed, start the assistant (Ctrl-C stops it)"
	@echo "make test    install, validate, unit tests, train, story tests, end-to-end test"
	@echo "make cluster PostgreSQL, Redis, 2 Rasa and 2 action servers behind nginx on :8088 (Ctrl-C stops all)"
	@echo "make shell   chat with the assistant in the terminal"
	@echo "make train   train the model if the data changed"
	@echo "make eval    NLU accuracy, out-of-scope rejection and parse time"
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

# The crisis detector's classifier (bot/safety/), trained on data/crisis/ and the NLU examples.
$(CRISIS): .venv/.installed data/crisis/examples.tsv $(wildcard data/nlu/*.yml) bot/safety/build.py bot/safety/crisis.py
	$(PY) -m bot.safety.build

$(MODEL): .venv/.installed $(SPACY) $(CRISIS) $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name clinic --out models --quiet
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

validate: install
	$(RASA) data validate --fail-on-warnings --quiet

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

browser-tests: install $(MODEL) chromium
	$(PY) -m pytest tests/browser

test: install validate pytest $(MODEL) story-tests chromium cluster-packages
	$(PY) -m pytest tests/e2e
	$(PY) -m pytest tests/security
	$(PY) -m pytest tests/cluster
	$(PY) -m pytest tests/browser

screenshots: install $(MODEL) chromium
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_widget_look.py -k "desktop or phone"

# nlu_test.tsv and clinc_oos_test.tsv are held out: never tune on them.
eval: $(MODEL)
	@set -o pipefail; for set in nlu_test nlu_dev clinc_oos_test clinc_oos_tune; do \
	  $(PY) scripts/nlu_eval.py --data tests/data/$$set.tsv --quiet 2>/dev/null \
	    | tail -2 || exit 1; done

# Simulated patients (questions and whole bookings), 20 conversations at a time: first pausing
# about 2 s before each message as people do, then with no pause at all.
bench: install env $(MODEL) cluster-packages
	$(PY) scripts/bench.py --patients 100 --concurrency 20 --think 2 0
	$(PY) scripts/bench.py --cluster --patients 100 --concurrency 20 --think 2 0

clean:
	rm -rf models results build .venv $(TOOLS)
