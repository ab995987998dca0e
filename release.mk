# release.mk: release and deploy recipes over reltools, for any
# project's Makefile.
#
#	include /usr/local/share/reltools/release.mk
#
#	make release-check   VERSION=1.2.0   may we release? (rel-check)
#	make release         VERSION=1.2.0   check, local checks, changelog,
#	                                     confirm, tag, push
#	make release-dry-run VERSION=1.2.0   the same, changing nothing
#	make release-finish  VERSION=1.2.0   after a release stopped in
#	                                     rel-tag: commit, tag, push (and
#	                                     publish) the rest
#	make release-retract VERSION=1.2.0   confirm, then delete the GitHub
#	                                     release, the remote tag and the
#	                                     local tag (rel-tag --retract)
#	make release-wait-ci VERSION=1.2.0   wait for CI green on the tag
#	make deploy-staging  VERSION=1.2.0   deploy-slot -e staging deploy v1.2.0
#	make test-staging                    the smoke checks against staging
#	make deploy-production VERSION=1.2.0 the same on production (confirmed)
#	make test-production-smoke           read-only smoke checks on production
#	make rollback-staging                deploy-slot -e staging rollback
#	make rollback-production             the same on production (confirmed)
#	make deploy-status ENV=staging       deploy-slot -e staging status
#	make ship            VERSION=1.2.0   release, CI, staging, its smoke
#	                                     checks, production, its smoke
#	                                     checks: stops at the first failure
#	                                     and says how to resume
#
# PUBLISH=1 makes release and release-finish publish the GitHub release
# of the tag after the push (rel-tag --publish), with the files ASSETS
# lists (words; no globbing here: let the Makefile's $(wildcard) do it).
#
# VERSION=auto (not for release-finish) is the next version the commits
# call for, as rel-gitlog --next gives it; none stops the recipe. make
# ship resolves it once, for every step.
#
# The project's default goal stays its own, wherever the include stands.
#
# Variables: RELTOOLS_BIN (the tools; default the bin/ next to this file's
# share/), REMOTE, BRANCH, CHANGELOG, TAG_PREFIX, PACKAGE_DIR (one package
# of a monorepo: only the commits touching it, rel-gitlog --path),
# RELEASE_CHECK_FLAGS (e.g. --no-ci, --ci-wait 600), LOCAL_CI (a command
# make release runs after rel-check and before writing anything, e.g.
# "make check"; SKIP_LOCAL_CI=1 skips it), YES=1 (no confirmation
# prompt), PUBLISH, ASSETS, CI_WAIT (how long make ship waits for CI on
# the tag; default 30m; --no-ci in RELEASE_CHECK_FLAGS skips the wait),
# DEPLOY_FLAGS (deploy-slot options before the verb, e.g. --lock-wait
# 60s), ROLLBACK_FLAGS (e.g. --restore-db latest), SMOKE_CHECKS (the
# health-probe checks file; default deploy/smoke.checks), SMOKE_FLAGS
# (e.g. --format junit), SMOKE_REPORT (a file for health-probe's
# document, SMOKE_REPORT.HOST for each host across hosts; default none), SHIP_FROM (the step make ship starts at).
#
# A deploy's VERSION is the release's, with or without TAG_PREFIX: what
# deploy-slot deploys is the release tag (v1.2.0). Each environment is
# deploy-slot's, configured in .deploy.conf.staging and
# .deploy.conf.production; the smoke checks run against its PUBLIC_URL
# with $VERSION (and $ENV) set to the version it serves, both read from
# deploy-slot status (with jq).
#
# The recipes are POSIX sh (dash on Debian). Values reach them through
# the environment, never pasted into the command text; the prompt reads a
# whole line from /dev/tty, and a refusal or a missing terminal stops
# with a non-zero status. No commit or tag made here tells CI to skip
# anything: the forge's workflows must run on the release and its tag.

# The including project's default goal is kept: included first, these
# recipes must not become what a plain "make" runs.
RELTOOLS_SAVED_GOAL := $(.DEFAULT_GOAL)
RELTOOLS_MK_DIR := $(dir $(lastword $(MAKEFILE_LIST)))
RELTOOLS_BIN ?= $(abspath $(RELTOOLS_MK_DIR)../../bin)
REMOTE ?= origin
BRANCH ?= main
CHANGELOG ?= CHANGELOG.md
TAG_PREFIX ?= v
PACKAGE_DIR ?=
RELEASE_CHECK_FLAGS ?=
LOCAL_CI ?=
SKIP_LOCAL_CI ?=
YES ?=
PUBLISH ?=
ASSETS ?=
CI_WAIT ?= 30m
DEPLOY_FLAGS ?=
ROLLBACK_FLAGS ?=
SMOKE_CHECKS ?= deploy/smoke.checks
SMOKE_FLAGS ?=
SMOKE_REPORT ?=
SHIP_FROM ?=

RELEASE_TARGETS = release-check release release-dry-run release-finish \
	release-retract release-wait-ci deploy-staging deploy-production \
	test-staging test-production-smoke rollback-staging \
	rollback-production deploy-status ship
# A value typed on the command line or in the environment is taken as
# typed: make must not read a '$' in it (1.0.0$(x) would become 1.0.0).
rel_typed = $(if $(filter command line environment,$(origin $1)),$(value $1),$($1))
$(RELEASE_TARGETS): export REL_VERSION = $(call rel_typed,VERSION)
$(RELEASE_TARGETS): export REL_BIN = $(call rel_typed,RELTOOLS_BIN)
$(RELEASE_TARGETS): export REL_REMOTE = $(call rel_typed,REMOTE)
$(RELEASE_TARGETS): export REL_BRANCH = $(call rel_typed,BRANCH)
$(RELEASE_TARGETS): export REL_CHANGELOG = $(call rel_typed,CHANGELOG)
$(RELEASE_TARGETS): export REL_TAG_PREFIX = $(call rel_typed,TAG_PREFIX)
$(RELEASE_TARGETS): export REL_PACKAGE_DIR = $(call rel_typed,PACKAGE_DIR)
$(RELEASE_TARGETS): export REL_CHECK_FLAGS = $(call rel_typed,RELEASE_CHECK_FLAGS)
$(RELEASE_TARGETS): export REL_YES = $(call rel_typed,YES)
$(RELEASE_TARGETS): export REL_PUBLISH = $(call rel_typed,PUBLISH)
$(RELEASE_TARGETS): export REL_ASSETS = $(call rel_typed,ASSETS)
$(RELEASE_TARGETS): export REL_LOCAL_CI = $(call rel_typed,LOCAL_CI)
$(RELEASE_TARGETS): export REL_SKIP_LOCAL_CI = $(call rel_typed,SKIP_LOCAL_CI)
$(RELEASE_TARGETS): export REL_CI_WAIT = $(call rel_typed,CI_WAIT)
$(RELEASE_TARGETS): export REL_DEPLOY_FLAGS = $(call rel_typed,DEPLOY_FLAGS)
$(RELEASE_TARGETS): export REL_ROLLBACK_FLAGS = $(call rel_typed,ROLLBACK_FLAGS)
$(RELEASE_TARGETS): export REL_SMOKE_CHECKS = $(call rel_typed,SMOKE_CHECKS)
$(RELEASE_TARGETS): export REL_SMOKE_FLAGS = $(call rel_typed,SMOKE_FLAGS)
$(RELEASE_TARGETS): export REL_SMOKE_REPORT = $(call rel_typed,SMOKE_REPORT)
$(RELEASE_TARGETS): export REL_SHIP_FROM = $(call rel_typed,SHIP_FROM)
deploy-staging test-staging rollback-staging: export REL_ENV = staging
deploy-production test-production-smoke rollback-production: \
	export REL_ENV = production
deploy-status: export REL_ENV = $(call rel_typed,ENV)
# make ship runs each step as a make of its own, of the same makefile,
# and names the variables of its command line in its resume line.
ship: export REL_MAKEFILE = $(abspath $(firstword $(MAKEFILE_LIST)))
ship: export REL_SHIP_VARS = $(foreach v,$(sort $(.VARIABLES)),$(if \
	$(filter command line,$(origin $v)),$(filter-out SHIP_FROM,$v)))

# Shell fragments shared by the recipes ($@ is the target's name).
REL_NEED_VERSION = [ -n "$$REL_VERSION" ] || { \
	echo "$@: say which version: make $@ VERSION=X.Y.Z" \
		"(or VERSION=auto)" >&2; exit 2; }
# VERSION=auto: the version rel-gitlog --next gives (its line on stderr
# says how it was reached); it exits 1 when no commit calls for one.
REL_AUTO_VERSION = if [ "$$REL_VERSION" = auto ]; then \
	REL_VERSION=$$("$$REL_BIN/rel-gitlog" --next \
		--tag-prefix "$$REL_TAG_PREFIX" \
		$${REL_PACKAGE_DIR:+--path "$$REL_PACKAGE_DIR"}) || exit $$?; \
	fi
# REL_CHECK_FLAGS is split into words on purpose (set -f: no globbing).
# REL_VERSION becomes the version as rel-check read it ("v1.2.0" is
# 1.2.0): the tools decide what a version is, the recipes do not.
REL_CHECK = checked=$$("$$REL_BIN/rel-check" -r "$$REL_VERSION" \
	--remote "$$REL_REMOTE" --branch "$$REL_BRANCH" \
	--changelog "$$REL_CHANGELOG" --tag-prefix "$$REL_TAG_PREFIX" \
	$${REL_PACKAGE_DIR:+--path "$$REL_PACKAGE_DIR"} \
	$$REL_CHECK_FLAGS); \
	REL_VERSION=$$(printf '%s\n' "$$checked" | \
		sed -n 's/.*"version": *"\([0-9A-Za-z.+-]*\)".*/\1/p')
# rel-gitlog's document goes through a file, not a pipe: a failing
# rel-gitlog must stop the release (sh has no pipefail).
REL_GITLOG = log=$$(mktemp) && trap 'rm -f "$$log" "$$log.new"' EXIT && \
	"$$REL_BIN/rel-gitlog" --tag-prefix "$$REL_TAG_PREFIX" \
	$${REL_PACKAGE_DIR:+--path "$$REL_PACKAGE_DIR"} >"$$log"

# With PUBLISH, rel-tag's arguments end with --publish and an --asset for
# each word of ASSETS (set -f: no globbing), in "$$@".
REL_TAG = set --; case "$$REL_PUBLISH" in ""|0|no) ;; *) set -- --publish; \
	for a in $$REL_ASSETS; do set -- "$$@" --asset "$$a"; done ;; esac; \
	"$$REL_BIN/rel-tag" -r "$$REL_VERSION" --file "$$REL_CHANGELOG" \
	--remote "$$REL_REMOTE" --tag-prefix "$$REL_TAG_PREFIX" --push "$$@"
# REL_CONFIRM: ask "$$question [y/N]" on the terminal unless YES; stop
# with status 1 and "$@: not confirmed" otherwise.
REL_CONFIRM = case "$$REL_YES" in \
	""|0|no) \
		if [ -t 0 ] && { : </dev/tty; } 2>/dev/null; then \
			printf '%s [y/N] ' "$$question" >/dev/tty; \
			answer=; read -r answer </dev/tty || answer=; \
		else \
			echo "$@: no terminal to confirm on: run with YES=1" >&2; \
			answer=; \
		fi; \
		case "$$answer" in \
		y|Y|yes|YES|Yes) ;; \
		*) echo "$@: not confirmed: nothing was changed" >&2; \
			exit 1 ;; \
		esac ;; \
	esac

# REL_LOCAL_CHECKS: the project's own checks (LOCAL_CI, a command for
# sh), unless SKIP_LOCAL_CI=1; a failure stops the recipe.
REL_LOCAL_CHECKS = case "$$REL_SKIP_LOCAL_CI" in \
	1|yes) [ -z "$$REL_LOCAL_CI" ] || \
		echo "$@: SKIP_LOCAL_CI=1: not running $$REL_LOCAL_CI" >&2 ;; \
	*) [ -z "$$REL_LOCAL_CI" ] || { \
		echo "$@: local checks: $$REL_LOCAL_CI" >&2; \
		sh -c "$$REL_LOCAL_CI" || { status=$$?; \
			echo "$@: the local checks failed (exit $$status):" \
				"nothing was changed (SKIP_LOCAL_CI=1 skips" \
				"them)" >&2; \
			exit 1; }; } ;; \
	esac

release-check:
	@set -euf; $(REL_NEED_VERSION); $(REL_AUTO_VERSION); $(REL_CHECK)

# The new changelog is shown as a diff (after LOCAL_CI passed) and
# written only once confirmed, with the date fixed before the question,
# so a refusal changes nothing.
release:
	@set -euf; $(REL_NEED_VERSION); how=; \
	[ "$$REL_VERSION" != auto ] || how=' (VERSION=auto)'; \
	$(REL_AUTO_VERSION); $(REL_CHECK); $(REL_LOCAL_CHECKS); \
	$(REL_GITLOG); \
	today=$$(date -u +%Y-%m-%d); \
	"$$REL_BIN/rel-changelog" release -r "$$REL_VERSION" --date "$$today" \
		--tag-prefix "$$REL_TAG_PREFIX" --gitlog "$$log" \
		"$$REL_CHANGELOG" >"$$log.new"; \
	diff -u -L "a/$$REL_CHANGELOG" -L "b/$$REL_CHANGELOG" \
		"$$REL_CHANGELOG" "$$log.new" || [ $$? -eq 1 ]; \
	pub=; case "$$REL_PUBLISH" in ""|0|no) ;; \
	*) pub=', then publish the GitHub release' ;; esac; \
	question=$$(printf 'release: commit, tag %s%s%s and push to %s%s?' \
		"$$REL_TAG_PREFIX" "$$REL_VERSION" "$$how" "$$REL_REMOTE" \
		"$$pub"); \
	$(REL_CONFIRM); \
	"$$REL_BIN/rel-changelog" release -r "$$REL_VERSION" --date "$$today" \
		--tag-prefix "$$REL_TAG_PREFIX" --gitlog "$$log" -i \
		"$$REL_CHANGELOG" >/dev/null; \
	$(REL_TAG) >/dev/null || { status=$$?; \
		echo "release: stopped after $$REL_CHANGELOG was released:" \
			"once the cause is fixed, finish with" \
			"make release-finish VERSION=$$REL_VERSION" \
			"(and this run's other variables)" >&2; \
		exit $$status; }

# rel-tag finds what is done and does the rest; rel-check would refuse
# now that the changelog is released (and maybe the tag made).
release-finish:
	@set -euf; $(REL_NEED_VERSION); [ "$$REL_VERSION" != auto ] || { \
		echo "$@: VERSION=auto starts a release: give the version" \
			"the release stopped at" >&2; exit 2; }; \
	$(REL_TAG) >/dev/null

# rel-tag's own plan would be made before the changelog is released,
# without the release commit and its push: the plan is told here, after
# rel-check passed (a clean tree, in sync, no tag yet), and rel-tag
# --dry-run only refuses what it would refuse, the notes read from the
# changelog as it would be.
release-dry-run:
	@set -euf; $(REL_NEED_VERSION); $(REL_AUTO_VERSION); $(REL_CHECK); \
	$(REL_GITLOG); \
	"$$REL_BIN/rel-changelog" release -r "$$REL_VERSION" \
		--tag-prefix "$$REL_TAG_PREFIX" --gitlog "$$log" \
		"$$REL_CHANGELOG" >"$$log.new"; \
	$(REL_TAG) --dry-run -q --notes "$$log.new" >/dev/null; \
	tag=$$REL_TAG_PREFIX$$REL_VERSION; \
	echo "release-dry-run: the new entry of $$REL_CHANGELOG:"; \
	"$$REL_BIN/rel-changelog" notes -r "$$REL_VERSION" "$$log.new"; \
	echo "release-dry-run: then:"; \
	echo "  commit $$REL_CHANGELOG as 'release: $$tag'"; \
	echo "  create the annotated tag '$$tag' with the release notes"; \
	echo "  push 'refs/heads/$$REL_BRANCH' and 'refs/tags/$$tag'" \
		"to '$$REL_REMOTE'"; \
	case "$$REL_PUBLISH" in ""|0|no) ;; *) \
	echo "  publish the GitHub release of '$$tag'" \
		"$${REL_ASSETS:+with $$REL_ASSETS and SHA256SUMS}" ;; esac

# The tag must be on the release commit rel-tag made; the branch and
# that commit stay.
release-retract:
	@set -euf; $(REL_NEED_VERSION); [ "$$REL_VERSION" != auto ] || { \
		echo "$@: VERSION=auto starts a release: give the version" \
			"to take back" >&2; exit 2; }; \
	"$$REL_BIN/rel-tag" -r "$$REL_VERSION" --remote "$$REL_REMOTE" \
		--tag-prefix "$$REL_TAG_PREFIX" --retract --dry-run -q >/dev/null; \
	question=$$(printf 'release-retract: delete the GitHub release of %s%s, then the tag on %s and here?' \
		"$$REL_TAG_PREFIX" "$$REL_VERSION" "$$REL_REMOTE"); \
	$(REL_CONFIRM); \
	"$$REL_BIN/rel-tag" -r "$$REL_VERSION" --remote "$$REL_REMOTE" \
		--tag-prefix "$$REL_TAG_PREFIX" --retract >/dev/null

# The deploy half. REL_DEPLOY_TAG: the release tag of VERSION, given
# with or without the prefix.
REL_DEPLOY_TAG = tag=$${REL_VERSION\#"$$REL_TAG_PREFIX"}; \
	tag=$$REL_TAG_PREFIX$$tag
# REL_DEPLOY_FLAGS is split into words on purpose, as REL_CHECK_FLAGS.
REL_DEPLOY_SLOT = "$$REL_BIN/deploy-slot" -e "$$REL_ENV" $$REL_DEPLOY_FLAGS

# CI on the commit of the release tag, waited for (the forge's release
# workflow runs on the tag); skipped with --no-ci in RELEASE_CHECK_FLAGS.
release-wait-ci:
	@set -euf; $(REL_NEED_VERSION); \
	case " $$REL_CHECK_FLAGS " in *" --no-ci "*) \
		echo "$@: --no-ci in RELEASE_CHECK_FLAGS: not waiting for CI" >&2; \
		exit 0 ;; \
	esac; \
	"$$REL_BIN/rel-check" -r "$$REL_VERSION" --remote "$$REL_REMOTE" \
		--tag-prefix "$$REL_TAG_PREFIX" --ci-only \
		--ci-wait "$$REL_CI_WAIT" >/dev/null

deploy-staging:
	@set -euf; $(REL_NEED_VERSION); $(REL_DEPLOY_TAG); \
	$(REL_DEPLOY_SLOT) deploy "$$tag" >/dev/null

deploy-production:
	@set -euf; $(REL_NEED_VERSION); $(REL_DEPLOY_TAG); \
	question="$@: deploy $$tag to $$REL_ENV?"; $(REL_CONFIRM); \
	$(REL_DEPLOY_SLOT) deploy "$$tag" >/dev/null

# REL_ROLLBACK_FLAGS is split into words too.
rollback-staging rollback-production:
	@set -euf; \
	question="$@: roll $$REL_ENV back to the version before?"; \
	$(REL_CONFIRM); \
	$(REL_DEPLOY_SLOT) rollback $$REL_ROLLBACK_FLAGS >/dev/null

deploy-status:
	@set -euf; [ -n "$$REL_ENV" ] || { \
		echo "$@: say which environment: make $@ ENV=staging" >&2; \
		exit 2; }; \
	$(REL_DEPLOY_SLOT) status --pretty

