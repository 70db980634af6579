# Two entry points for a fresh machine (Python 3.11+ and make): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,lint,dist]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/tec-desktop workbook_templates/sample.xlsx

# One pytest worker per core (pytest-xdist), stealing work so that the minutes-long bundle test runs beside
# the rest: 5 min instead of 9 on two cores. Every test keeps its own folders, ports and settings.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist worksteal

# The same suite without the minutes-long tests (marked slow: the application bundle).
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist worksteal -m "not slow"

# Style, types and the architecture's import contracts (pyproject.toml holds their settings).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info

# A self-contained application folder (and archive) for this platform, then a smoke test of it.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
dist: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py build/icons
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/tec_desktop.spec
	cp packaging/tec-desktop.desktop build/icons/tec-desktop.png "dist/TEC Desktop/"
	tar -C dist -czf "dist/TEC-Desktop-$(VERSION)-$$(uname -s)-$$(uname -m).tar.gz" "TEC Desktop"
	$(PY) packaging/smoke_test.py "dist/TEC Desktop"
