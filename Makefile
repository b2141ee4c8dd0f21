# Proeve: `make run` sets up and serves the site, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
SITE_ID ?= proeve
# LAYOUT=buildout: backup, restore, verify-journal, backup-pg and restore-pg on a buildout
# deployment (buildout.cfg): its configuration in parts/instance/etc (bin/buildout writes it from
# instance/templates), its data in var/, repozo, zconsole and zopepy in bin/; no .venv.
LAYOUT ?= make
ifeq ($(LAYOUT),buildout)
INSTANCE := parts/instance
TOOLS := bin
PY := bin/zopepy
SETUP :=
GENERATE_ARGS := --instance $(INSTANCE) --var var
BACKUP_ARGS := --buildout $(CURDIR)
else
INSTANCE := instance
TOOLS = $(BIN)
PY = $(BIN)/python
SETUP := install
GENERATE_ARGS :=
BACKUP_ARGS :=
endif
CONF := $(INSTANCE)/etc/zope.conf
INI := instance/etc/zope.ini
PYTEST_ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Proeve needs Python 3.11 or newer"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the pins or the package metadata change.
$(VENV)/.installed: $(BIN)/python constraints.txt setup.py
	$(BIN)/python -m pip install -q -c constraints.txt pip setuptools wheel
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt $(BIN)/python -m pip install -q \
		-c constraints.txt -e ".[test,relstorage]"
	$(BIN)/python -m pip check
	touch $@

.PHONY: install
install: $(VENV)/.installed ## Create the virtualenv and install the pinned packages

.PHONY: instance
instance: install ## Write the Zope instance configuration (instance/etc)
	$(BIN)/python instance/generate.py --host $(HOST) --port $(PORT)

.PHONY: site
site: instance ## Create the site, a demo site unless PROEVE_DEMO=0 (keeps an existing site as it is)
	PROEVE_SITE_ID=$(SITE_ID) $(BIN)/zconsole run $(CONF) scripts/create_site.py

# The demo school ROC De Vaart signs on with its "school account" at a mock OpenID Connect
# provider beside Zope (oidc-provider-mock on 127.0.0.1:$(SIGNON_PORT), its client secret made
# up at each start), configured through the same PROEVE_SIGNON_* settings as a real school's
# provider (docs/operations.md). Not when PROEVE_SIGNON_SCHOOLS is set, nor with
# DEMO_SIGNON=0 (or PROEVE_DEMO=0).
DEMO_SIGNON ?= $(if $(filter 0,$(PROEVE_DEMO)),0,1)
SIGNON_PORT ?= 9400
DEMO_SIGNON_SCHOOL := ROC_DE_VAART

.PHONY: run
run: site ## Set everything up and serve http://localhost:$(PORT)/$(SITE_ID)
	@echo "Proeve: http://localhost:$(PORT)/$(SITE_ID) (demo logins in README.md)"
	@if [ "$(DEMO_SIGNON)" = 1 ] && [ -z "$$PROEVE_SIGNON_SCHOOLS" ] && [ -x $(BIN)/oidc-provider-mock ]; then \
	  mkdir -p instance/var; \
	  $(BIN)/oidc-provider-mock --host 127.0.0.1 --port $(SIGNON_PORT) \
	    --user docent-vaart@demo.proeve.invalid --user student-sanne@demo.proeve.invalid \
	    >instance/var/oidc-provider.log 2>&1 & provider=$$!; \
	  trap 'kill $$provider 2>/dev/null' EXIT; \
	  export PROEVE_SIGNON_SCHOOLS=roc-de-vaart \
	    PROEVE_SIGNON_$(DEMO_SIGNON_SCHOOL)_ISSUER=http://localhost:$(SIGNON_PORT) \
	    PROEVE_SIGNON_$(DEMO_SIGNON_SCHOOL)_CLIENT_ID=proeve-demo \
	    PROEVE_SIGNON_$(DEMO_SIGNON_SCHOOL)_CLIENT_SECRET=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))'); \
	  echo "Demo sign-on for ROC De Vaart: http://localhost:$(SIGNON_PORT) (log: instance/var/oidc-provider.log)"; \
	  $(BIN)/runwsgi $(INI); \
	else \
	  $(BIN)/runwsgi $(INI); \
	fi

# Backup, restore and the journal check use the serving configuration as it is (`make instance`
# rewrites it for HOST and PORT, 8080 when not given); they write one only when there is none.
ifeq ($(LAYOUT),buildout)
$(CONF):
	@echo "$(CONF) is missing: run bin/buildout, which writes it (buildout.cfg)"; exit 2
else
$(CONF): | $(VENV)/.installed
	$(BIN)/python instance/generate.py --host $(HOST) --port $(PORT)
endif

# The journal check reads only: beside the running site (FileStorage opened read-only, so no
# lock error), from cron. With DSN=... it reads the RelStorage database (that configuration is
# written when missing, for a port no process serves: VERIFY_PORT).
READONLY_CONF := $(INSTANCE)/etc/zope-readonly.conf
VERIFY_PORT ?= 8099
VERIFY_CONF = $(if $(DSN),$(INSTANCE)/etc/zope-relstorage-$(VERIFY_PORT).conf,$(READONLY_CONF))
WRITE_RELSTORAGE_VERIFY_CONF = $(PY) instance/generate.py $(GENERATE_ARGS) --host $(HOST) \
	--storage relstorage --port $(VERIFY_PORT) --dsn "$(DSN)"
ifeq ($(LAYOUT),buildout)
# bin/buildout writes zope-readonly.conf beside zope.conf; only a RelStorage one is written here.
WRITE_VERIFY_CONF = $(if $(DSN),$(WRITE_RELSTORAGE_VERIFY_CONF),echo "$(VERIFY_CONF) is missing: run bin/buildout"; exit 2)
else
WRITE_VERIFY_CONF = $(if $(DSN),$(WRITE_RELSTORAGE_VERIFY_CONF),$(PY) instance/generate.py --host $(HOST) --port $(PORT))
endif

.PHONY: verify-journal
verify-journal: $(SETUP) $(CONF) ## Verify the journal and its records, read-only beside the running site (DSN=... for PostgreSQL, MANIFEST=... a backup point; LAYOUT=buildout)
	@test -f $(VERIFY_CONF) || { $(WRITE_VERIFY_CONF); }
	PROEVE_SITE_ID=$(SITE_ID) $(TOOLS)/zconsole run $(VERIFY_CONF) scripts/verify_journal.py \
		$(if $(MANIFEST),--manifest $(MANIFEST))

.PHONY: run-cluster
run-cluster: install ## Serve the site from N processes on one PostgreSQL (N=2 DSN="dbname=proeve ..."; CREATE=production|demo on an empty database)
	@test -n "$(DSN)" || { echo 'make run-cluster N=2 DSN="dbname=proeve user=proeve host=127.0.0.1 password=..." (see docs/operations.md)'; exit 2; }
	$(BIN)/python scripts/run_cluster.py --processes $(N) --port $(PORT) --host $(HOST) \
		--dsn "$(DSN)" --site-id $(SITE_ID) $(if $(CREATE),--create $(CREATE))

# The reverse proxy in front of the processes (docs/operations.md "Production").
PROCESSES ?= 1
.PHONY: nginx-conf
nginx-conf: install ## nginx with TLS in front of Zope: PUBLIC_URL=https://… CERT=… KEY=… (PROCESSES=N for run-cluster; PROEVE_FRONT_BODY_DIR: nginx receives upload chunks)
	$(BIN)/python instance/nginx.py --public-url "$(PUBLIC_URL)" --site-id $(SITE_ID) \
		--certificate "$(CERT)" --certificate-key "$(KEY)" --out instance/etc/nginx-proeve.conf \
		$(if $(PROEVE_FRONT_BODY_DIR),--front-body-dir "$(PROEVE_FRONT_BODY_DIR)" \
			--front-body-key-file $(INSTANCE)/etc/front-body.key) \
		$(foreach n,$(shell seq 0 $$(($(PROCESSES)-1))),--upstream 127.0.0.1:$$(($(PORT)+$(n))))

BACKUP_DIR ?= backups
N ?= 2

.PHONY: backup
backup: $(SETUP) $(CONF) ## FileStorage backup point: repozo, blob copy, its manifest (exit 3: site has problems; LAYOUT=buildout)
	PROEVE_SITE_ID=$(SITE_ID) $(PY) scripts/backup.py fs-backup $(BACKUP_ARGS) --to $(BACKUP_DIR)

.PHONY: restore
restore: $(SETUP) $(CONF) ## Restore $(BACKUP_DIR) (DATE=...: an older point) into the stopped instance; check it (LAYOUT=buildout)
	PROEVE_SITE_ID=$(SITE_ID) $(PY) scripts/backup.py fs-restore $(BACKUP_ARGS) --from $(BACKUP_DIR) \
		$(if $(DATE),--date $(DATE))

.PHONY: backup-pg
backup-pg: $(SETUP) ## PostgreSQL backup (DSN=...): manifest and pg_dump into $(BACKUP_DIR)
	@test -n "$(DSN)" || { echo 'make backup-pg DSN="dbname=proeve ..." [PORT=8081]'; exit 2; }
	$(PY) instance/generate.py $(GENERATE_ARGS) --storage relstorage --port $(PORT) --dsn "$(DSN)"
	PROEVE_SITE_ID=$(SITE_ID) $(PY) scripts/backup.py pg-backup $(BACKUP_ARGS) --dsn "$(DSN)" \
		--conf $(INSTANCE)/etc/zope-relstorage-$(PORT).conf --to $(BACKUP_DIR)

.PHONY: restore-pg
restore-pg: $(SETUP) ## Restore $(BACKUP_DIR) into the database DSN (processes stopped); check it
	@test -n "$(DSN)" || { echo 'make restore-pg DSN="dbname=proeve ..." [PORT=8081]'; exit 2; }
	$(PY) instance/generate.py $(GENERATE_ARGS) --storage relstorage --port $(PORT) --dsn "$(DSN)"
	PROEVE_SITE_ID=$(SITE_ID) $(PY) scripts/backup.py pg-restore $(BACKUP_ARGS) --dsn "$(DSN)" \
		--conf $(INSTANCE)/etc/zope-relstorage-$(PORT).conf --from $(BACKUP_DIR) $(if $(DATE),--date $(DATE))

.PHONY: migrate-to-pg
migrate-to-pg: install $(CONF) ## Move the FileStorage site into an empty PostgreSQL database (DSN=...), then check it (server stopped)
	@test -n "$(DSN)" || { echo 'make migrate-to-pg DSN="dbname=proeve user=proeve host=127.0.0.1 password=..." (an empty database; see docs/operations.md)'; exit 2; }
	@test -f $(READONLY_CONF) || $(BIN)/python instance/generate.py --host $(HOST) --port $(PORT)
	PROEVE_SITE_ID=$(SITE_ID) $(BIN)/python scripts/migrate_to_pg.py --dsn "$(DSN)" \
		--port $(VERIFY_PORT)

.PHONY: lint
lint: install ## ruff: lint and formatting
	$(BIN)/ruff check src tests scripts instance benchmarks examples
	$(BIN)/ruff format --check src tests scripts instance benchmarks examples

.PHONY: format
format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests scripts instance benchmarks examples
	$(BIN)/ruff format src tests scripts instance benchmarks examples

.PHONY: test
test: lint ## Lint, then the whole pytest suite (browser tests included)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: screenshots
screenshots: install ## Refresh docs/screenshots/*.png (pages listed in tests/browser/test_screenshots.py)
	PROEVE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -p no:logging \
		-m screenshots tests/browser

.PHONY: bench
bench: install ## Run every benchmark side by side; prints the table, writes benchmarks/results.md
	$(BIN)/python -m benchmarks.run

.PHONY: i18n
i18n: install ## Rebuild locales/proeve.pot and sync the nl and en catalogs
	$(BIN)/i18ndude rebuild-pot --pot src/proeve/locales/proeve.pot \
		--create proeve src/proeve
	$(BIN)/i18ndude sync --pot src/proeve/locales/proeve.pot \
		src/proeve/locales/*/LC_MESSAGES/proeve.po

.PHONY: versions-cfg
versions-cfg: ## Write versions.cfg (buildout pins) from constraints.txt
	$(PYTHON) scripts/constraints_to_versions.py constraints.txt versions.cfg

.PHONY: clean
clean: ## Remove the virtualenv and generated files (keeps instance/var data)
	rm -rf $(VENV) instance/etc .pytest_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