# What to smoke-test, from deploy-slot status: HOST, URL and VERSION
# lines, their fields apart by the byte 0x1f (HOST empty for one host;
# a tab, white space to read, would merge an empty field away), or
# "disagree" when the hosts do.
REL_SMOKE_TARGETS = def served: .active as $$a | if $$a then \
	.slots[$$a].version // "" else "" end; \
	if has("hosts") then (if .agree then .hosts[] | [.host, \
	.status.public_url // "", (.status | served)] | join("\u001f") \
	else "disagree" end) else ["", .public_url // "", served] | join("\u001f") end

# The smoke checks, against the environment's PUBLIC_URL, $$VERSION the
# version it serves (both from deploy-slot status); production's must
# not write (--read-only). Across hosts (HOSTS), against each host's
# PUBLIC_URL, once the hosts agree on the version; SMOKE_REPORT is then
# one file per host, SMOKE_REPORT.HOST.
test-staging test-production-smoke:
	@set -euf; \
	command -v jq >/dev/null || { \
		echo "$@: jq is needed to read deploy-slot status" >&2; exit 3; }; \
	[ -f "$$REL_SMOKE_CHECKS" ] || { \
		echo "$@: no checks file '$$REL_SMOKE_CHECKS' (SMOKE_CHECKS)" >&2; \
		exit 2; }; \
	state=$$($(REL_DEPLOY_SLOT) -q status) || { status=$$?; \
		echo "$@: deploy-slot cannot tell what $$REL_ENV serves" >&2; \
		exit $$status; }; \
	targets=$$(printf '%s\n' "$$state" | jq -r '$(REL_SMOKE_TARGETS)'); \
	case $$targets in disagree*) \
		echo "$@: the hosts of $$REL_ENV serve different versions (make deploy-status ENV=$$REL_ENV)" >&2; \
		exit 1;; esac; \
	ro=; [ "$@" = test-staging ] || ro=--read-only; \
	us=$$(printf '\037'); \
	printf '%s\n' "$$targets" | { failed=0; \
	while IFS=$$us read -r host url version; do \
		[ -n "$$version" ] || { \
			echo "$@: nothing is deployed on $$REL_ENV$${host:+ ($$host)}" >&2; \
			exit 1; }; \
		report=$${REL_SMOKE_REPORT:-/dev/null}; \
		[ -z "$$host" ] || [ -z "$$REL_SMOKE_REPORT" ] || \
			report=$$REL_SMOKE_REPORT.$$host; \
		echo "$@: $$REL_SMOKE_CHECKS against $$url$${host:+ ($$host)}, serving $$version" >&2; \
		"$$REL_BIN/health-probe" --checks "$$REL_SMOKE_CHECKS" \
			--base-url "$$url" --var "VERSION=$$version" \
			--var "ENV=$$REL_ENV" $$ro $$REL_SMOKE_FLAGS \
			>"$$report" || { s=$$?; [ "$$failed" -ne 0 ] || failed=$$s; }; \
	done; exit $$failed; }

# The whole pipeline, each step a make of its own; the first failure
# stops it with the command that resumes at that step.
REL_SHIP_STEPS = release release-wait-ci deploy-staging test-staging \
	deploy-production test-production-smoke
# rel_shq WORD: WORD quoted for sh when it needs it.
REL_SHQ = rel_shq() { case $$1 in \
	*[!A-Za-z0-9_./:=@%+,-]*|"") \
		printf "'%s'" "$$(printf '%s' "$$1" | sed "s/'/'\\\\''/g")" ;; \
	*) printf '%s' "$$1" ;; \
	esac; }
# VERSION=auto is resolved once, at the start: every step, and the
# resume line, get the version it gave.
ship:
	@set -euf; $(REL_NEED_VERSION); $(REL_SHQ); $(REL_AUTO_VERSION); \
	steps="$(REL_SHIP_STEPS)"; from=$${REL_SHIP_FROM:-release}; \
	case " $$steps " in *" $$from "*) ;; *) \
		echo "$@: SHIP_FROM is one of: $$steps" >&2; exit 2 ;; \
	esac; \
	resume=; \
	for name in $$REL_SHIP_VARS; do \
		case $$name in *[!A-Za-z0-9_]*|[0-9]*) continue ;; esac; \
		eval "value=\$${$$name-}"; \
		[ "$$name" != VERSION ] || value=$$REL_VERSION; \
		resume="$$resume $$name=$$(rel_shq "$$value")"; \
	done; \
	$(REL_DEPLOY_TAG); started=; \
	for step in $$steps; do \
		[ -n "$$started" ] || [ "$$step" = "$$from" ] || continue; \
		started=1; \
		echo "$@: $$step" >&2; \
		$(MAKE) -f "$$REL_MAKEFILE" --no-print-directory "$$step" \
			VERSION="$$REL_VERSION" || { \
			echo "$@: step '$$step' failed; once the cause is fixed," \
				"resume with: make ship$$resume SHIP_FROM=$$step" >&2; \
			exit 1; }; \
	done; \
	echo "$@: $$tag released, deployed and smoke-tested on staging and production" >&2

.PHONY: $(RELEASE_TARGETS)
.DEFAULT_GOAL := $(RELTOOLS_SAVED_GOAL)
