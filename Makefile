# Quick start: `make run` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_API := pyside6

.PHONY: run test lint typecheck deadcode unit faults desktop-check bench screenshots package package-test clean differential differential-ci

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11+ or run 'make PYTHON=python3 ...'"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/capi-desktop

test: $(STAMP) lint typecheck deadcode unit desktop-check

lint: $(STAMP)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Dead code: every finding is either removed or listed, with its reason, in the whitelist.
deadcode: $(STAMP)
	$(BIN)/vulture capi_desktop scripts/vulture_whitelist.py --min-confidence 60

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

# The long fault-injection run (issue 18): hypothesis profile `faults`, 150 kill -9 rounds,
# every storage/network fault; `make test` runs the same suite with the bounded `ci` profile.
faults: $(STAMP)
	CAPI_FUZZ_PROFILE=faults QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -o timeout=0 tests/faults

# *_child.py are run by their parent benchmark in another interpreter (normalize_vs_sdk: the SDK's venv).
bench: $(STAMP)
	@for script in benchmarks/*.py; do case $$script in *_child.py) continue;; esac; \
	  echo "== $$script"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$script || exit 1; done

# Our models of the other SDKs vs the real packages (throwaway installs in .refimpl/, see
# scripts/reference_impls.py); the full run rewrites docs/variants.md. Skips without node.
differential: $(STAMP)
	$(BIN)/python tests/differential/harness.py --install --per-key 1000 --write-docs docs/variants.md

differential-ci: $(STAMP)
	$(BIN)/python tests/differential/harness.py --install --per-key 200

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/make_screenshots.py

# The .desktop file and AppStream metainfo must validate; the tools come from .ci/run's apt list.
desktop-check:
	@if command -v desktop-file-validate >/dev/null 2>&1; then \
	  desktop-file-validate resources/desktop/*.desktop && echo "desktop-file-validate: OK"; \
	else echo "desktop-check: SKIPPED desktop-file-validate (apt-get install desktop-file-utils)"; fi
	@if command -v appstreamcli >/dev/null 2>&1; then \
	  appstreamcli validate --no-net resources/desktop/*.metainfo.xml; \
	else echo "desktop-check: SKIPPED appstreamcli validate (apt-get install appstream)"; fi

PACKAGE_STAMP := $(VENV)/.installed-package
$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	@touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/pyinstaller/capi_desktop.spec

package-test: package
	bash packaging/smoke_test.sh dist/capi-desktop

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
