# The two set-up commands of the README: `make run` and `make test`.
# Both create .venv from nothing but this clone: exact versions come from requirements.lock.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench lock fixtures clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/shiryo run sources.yaml

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/extract_speed.py

# Regenerate the committed fixture PDFs (needs reportlab and the IPAex fonts: apt-get install fonts-ipaexfont;
# the KPI fixtures also LibreOffice's soffice).
fixtures: $(STAMP)
	$(PY) -m pip install --quiet reportlab openpyxl "python-docx==1.1.2" "lxml==6.1.3"
	$(PY) -m fixtures.generate
	$(PY) -m fixtures.kpi_generate
	$(PY) -m fixtures.tables_generate

# Re-resolve the pinned set after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/shiryo-lock && $(PYTHON) -m venv /tmp/shiryo-lock
	/tmp/shiryo-lock/bin/pip install --quiet ".[test,bench]" setuptools wheel
	/tmp/shiryo-lock/bin/pip freeze --all --exclude-editable | grep -v -i -E "^(shiryo|pip)==" > requirements.lock

clean:
	rm -rf $(VENV)
