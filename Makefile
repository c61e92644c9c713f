# Clustera: `make demo` runs the portal on the synthetic world; `make test` runs every check.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PG_URL ?= postgres://postgres@127.0.0.1:5432/clustera
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")

.PHONY: demo test install lint typecheck test-sqlite test-postgres clean chromium openmp gettext messages

$(UV):
	python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv

install: $(UV) openmp gettext
	$(UV) sync --locked --all-groups --quiet
	$(UV) run --no-sync clustera i18n compile > /dev/null
	@if command -v npm >/dev/null 2>&1; then \
	  { [ -d frontend/node_modules/leaflet ] && [ -d frontend/node_modules/axe-core ]; } || npm ci --prefix frontend --no-audit --no-fund --silent; \
	else echo "npm not found: the map page will have no Leaflet (install Node.js for it)"; fi

demo: install
	$(UV) run clustera demo run

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports

typecheck: install
	$(UV) run mypy

# LightGBM (the partner ranker) links the system's OpenMP runtime, libgomp.so.1.
openmp:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgomp1; \
	  else echo "libgomp.so.1 not found and not root: install it (apt-get install libgomp1) for the partner ranker"; fi; \
	fi

# GNU gettext's xgettext extracts the strings (`make messages`, and the completeness check of
# `make test`); compiling the catalogues needs no system tool (Babel).
gettext:
	@if ! command -v xgettext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; \
	  else echo "xgettext not found and not root: install gettext to extract strings (apt-get install gettext)"; fi; \
	fi

# `make messages` extracts every app's strings into its catalogues; `make messages APP=events` one.
messages: install
	$(UV) run --no-sync clustera i18n extract $(if $(APP),--app $(APP),)

chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium not found and not root: the browser tests will be skipped (apt-get install chromium)"; fi; \
	fi

test-sqlite: install chromium
	$(UV) run pytest -q -p no:cacheprovider

test-postgres: install
	@if $(UV) run python -m clustera.portal.dbcheck "$(PG_URL)"; then \
	  CLUSTERA_DATABASE_URL="$(PG_URL)" $(UV) run pytest -q -p no:cacheprovider -m django_db; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is required in CI (CI=true) and is not reachable at $(PG_URL)"; exit 1; \
	else echo "SKIPPED the PostgreSQL run: no PostgreSQL reachable at $(PG_URL) (set PG_URL to point at one)"; fi

test: lint typecheck test-sqlite test-postgres

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache
